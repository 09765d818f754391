MATCH (:EntityName {key: $key})<-[:NAMED]-(e:Entity)
WITH e ORDER BY e.mentionCount DESC, e.id LIMIT 1
RETURN [[e.id, e.type, e.name, e.named, e.scope, e.aliases, e.description, coalesce(e.mentionCount, 0), coalesce(e.version, 1)], COLLECT {
          CALL (e) {
            MATCH (e)-[:HOLDS_ROLE]->(role_0:Role) RETURN role_0
            UNION
            MATCH (role_0:Role)-[:AT]->(e) RETURN role_0
          }
          WITH role_0 ORDER BY role_0.id LIMIT $first_1
          RETURN [[role_0.id, role_0.title, role_0.time, head([(holder_5:Entity)-[:HOLDS_ROLE]->(role_0) | holder_5.id]), head([(role_0)-[:AT]->(org_6) | org_6.id]), COLLECT { MATCH (role_0)-[ev_7:EVIDENCED_BY]->(span_8)
      RETURN span_8.id AS id_9 ORDER BY ev_7.ordinal }], head(COLLECT { MATCH (role_0)-[:AT]->(org_2:Entity)
          RETURN [[org_2.id, org_2.type, org_2.name, org_2.named, org_2.scope, org_2.aliases, org_2.description, coalesce(org_2.mentionCount, 0), coalesce(org_2.version, 1)]] AS org }), COLLECT { MATCH (role_0)-[edge_4:EVIDENCED_BY]->(span_3:Span)
          RETURN [span_3.id, span_3.documentId, span_3.start, span_3.end, span_3.exact, span_3.prefix, span_3.suffix, span_3.line, span_3.regionKind, span_3.regionId] AS span ORDER BY edge_4.ordinal }] AS role }, [COUNT { MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(claim_10:Claim) WITH DISTINCT claim_10 WITH claim_10 WHERE EXISTS { MATCH (a_12:Attribution)-[:ATTRIBUTES]->(claim_10) WHERE a_12.mode IN $claims_11_modes } RETURN claim_10 }, COLLECT {
      MATCH (attribution_16:Attribution)
      WHERE attribution_16.speakerId = e.id AND attribution_16.documentId IS NOT NULL
        AND attribution_16.claimPosition IS NOT NULL AND attribution_16.claimId IS NOT NULL AND true
      MATCH (attribution_16)-[:ATTRIBUTES]->(claim_10:Claim) WHERE EXISTS { MATCH (a_12:Attribution)-[:ATTRIBUTES]->(claim_10) WHERE a_12.mode IN $claims_11_modes }
      WITH DISTINCT claim_10, attribution_16.speakerId AS speaker_17, attribution_16.documentId AS document_18,
        attribution_16.claimPosition AS position_19, attribution_16.claimId AS claim_20
      ORDER BY speaker_17 ASC, document_18 ASC, position_19 ASC, claim_20 ASC LIMIT $limit_15
      RETURN [[claim_10.id, claim_10.key, claim_10.documentId, claim_10.type, claim_10.proposition, claim_10.sourceKind, coalesce(claim_10.position, 0)], COLLECT { MATCH (attribution_21:Attribution)-[:ATTRIBUTES]->(claim_10)
          RETURN [[attribution_21.id, attribution_21.ordinal, attribution_21.mode, attribution_21.cue, attribution_21.certainty, attribution_21.polarity, claim_10.id, head([(attribution_21)-[:SPEAKER]->(speaker_27) | { kind: CASE WHEN speaker_27:Comment THEN 'comment' ELSE 'entity' END, id: speaker_27.id }]), head([(attribution_21)-[:REPORTER]->(reporter_28) | { kind: CASE WHEN reporter_28:Comment THEN 'comment' ELSE 'entity' END, id: reporter_28.id }]), COLLECT { MATCH (attribution_21)-[viaEdge_30:VIA]->(via_29)
      RETURN { kind: CASE WHEN via_29:Comment THEN 'comment' ELSE 'entity' END, id: via_29.id } AS source_36 ORDER BY viaEdge_30.ordinal }, head([(attribution_21)-[:CUED_BY]->(cue_31) | cue_31.id]), COLLECT { MATCH (attribution_21)-[hedgeEdge_33:HEDGED_BY]->(hedge_32)
      RETURN hedge_32.id AS id_37 ORDER BY hedgeEdge_33.ordinal }, COLLECT { MATCH (attribution_21)-[evidenceEdge_35:EVIDENCED_BY]->(evidence_34)
      RETURN evidence_34.id AS id_38 ORDER BY evidenceEdge_35.ordinal }], COLLECT { MATCH (attribution_21)-[:SPEAKER|REPORTER|VIA]->(source_22)
          RETURN DISTINCT CASE WHEN source_22:Comment THEN ['comment', [[source_22.id, source_22.documentId, source_22.number, head([(source_22)-[:TEXT_AT]->(text_23) | text_23.id]), head([(source_22)-[:LABELLED_AT]->(label_24) | label_24.id])]]]
      ELSE ['entity', [[source_22.id, source_22.type, source_22.name, source_22.named, source_22.scope, source_22.aliases, source_22.description, coalesce(source_22.mentionCount, 0), coalesce(source_22.version, 1)]]] END AS source }, COLLECT { MATCH (attribution_21)-[:EVIDENCED_BY|HEDGED_BY|CUED_BY]->(span_25:Span)
          RETURN DISTINCT [span_25.id, span_25.documentId, span_25.start, span_25.end, span_25.exact, span_25.prefix, span_25.suffix, span_25.line, span_25.regionKind, span_25.regionId] AS span }] AS attribution ORDER BY attribution_21.ordinal }] AS claim }]] AS result