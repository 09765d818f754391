CALL () {
    MATCH (p:ClaimProfile) WHERE p.type IN $types AND p.sourceKind = $sourceKind
    RETURN collect(p.key) AS profiles
  }
CALL (profiles) {
  MATCH (c:Claim) USING INDEX c:Claim(documentId, position, id)
    WHERE c.documentId IS NOT NULL AND c.position IS NOT NULL AND c.id IS NOT NULL WITH c WHERE true
      AND c.profile IN profiles AND true
      WITH c ORDER BY c.documentId ASC, c.position ASC, c.id ASC LIMIT $limit
  RETURN collect([[c.id, c.key, c.documentId, c.type, c.proposition, c.sourceKind, coalesce(c.position, 0)], COLLECT { MATCH (attribution_2:Attribution)-[:ATTRIBUTES]->(c)
          RETURN [[attribution_2.id, attribution_2.ordinal, attribution_2.mode, attribution_2.cue, attribution_2.certainty, attribution_2.polarity, c.id, head([(attribution_2)-[:SPEAKER]->(speaker_3) | { kind: CASE WHEN speaker_3:Comment THEN 'comment' ELSE 'entity' END, id: speaker_3.id }]), head([(attribution_2)-[:REPORTER]->(reporter_4) | { kind: CASE WHEN reporter_4:Comment THEN 'comment' ELSE 'entity' END, id: reporter_4.id }]), COLLECT { MATCH (attribution_2)-[viaEdge_6:VIA]->(via_5)
      RETURN { kind: CASE WHEN via_5:Comment THEN 'comment' ELSE 'entity' END, id: via_5.id } AS source_7 ORDER BY viaEdge_6.ordinal }, attribution_2.cueSpanId, coalesce(attribution_2.hedgeSpanIds, []), coalesce(attribution_2.evidenceSpanIds, [])]] AS attribution ORDER BY attribution_2.ordinal }, COLLECT { MATCH (attribution_8:Attribution)-[:ATTRIBUTES]->(c), (attribution_8)-[:SPEAKER]->(source_9)
          RETURN DISTINCT CASE WHEN source_9:Comment THEN ['comment', [[source_9.id, source_9.documentId, source_9.number, source_9.textSpanId, source_9.labelSpanId]]]
      ELSE ['entity', [[source_9.id, source_9.type, source_9.name, source_9.named, source_9.scope, source_9.aliases, source_9.description, coalesce(source_9.mentionCount, 0), coalesce(source_9.version, 1)]]] END AS source }, COLLECT { MATCH (c)-[stance_10:SUPPORTS|DISPUTES|DENIES|QUALIFIES]-(:Claim)
          RETURN [[stance_10.id, stance_10.type, stance_10.basis, startNode(stance_10).id, endNode(stance_10).id, coalesce(stance_10.evidenceSpanIds, [])], [claim_11 IN [startNode(stance_10), endNode(stance_10)] | [[claim_11.id, claim_11.key, claim_11.documentId, claim_11.type, claim_11.proposition, claim_11.sourceKind, coalesce(claim_11.position, 0)], COLLECT { MATCH (attribution_12:Attribution)-[:ATTRIBUTES]->(claim_11)
          RETURN [[attribution_12.id, attribution_12.ordinal, attribution_12.mode, attribution_12.cue, attribution_12.certainty, attribution_12.polarity, claim_11.id, head([(attribution_12)-[:SPEAKER]->(speaker_13) | { kind: CASE WHEN speaker_13:Comment THEN 'comment' ELSE 'entity' END, id: speaker_13.id }]), head([(attribution_12)-[:REPORTER]->(reporter_14) | { kind: CASE WHEN reporter_14:Comment THEN 'comment' ELSE 'entity' END, id: reporter_14.id }]), COLLECT { MATCH (attribution_12)-[viaEdge_16:VIA]->(via_15)
      RETURN { kind: CASE WHEN via_15:Comment THEN 'comment' ELSE 'entity' END, id: via_15.id } AS source_17 ORDER BY viaEdge_16.ordinal }, attribution_12.cueSpanId, coalesce(attribution_12.hedgeSpanIds, []), coalesce(attribution_12.evidenceSpanIds, [])]] AS attribution ORDER BY attribution_12.ordinal }, COLLECT { MATCH (attribution_18:Attribution)-[:ATTRIBUTES]->(claim_11), (attribution_18)-[:SPEAKER]->(source_19)
          RETURN DISTINCT CASE WHEN source_19:Comment THEN ['comment', [[source_19.id, source_19.documentId, source_19.number, source_19.textSpanId, source_19.labelSpanId]]]
      ELSE ['entity', [[source_19.id, source_19.type, source_19.name, source_19.named, source_19.scope, source_19.aliases, source_19.description, coalesce(source_19.mentionCount, 0), coalesce(source_19.version, 1)]]] END AS source }]], COLLECT { UNWIND coalesce(stance_10.evidenceSpanIds, []) AS edge_21 WITH DISTINCT edge_21
      MATCH (span_20:Span {id: edge_21}) RETURN [span_20.id, span_20.documentId, span_20.start, span_20.end, span_20.exact, span_20.prefix, span_20.suffix, span_20.line, span_20.regionKind, span_20.regionId] AS span }] AS stance ORDER BY stance_10.id }]) AS rows
}
RETURN head(COLLECT { MATCH (p:ClaimProfile) WHERE p.type IN $types AND p.sourceKind = $sourceKind
    RETURN sum(p.claims) AS claims }) AS total, rows