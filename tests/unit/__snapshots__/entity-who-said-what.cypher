MATCH (:EntityName {key: $key})<-[:NAMED]-(e:Entity)
WITH e ORDER BY e.mentionCount DESC, e.id LIMIT 1
RETURN [[e.id, e.type, e.name, e.named, e.scope, e.aliases, e.description, coalesce(e.mentionCount, 0)], COLLECT {
          CALL (e) {
            MATCH (e)-[:HOLDS_ROLE]->(role_0:Role) RETURN role_0
            UNION
            MATCH (role_0:Role)-[:AT]->(e) RETURN role_0
          }
          RETURN [[role_0.id, role_0.title, role_0.time, head([(holder_4:Entity)-[:HOLDS_ROLE]->(role_0) | holder_4.id]), head([(role_0)-[:AT]->(org_5) | org_5.id]), COLLECT { MATCH (role_0)-[ev_6:EVIDENCED_BY]->(span_7)
      RETURN span_7.id AS id_8 ORDER BY ev_6.ordinal }], head(COLLECT { MATCH (role_0)-[:AT]->(org_1:Entity)
          RETURN [[org_1.id, org_1.type, org_1.name, org_1.named, org_1.scope, org_1.aliases, org_1.description, coalesce(org_1.mentionCount, 0)]] AS org }), COLLECT { MATCH (role_0)-[edge_3:EVIDENCED_BY]->(span_2:Span)
          RETURN [span_2.id, span_2.documentId, span_2.start, span_2.end, span_2.exact, span_2.prefix, span_2.suffix, span_2.line, span_2.regionKind, span_2.regionId] AS span ORDER BY edge_3.ordinal }] AS role ORDER BY role_0.id }, [COUNT { MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(claim_9:Claim) WITH DISTINCT claim_9 WITH claim_9 WHERE EXISTS { MATCH (a_11:Attribution)-[:ATTRIBUTES]->(claim_9) WHERE a_11.mode IN $claims_10_modes } RETURN claim_9 }, COLLECT {
      MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(claim_9:Claim) WITH DISTINCT claim_9 WITH claim_9 WHERE EXISTS { MATCH (a_11:Attribution)-[:ATTRIBUTES]->(claim_9) WHERE a_11.mode IN $claims_10_modes } AND true
      WITH claim_9 ORDER BY claim_9.documentId ASC, claim_9.position ASC, claim_9.id ASC LIMIT $limit_14
      RETURN [[claim_9.id, claim_9.key, claim_9.documentId, claim_9.type, claim_9.proposition, claim_9.sourceKind, coalesce(claim_9.position, 0)], COLLECT { MATCH (attribution_15:Attribution)-[:ATTRIBUTES]->(claim_9)
          RETURN [[attribution_15.id, attribution_15.ordinal, attribution_15.mode, attribution_15.cue, attribution_15.certainty, attribution_15.polarity, claim_9.id, head([(attribution_15)-[:SPEAKER]->(speaker_21) | { kind: CASE WHEN speaker_21:Comment THEN 'comment' ELSE 'entity' END, id: speaker_21.id }]), head([(attribution_15)-[:REPORTER]->(reporter_22) | { kind: CASE WHEN reporter_22:Comment THEN 'comment' ELSE 'entity' END, id: reporter_22.id }]), COLLECT { MATCH (attribution_15)-[viaEdge_24:VIA]->(via_23)
      RETURN { kind: CASE WHEN via_23:Comment THEN 'comment' ELSE 'entity' END, id: via_23.id } AS source_30 ORDER BY viaEdge_24.ordinal }, head([(attribution_15)-[:CUED_BY]->(cue_25) | cue_25.id]), COLLECT { MATCH (attribution_15)-[hedgeEdge_27:HEDGED_BY]->(hedge_26)
      RETURN hedge_26.id AS id_31 ORDER BY hedgeEdge_27.ordinal }, COLLECT { MATCH (attribution_15)-[evidenceEdge_29:EVIDENCED_BY]->(evidence_28)
      RETURN evidence_28.id AS id_32 ORDER BY evidenceEdge_29.ordinal }], COLLECT { MATCH (attribution_15)-[:SPEAKER|REPORTER|VIA]->(source_16)
          RETURN DISTINCT CASE WHEN source_16:Comment THEN ['comment', [[source_16.id, source_16.documentId, source_16.number, head([(source_16)-[:TEXT_AT]->(text_17) | text_17.id]), head([(source_16)-[:LABELLED_AT]->(label_18) | label_18.id])]]]
      ELSE ['entity', [[source_16.id, source_16.type, source_16.name, source_16.named, source_16.scope, source_16.aliases, source_16.description, coalesce(source_16.mentionCount, 0)]]] END AS source }, COLLECT { MATCH (attribution_15)-[:EVIDENCED_BY|HEDGED_BY|CUED_BY]->(span_19:Span)
          RETURN DISTINCT [span_19.id, span_19.documentId, span_19.start, span_19.end, span_19.exact, span_19.prefix, span_19.suffix, span_19.line, span_19.regionKind, span_19.regionId] AS span }] AS attribution ORDER BY attribution_15.ordinal }] AS claim }]] AS result