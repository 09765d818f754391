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
      MATCH (attribution_15:Attribution)
      WHERE attribution_15.speakerId = e.id AND attribution_15.documentId IS NOT NULL
        AND attribution_15.claimPosition IS NOT NULL AND attribution_15.claimId IS NOT NULL AND true
      MATCH (attribution_15)-[:ATTRIBUTES]->(claim_9:Claim) WHERE EXISTS { MATCH (a_11:Attribution)-[:ATTRIBUTES]->(claim_9) WHERE a_11.mode IN $claims_10_modes }
      WITH DISTINCT claim_9, attribution_15.speakerId AS speaker_16, attribution_15.documentId AS document_17,
        attribution_15.claimPosition AS position_18, attribution_15.claimId AS claim_19
      ORDER BY speaker_16 ASC, document_17 ASC, position_18 ASC, claim_19 ASC LIMIT $limit_14
      RETURN [[claim_9.id, claim_9.key, claim_9.documentId, claim_9.type, claim_9.proposition, claim_9.sourceKind, coalesce(claim_9.position, 0)], COLLECT { MATCH (attribution_20:Attribution)-[:ATTRIBUTES]->(claim_9)
          RETURN [[attribution_20.id, attribution_20.ordinal, attribution_20.mode, attribution_20.cue, attribution_20.certainty, attribution_20.polarity, claim_9.id, head([(attribution_20)-[:SPEAKER]->(speaker_26) | { kind: CASE WHEN speaker_26:Comment THEN 'comment' ELSE 'entity' END, id: speaker_26.id }]), head([(attribution_20)-[:REPORTER]->(reporter_27) | { kind: CASE WHEN reporter_27:Comment THEN 'comment' ELSE 'entity' END, id: reporter_27.id }]), COLLECT { MATCH (attribution_20)-[viaEdge_29:VIA]->(via_28)
      RETURN { kind: CASE WHEN via_28:Comment THEN 'comment' ELSE 'entity' END, id: via_28.id } AS source_35 ORDER BY viaEdge_29.ordinal }, head([(attribution_20)-[:CUED_BY]->(cue_30) | cue_30.id]), COLLECT { MATCH (attribution_20)-[hedgeEdge_32:HEDGED_BY]->(hedge_31)
      RETURN hedge_31.id AS id_36 ORDER BY hedgeEdge_32.ordinal }, COLLECT { MATCH (attribution_20)-[evidenceEdge_34:EVIDENCED_BY]->(evidence_33)
      RETURN evidence_33.id AS id_37 ORDER BY evidenceEdge_34.ordinal }], COLLECT { MATCH (attribution_20)-[:SPEAKER|REPORTER|VIA]->(source_21)
          RETURN DISTINCT CASE WHEN source_21:Comment THEN ['comment', [[source_21.id, source_21.documentId, source_21.number, head([(source_21)-[:TEXT_AT]->(text_22) | text_22.id]), head([(source_21)-[:LABELLED_AT]->(label_23) | label_23.id])]]]
      ELSE ['entity', [[source_21.id, source_21.type, source_21.name, source_21.named, source_21.scope, source_21.aliases, source_21.description, coalesce(source_21.mentionCount, 0)]]] END AS source }, COLLECT { MATCH (attribution_20)-[:EVIDENCED_BY|HEDGED_BY|CUED_BY]->(span_24:Span)
          RETURN DISTINCT [span_24.id, span_24.documentId, span_24.start, span_24.end, span_24.exact, span_24.prefix, span_24.suffix, span_24.line, span_24.regionKind, span_24.regionId] AS span }] AS attribution ORDER BY attribution_20.ordinal }] AS claim }]] AS result