MATCH (:EntityName {key: $key})<-[:NAMED]-(e:Entity)
WITH e ORDER BY e.mentionCount DESC, e.id LIMIT 1
RETURN [[e.id, e.type, e.name, e.named, e.scope, e.aliases, e.description, coalesce(e.mentionCount, 0), coalesce(e.version, 1)], COLLECT {
          CALL (e) {
            MATCH (e)-[:HOLDS_ROLE]->(role_0:Role) RETURN role_0
            UNION
            MATCH (role_0:Role)-[:AT]->(e) RETURN role_0
          }
          WITH role_0 ORDER BY role_0.id LIMIT $first_1
          RETURN [[role_0.id, role_0.title, role_0.time, head([(holder_5:Entity)-[:HOLDS_ROLE]->(role_0) | holder_5.id]), head([(role_0)-[:AT]->(org_6) | org_6.id]), coalesce(role_0.evidenceSpanIds, [])], head(COLLECT { MATCH (role_0)-[:AT]->(org_2:Entity)
          RETURN [[org_2.id, org_2.type, org_2.name, org_2.named, org_2.scope, org_2.aliases, org_2.description, coalesce(org_2.mentionCount, 0), coalesce(org_2.version, 1)]] AS org }), COLLECT { UNWIND coalesce(role_0.evidenceSpanIds, []) AS edge_4 WITH DISTINCT edge_4
      MATCH (span_3:Span {id: edge_4}) RETURN [span_3.id, span_3.documentId, span_3.start, span_3.end, span_3.exact, span_3.prefix, span_3.suffix, span_3.line, span_3.regionKind, span_3.regionId] AS span }] AS role }, [COUNT { MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(claim_7:Claim) WITH DISTINCT claim_7 WITH claim_7 WHERE EXISTS { MATCH (a_9:Attribution)-[:ATTRIBUTES]->(claim_7) WHERE a_9.mode IN $claims_8_modes } RETURN claim_7 }, COLLECT {
      MATCH (attribution_13:Attribution)
      WHERE attribution_13.speakerId = e.id AND attribution_13.documentId IS NOT NULL
        AND attribution_13.claimPosition IS NOT NULL AND attribution_13.claimId IS NOT NULL AND true
      MATCH (attribution_13)-[:ATTRIBUTES]->(claim_7:Claim) WHERE EXISTS { MATCH (a_9:Attribution)-[:ATTRIBUTES]->(claim_7) WHERE a_9.mode IN $claims_8_modes }
      WITH DISTINCT claim_7, attribution_13.speakerId AS speaker_14, attribution_13.documentId AS document_15,
        attribution_13.claimPosition AS position_16, attribution_13.claimId AS claim_17
      ORDER BY speaker_14 ASC, document_15 ASC, position_16 ASC, claim_17 ASC LIMIT $limit_12
      RETURN [[claim_7.id, claim_7.key, claim_7.documentId, claim_7.type, claim_7.proposition, claim_7.sourceKind, coalesce(claim_7.position, 0)], COLLECT { MATCH (attribution_18:Attribution)-[:ATTRIBUTES]->(claim_7)
          RETURN [[attribution_18.id, attribution_18.ordinal, attribution_18.mode, attribution_18.cue, attribution_18.certainty, attribution_18.polarity, claim_7.id, head([(attribution_18)-[:SPEAKER]->(speaker_22) | { kind: CASE WHEN speaker_22:Comment THEN 'comment' ELSE 'entity' END, id: speaker_22.id }]), head([(attribution_18)-[:REPORTER]->(reporter_23) | { kind: CASE WHEN reporter_23:Comment THEN 'comment' ELSE 'entity' END, id: reporter_23.id }]), COLLECT { MATCH (attribution_18)-[viaEdge_25:VIA]->(via_24)
      RETURN { kind: CASE WHEN via_24:Comment THEN 'comment' ELSE 'entity' END, id: via_24.id } AS source_26 ORDER BY viaEdge_25.ordinal }, attribution_18.cueSpanId, coalesce(attribution_18.hedgeSpanIds, []), coalesce(attribution_18.evidenceSpanIds, [])], COLLECT { MATCH (attribution_18)-[:SPEAKER|REPORTER|VIA]->(source_19)
          RETURN DISTINCT CASE WHEN source_19:Comment THEN ['comment', [[source_19.id, source_19.documentId, source_19.number, source_19.textSpanId, source_19.labelSpanId]]]
      ELSE ['entity', [[source_19.id, source_19.type, source_19.name, source_19.named, source_19.scope, source_19.aliases, source_19.description, coalesce(source_19.mentionCount, 0), coalesce(source_19.version, 1)]]] END AS source }, COLLECT { UNWIND coalesce(attribution_18.evidenceSpanIds, []) + coalesce(attribution_18.hedgeSpanIds, []) + [attribution_18.cueSpanId] AS edge_21 WITH DISTINCT edge_21
      MATCH (span_20:Span {id: edge_21}) RETURN [span_20.id, span_20.documentId, span_20.start, span_20.end, span_20.exact, span_20.prefix, span_20.suffix, span_20.line, span_20.regionKind, span_20.regionId] AS span }] AS attribution ORDER BY attribution_18.ordinal }] AS claim }]] AS result