CALL () {
  MATCH (c:Claim) WITH c WHERE c.type IN $types
  AND c.sourceKind = $sourceKind AND true
  WITH c ORDER BY c.documentId ASC, c.position ASC, c.id ASC LIMIT $limit
  RETURN collect([c { .id, .key, .documentId, .type, .proposition, .sourceKind,
    position: coalesce(c.position, 0) }, COLLECT { MATCH (attribution_2:Attribution)-[:ATTRIBUTES]->(c)
          RETURN [attribution_2 { .id, .ordinal, .mode, .cue, .certainty, .polarity, claimId: c.id,
    speaker: head([(attribution_2)-[:SPEAKER]->(speaker_3) | { kind: CASE WHEN speaker_3:Comment THEN 'comment' ELSE 'entity' END, id: speaker_3.id }]),
    reporter: head([(attribution_2)-[:REPORTER]->(reporter_4) | { kind: CASE WHEN reporter_4:Comment THEN 'comment' ELSE 'entity' END, id: reporter_4.id }]),
    via: COLLECT { MATCH (attribution_2)-[viaEdge_6:VIA]->(via_5)
      RETURN { kind: CASE WHEN via_5:Comment THEN 'comment' ELSE 'entity' END, id: via_5.id } AS source_12 ORDER BY viaEdge_6.ordinal },
    cueSpanId: head([(attribution_2)-[:CUED_BY]->(cue_7) | cue_7.id]),
    hedgeSpanIds: COLLECT { MATCH (attribution_2)-[hedgeEdge_9:HEDGED_BY]->(hedge_8)
      RETURN hedge_8.id AS id_13 ORDER BY hedgeEdge_9.ordinal },
    evidenceSpanIds: COLLECT { MATCH (attribution_2)-[evidenceEdge_11:EVIDENCED_BY]->(evidence_10)
      RETURN evidence_10.id AS id_14 ORDER BY evidenceEdge_11.ordinal } }] AS attribution ORDER BY attribution_2.ordinal }, COLLECT { MATCH (attribution_15:Attribution)-[:ATTRIBUTES]->(c), (attribution_15)-[:SPEAKER]->(source_16)
          RETURN DISTINCT CASE WHEN source_16:Comment THEN ['comment', [source_16 { .id, .documentId, .number,
    textSpanId: head([(source_16)-[:TEXT_AT]->(text_17) | text_17.id]),
    labelSpanId: head([(source_16)-[:LABELLED_AT]->(label_18) | label_18.id]) }]]
      ELSE ['entity', [source_16 { .id, .type, .name, .named, .scope, .aliases, .description,
    mentionCount: coalesce(source_16.mentionCount, 0), documentIds: coalesce(source_16.documentIds, []) }]] END AS source }, COLLECT { MATCH (c)-[stance_19:SUPPORTS|DISPUTES|DENIES|QUALIFIES]-(:Claim)
          RETURN [{ id: stance_19.id, type: stance_19.type, basis: stance_19.basis, fromId: startNode(stance_19).id,
    toId: endNode(stance_19).id, evidenceSpanIds: coalesce(stance_19.evidenceSpanIds, []) }, [claim_20 IN [startNode(stance_19), endNode(stance_19)] | [claim_20 { .id, .key, .documentId, .type, .proposition, .sourceKind,
    position: coalesce(claim_20.position, 0) }, COLLECT { MATCH (attribution_21:Attribution)-[:ATTRIBUTES]->(claim_20)
          RETURN [attribution_21 { .id, .ordinal, .mode, .cue, .certainty, .polarity, claimId: claim_20.id,
    speaker: head([(attribution_21)-[:SPEAKER]->(speaker_22) | { kind: CASE WHEN speaker_22:Comment THEN 'comment' ELSE 'entity' END, id: speaker_22.id }]),
    reporter: head([(attribution_21)-[:REPORTER]->(reporter_23) | { kind: CASE WHEN reporter_23:Comment THEN 'comment' ELSE 'entity' END, id: reporter_23.id }]),
    via: COLLECT { MATCH (attribution_21)-[viaEdge_25:VIA]->(via_24)
      RETURN { kind: CASE WHEN via_24:Comment THEN 'comment' ELSE 'entity' END, id: via_24.id } AS source_31 ORDER BY viaEdge_25.ordinal },
    cueSpanId: head([(attribution_21)-[:CUED_BY]->(cue_26) | cue_26.id]),
    hedgeSpanIds: COLLECT { MATCH (attribution_21)-[hedgeEdge_28:HEDGED_BY]->(hedge_27)
      RETURN hedge_27.id AS id_32 ORDER BY hedgeEdge_28.ordinal },
    evidenceSpanIds: COLLECT { MATCH (attribution_21)-[evidenceEdge_30:EVIDENCED_BY]->(evidence_29)
      RETURN evidence_29.id AS id_33 ORDER BY evidenceEdge_30.ordinal } }] AS attribution ORDER BY attribution_21.ordinal }, COLLECT { MATCH (attribution_34:Attribution)-[:ATTRIBUTES]->(claim_20), (attribution_34)-[:SPEAKER]->(source_35)
          RETURN DISTINCT CASE WHEN source_35:Comment THEN ['comment', [source_35 { .id, .documentId, .number,
    textSpanId: head([(source_35)-[:TEXT_AT]->(text_36) | text_36.id]),
    labelSpanId: head([(source_35)-[:LABELLED_AT]->(label_37) | label_37.id]) }]]
      ELSE ['entity', [source_35 { .id, .type, .name, .named, .scope, .aliases, .description,
    mentionCount: coalesce(source_35.mentionCount, 0), documentIds: coalesce(source_35.documentIds, []) }]] END AS source }]], COLLECT { UNWIND coalesce(stance_19.evidenceSpanIds, []) AS edge_39
          MATCH (span_38:Span {id: edge_39}) RETURN span_38 { .id, .documentId, .start, .end, .exact, .prefix, .suffix, .line, .regionKind, .regionId } AS span }] AS stance ORDER BY stance_19.id }]) AS rows
}
RETURN COUNT { MATCH (c:Claim) WITH c WHERE c.type IN $types
  AND c.sourceKind = $sourceKind RETURN c } AS total, rows