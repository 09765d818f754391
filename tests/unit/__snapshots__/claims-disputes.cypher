CALL () {
  MATCH (c:Claim) WITH c WHERE ($types IS NULL OR c.type IN $types)
  AND ($sourceKind IS NULL OR c.sourceKind = $sourceKind)
  AND ($documentId IS NULL OR c.documentId = $documentId)
  AND ($aboutId IS NULL OR EXISTS { (c)-[:ABOUT]->(:Entity {id: $aboutId}) })
  AND ($modes IS NULL AND $certainties IS NULL AND $polarities IS NULL AND $speakerId IS NULL
       OR EXISTS {
         MATCH (a:Attribution)-[:ATTRIBUTES]->(c)
         WHERE ($modes IS NULL OR a.mode IN $modes)
           AND ($certainties IS NULL OR a.certainty IN $certainties)
           AND ($polarities IS NULL OR a.polarity IN $polarities)
           AND ($speakerId IS NULL OR EXISTS { (a)-[:SPEAKER]->(sp) WHERE sp.id = $speakerId })
       }) AND ($cursor IS NULL OR ((c.documentId > $cursor[0]) OR (c.documentId = $cursor[0] AND c.position > $cursor[1]) OR (c.documentId = $cursor[0] AND c.position = $cursor[1] AND c.id > $cursor[2])))
  WITH c ORDER BY c.documentId ASC, c.position ASC, c.id ASC LIMIT $limit
  RETURN collect({ row: c { .id, .key, .documentId, .type, .proposition, .sourceKind,
    position: coalesce(c.position, 0) }, links: [COLLECT { MATCH (attribution_0:Attribution)-[:ATTRIBUTES]->(c)
          RETURN { row: attribution_0 { .id, .ordinal, .mode, .cue, .certainty, .polarity, claimId: c.id,
    speaker: head([(attribution_0)-[:SPEAKER]->(speaker_1) | { kind: CASE WHEN speaker_1:Comment THEN 'comment' ELSE 'entity' END, id: speaker_1.id }]),
    reporter: head([(attribution_0)-[:REPORTER]->(reporter_2) | { kind: CASE WHEN reporter_2:Comment THEN 'comment' ELSE 'entity' END, id: reporter_2.id }]),
    via: COLLECT { MATCH (attribution_0)-[viaEdge_4:VIA]->(via_3)
      RETURN { kind: CASE WHEN via_3:Comment THEN 'comment' ELSE 'entity' END, id: via_3.id } AS source_10 ORDER BY viaEdge_4.ordinal },
    cueSpanId: head([(attribution_0)-[:CUED_BY]->(cue_5) | cue_5.id]),
    hedgeSpanIds: COLLECT { MATCH (attribution_0)-[hedgeEdge_7:HEDGED_BY]->(hedge_6)
      RETURN hedge_6.id AS id_11 ORDER BY hedgeEdge_7.ordinal },
    evidenceSpanIds: COLLECT { MATCH (attribution_0)-[evidenceEdge_9:EVIDENCED_BY]->(evidence_8)
      RETURN evidence_8.id AS id_12 ORDER BY evidenceEdge_9.ordinal } }, links: [] } AS attribution ORDER BY attribution_0.ordinal }, COLLECT { MATCH (attribution_13:Attribution)-[:ATTRIBUTES]->(c), (attribution_13)-[:SPEAKER]->(source_14)
          RETURN DISTINCT CASE WHEN source_14:Comment THEN { comment: { row: source_14 { .id, .documentId, .number,
    textSpanId: head([(source_14)-[:TEXT_AT]->(text_15) | text_15.id]),
    labelSpanId: head([(source_14)-[:LABELLED_AT]->(label_16) | label_16.id]) }, links: [] } }
      ELSE { entity: { row: source_14 { .id, .type, .name, .named, .scope, .aliases, .description,
    mentionCount: coalesce(source_14.mentionCount, 0), documentIds: coalesce(source_14.documentIds, []) }, links: [] } } END AS source }, COLLECT { MATCH (c)-[stance_17:SUPPORTS|DISPUTES|DENIES|QUALIFIES]-(:Claim)
          RETURN { row: { id: stance_17.id, type: stance_17.type, basis: stance_17.basis, fromId: startNode(stance_17).id,
    toId: endNode(stance_17).id, evidenceSpanIds: coalesce(stance_17.evidenceSpanIds, []) }, links: [[claim_18 IN [startNode(stance_17), endNode(stance_17)] | { row: claim_18 { .id, .key, .documentId, .type, .proposition, .sourceKind,
    position: coalesce(claim_18.position, 0) }, links: [COLLECT { MATCH (attribution_19:Attribution)-[:ATTRIBUTES]->(claim_18)
          RETURN { row: attribution_19 { .id, .ordinal, .mode, .cue, .certainty, .polarity, claimId: claim_18.id,
    speaker: head([(attribution_19)-[:SPEAKER]->(speaker_20) | { kind: CASE WHEN speaker_20:Comment THEN 'comment' ELSE 'entity' END, id: speaker_20.id }]),
    reporter: head([(attribution_19)-[:REPORTER]->(reporter_21) | { kind: CASE WHEN reporter_21:Comment THEN 'comment' ELSE 'entity' END, id: reporter_21.id }]),
    via: COLLECT { MATCH (attribution_19)-[viaEdge_23:VIA]->(via_22)
      RETURN { kind: CASE WHEN via_22:Comment THEN 'comment' ELSE 'entity' END, id: via_22.id } AS source_29 ORDER BY viaEdge_23.ordinal },
    cueSpanId: head([(attribution_19)-[:CUED_BY]->(cue_24) | cue_24.id]),
    hedgeSpanIds: COLLECT { MATCH (attribution_19)-[hedgeEdge_26:HEDGED_BY]->(hedge_25)
      RETURN hedge_25.id AS id_30 ORDER BY hedgeEdge_26.ordinal },
    evidenceSpanIds: COLLECT { MATCH (attribution_19)-[evidenceEdge_28:EVIDENCED_BY]->(evidence_27)
      RETURN evidence_27.id AS id_31 ORDER BY evidenceEdge_28.ordinal } }, links: [] } AS attribution ORDER BY attribution_19.ordinal }, COLLECT { MATCH (attribution_32:Attribution)-[:ATTRIBUTES]->(claim_18), (attribution_32)-[:SPEAKER]->(source_33)
          RETURN DISTINCT CASE WHEN source_33:Comment THEN { comment: { row: source_33 { .id, .documentId, .number,
    textSpanId: head([(source_33)-[:TEXT_AT]->(text_34) | text_34.id]),
    labelSpanId: head([(source_33)-[:LABELLED_AT]->(label_35) | label_35.id]) }, links: [] } }
      ELSE { entity: { row: source_33 { .id, .type, .name, .named, .scope, .aliases, .description,
    mentionCount: coalesce(source_33.mentionCount, 0), documentIds: coalesce(source_33.documentIds, []) }, links: [] } } END AS source }] }], COLLECT { UNWIND coalesce(stance_17.evidenceSpanIds, []) AS edge_37
          MATCH (span_36:Span {id: edge_37}) RETURN span_36 { .id, .documentId, .start, .end, .exact, .prefix, .suffix, .line, .regionKind, .regionId } AS span }] } AS stance ORDER BY stance_17.id }] }) AS rows
}
RETURN COUNT { MATCH (c:Claim) WITH c WHERE ($types IS NULL OR c.type IN $types)
  AND ($sourceKind IS NULL OR c.sourceKind = $sourceKind)
  AND ($documentId IS NULL OR c.documentId = $documentId)
  AND ($aboutId IS NULL OR EXISTS { (c)-[:ABOUT]->(:Entity {id: $aboutId}) })
  AND ($modes IS NULL AND $certainties IS NULL AND $polarities IS NULL AND $speakerId IS NULL
       OR EXISTS {
         MATCH (a:Attribution)-[:ATTRIBUTES]->(c)
         WHERE ($modes IS NULL OR a.mode IN $modes)
           AND ($certainties IS NULL OR a.certainty IN $certainties)
           AND ($polarities IS NULL OR a.polarity IN $polarities)
           AND ($speakerId IS NULL OR EXISTS { (a)-[:SPEAKER]->(sp) WHERE sp.id = $speakerId })
       }) RETURN c } AS total, rows