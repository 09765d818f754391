MATCH (:EntityName {key: $key})<-[:NAMED]-(e:Entity)
WITH e ORDER BY e.mentionCount DESC, e.id LIMIT 1
RETURN [e { .id, .type, .name, .named, .scope, .aliases, .description,
    mentionCount: coalesce(e.mentionCount, 0), documentIds: coalesce(e.documentIds, []) }, COLLECT {
          CALL (e) {
            MATCH (e)-[:HOLDS_ROLE]->(role_0:Role) RETURN role_0
            UNION
            MATCH (role_0:Role)-[:AT]->(e) RETURN role_0
          }
          RETURN [role_0 { .id, .title, .time,
    holderId: head([(holder_4:Entity)-[:HOLDS_ROLE]->(role_0) | holder_4.id]),
    organizationId: head([(role_0)-[:AT]->(org_5) | org_5.id]),
    evidenceSpanIds: COLLECT { MATCH (role_0)-[ev_6:EVIDENCED_BY]->(span_7)
      RETURN span_7.id AS id_8 ORDER BY ev_6.ordinal } }, head(COLLECT { MATCH (role_0)-[:AT]->(org_1:Entity)
          RETURN [org_1 { .id, .type, .name, .named, .scope, .aliases, .description,
    mentionCount: coalesce(org_1.mentionCount, 0), documentIds: coalesce(org_1.documentIds, []) }] AS org }), COLLECT { MATCH (role_0)-[edge_3:EVIDENCED_BY]->(span_2:Span)
          RETURN span_2 { .id, .documentId, .start, .end, .exact, .prefix, .suffix, .line, .regionKind, .regionId } AS span ORDER BY edge_3.ordinal }] AS role ORDER BY role_0.id }, { total: COUNT { MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(claim_9:Claim) WITH DISTINCT claim_9 WITH claim_9 WHERE EXISTS { MATCH (a_11:Attribution)-[:ATTRIBUTES]->(claim_9) WHERE a_11.mode IN $claims_10_modes } RETURN claim_9 }, rows: COLLECT {
      MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(claim_9:Claim) WITH DISTINCT claim_9 WITH claim_9 WHERE EXISTS { MATCH (a_11:Attribution)-[:ATTRIBUTES]->(claim_9) WHERE a_11.mode IN $claims_10_modes } AND true
      WITH claim_9 ORDER BY claim_9.documentId ASC, claim_9.position ASC, claim_9.id ASC LIMIT $limit_14
      RETURN [claim_9 { .id, .key, .documentId, .type, .proposition, .sourceKind,
    position: coalesce(claim_9.position, 0) }, COLLECT { MATCH (attribution_15:Attribution)-[:ATTRIBUTES]->(claim_9)
          RETURN [attribution_15 { .id, .ordinal, .mode, .cue, .certainty, .polarity, claimId: claim_9.id,
    speaker: head([(attribution_15)-[:SPEAKER]->(speaker_21) | { kind: CASE WHEN speaker_21:Comment THEN 'comment' ELSE 'entity' END, id: speaker_21.id }]),
    reporter: head([(attribution_15)-[:REPORTER]->(reporter_22) | { kind: CASE WHEN reporter_22:Comment THEN 'comment' ELSE 'entity' END, id: reporter_22.id }]),
    via: COLLECT { MATCH (attribution_15)-[viaEdge_24:VIA]->(via_23)
      RETURN { kind: CASE WHEN via_23:Comment THEN 'comment' ELSE 'entity' END, id: via_23.id } AS source_30 ORDER BY viaEdge_24.ordinal },
    cueSpanId: head([(attribution_15)-[:CUED_BY]->(cue_25) | cue_25.id]),
    hedgeSpanIds: COLLECT { MATCH (attribution_15)-[hedgeEdge_27:HEDGED_BY]->(hedge_26)
      RETURN hedge_26.id AS id_31 ORDER BY hedgeEdge_27.ordinal },
    evidenceSpanIds: COLLECT { MATCH (attribution_15)-[evidenceEdge_29:EVIDENCED_BY]->(evidence_28)
      RETURN evidence_28.id AS id_32 ORDER BY evidenceEdge_29.ordinal } }, COLLECT { MATCH (attribution_15)-[:SPEAKER|REPORTER|VIA]->(source_16)
          RETURN DISTINCT CASE WHEN source_16:Comment THEN ['comment', [source_16 { .id, .documentId, .number,
    textSpanId: head([(source_16)-[:TEXT_AT]->(text_17) | text_17.id]),
    labelSpanId: head([(source_16)-[:LABELLED_AT]->(label_18) | label_18.id]) }]]
      ELSE ['entity', [source_16 { .id, .type, .name, .named, .scope, .aliases, .description,
    mentionCount: coalesce(source_16.mentionCount, 0), documentIds: coalesce(source_16.documentIds, []) }]] END AS source }, COLLECT { MATCH (attribution_15)-[:EVIDENCED_BY|HEDGED_BY|CUED_BY]->(span_19:Span)
          RETURN DISTINCT span_19 { .id, .documentId, .start, .end, .exact, .prefix, .suffix, .line, .regionKind, .regionId } AS span }] AS attribution ORDER BY attribution_15.ordinal }] AS claim } }] AS result