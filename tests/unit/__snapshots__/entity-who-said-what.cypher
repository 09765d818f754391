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
      MATCH (span_3:Span {id: edge_4}) RETURN [span_3.id, span_3.documentId, span_3.start, span_3.end, span_3.exact, span_3.prefix, span_3.suffix, span_3.line, span_3.regionKind, span_3.regionId] AS span }] AS role }, [COUNT { MATCH (e)<-[:SPEAKER]-(own_9:Attribution)-[:ATTRIBUTES]->(claim_7:Claim) WHERE own_9.mode IN $claims_8_modes WITH DISTINCT claim_7 RETURN claim_7 }, COLLECT {
      MATCH (own_9:Attribution)
      WHERE own_9.speakerId = e.id AND own_9.documentId IS NOT NULL
        AND own_9.claimPosition IS NOT NULL AND own_9.claimId IS NOT NULL AND true
      MATCH (own_9)-[:ATTRIBUTES]->(claim_7:Claim) WHERE own_9.mode IN $claims_8_modes
      WITH DISTINCT claim_7, own_9.speakerId AS speaker_13, own_9.documentId AS document_14,
        own_9.claimPosition AS position_15, own_9.claimId AS claim_16
      ORDER BY speaker_13 ASC, document_14 ASC, position_15 ASC, claim_16 ASC LIMIT $limit_12
      RETURN [[claim_7.id, claim_7.key, claim_7.documentId, claim_7.type, claim_7.proposition, claim_7.sourceKind, coalesce(claim_7.position, 0)], COLLECT { MATCH (attribution_17:Attribution)-[:ATTRIBUTES]->(claim_7)
          RETURN [[attribution_17.id, attribution_17.ordinal, attribution_17.mode, attribution_17.cue, attribution_17.certainty, attribution_17.polarity, claim_7.id, head([(attribution_17)-[:SPEAKER]->(speaker_21) | { kind: CASE WHEN speaker_21:Comment THEN 'comment' ELSE 'entity' END, id: speaker_21.id }]), head([(attribution_17)-[:REPORTER]->(reporter_22) | { kind: CASE WHEN reporter_22:Comment THEN 'comment' ELSE 'entity' END, id: reporter_22.id }]), COLLECT { MATCH (attribution_17)-[viaEdge_24:VIA]->(via_23)
      RETURN { kind: CASE WHEN via_23:Comment THEN 'comment' ELSE 'entity' END, id: via_23.id } AS source_25 ORDER BY viaEdge_24.ordinal }, attribution_17.cueSpanId, coalesce(attribution_17.hedgeSpanIds, []), coalesce(attribution_17.evidenceSpanIds, [])], COLLECT { MATCH (attribution_17)-[:SPEAKER|REPORTER|VIA]->(source_18)
          RETURN DISTINCT CASE WHEN source_18:Comment THEN ['comment', [[source_18.id, source_18.documentId, source_18.number, source_18.textSpanId, source_18.labelSpanId]]]
      ELSE ['entity', [[source_18.id, source_18.type, source_18.name, source_18.named, source_18.scope, source_18.aliases, source_18.description, coalesce(source_18.mentionCount, 0), coalesce(source_18.version, 1)]]] END AS source }, COLLECT { UNWIND coalesce(attribution_17.evidenceSpanIds, []) + coalesce(attribution_17.hedgeSpanIds, []) + [attribution_17.cueSpanId] AS edge_20 WITH DISTINCT edge_20
      MATCH (span_19:Span {id: edge_20}) RETURN [span_19.id, span_19.documentId, span_19.start, span_19.end, span_19.exact, span_19.prefix, span_19.suffix, span_19.line, span_19.regionKind, span_19.regionId] AS span }] AS attribution ORDER BY attribution_17.ordinal }] AS claim }]] AS result