CALL () {
  MATCH (e:Entity) WHERE e.mentionCount IS NOT NULL AND true
  WITH e ORDER BY e.mentionCount DESC, e.sortKey ASC, e.id ASC LIMIT $limit
  RETURN collect([[e.id, e.type, e.name], [null, COLLECT {
      MATCH ()-[mention_0:MENTIONED_AT]->(span_1:Span)
      USING INDEX mention_0:MENTIONED_AT(entityId, documentId, start, end)
      WHERE mention_0.entityId = e.id
        AND mention_0.documentId IS NOT NULL AND mention_0.start IS NOT NULL AND mention_0.end IS NOT NULL
        AND true AND true
      WITH mention_0, span_1 ORDER BY mention_0.entityId ASC, mention_0.documentId ASC, mention_0.start ASC, mention_0.end ASC LIMIT $limit_4
      RETURN [mention_0.kind, [span_1.documentId, span_1.start, span_1.end, span_1.exact]] AS mention }], [null, COLLECT {
      MATCH (own_7:Attribution)
      WHERE own_7.speakerId = e.id AND own_7.documentId IS NOT NULL
        AND own_7.claimPosition IS NOT NULL AND own_7.claimId IS NOT NULL AND true
      MATCH (own_7)-[:ATTRIBUTES]->(claim_5:Claim) WHERE true
      WITH DISTINCT claim_5, own_7.speakerId AS speaker_11, own_7.documentId AS document_12,
        own_7.claimPosition AS position_13, own_7.claimId AS claim_14
      ORDER BY speaker_11 ASC, document_12 ASC, position_13 ASC, claim_14 ASC LIMIT $limit_10
      RETURN [[claim_5.id, claim_5.key, claim_5.documentId, claim_5.type, claim_5.proposition, claim_5.sourceKind, coalesce(claim_5.position, 0)]] AS claim }]]) AS rows
}
RETURN null AS total, rows