CALL () {
  MATCH (e:Entity) WHERE ($types IS NULL OR e.type IN $types)
     AND ($name IS NULL OR any(key IN e.nameKeys WHERE key CONTAINS $name))
     AND ($documentId IS NULL OR $documentId IN e.documentIds) AND true
  WITH e ORDER BY e.mentionCount DESC, e.nameKeys[0] ASC, e.id ASC LIMIT $limit
  RETURN collect({ row: e { .id, .type, .name, .named, .scope, .aliases, .description,
    mentionCount: coalesce(e.mentionCount, 0), documentIds: coalesce(e.documentIds, []) }, links: [{ total: null, rows: COLLECT {
      MATCH (e)-[mention_0:MENTIONED_AT]->(span_1:Span) WHERE ($regionKinds_2 IS NULL OR span_1.regionKind IN $regionKinds_2) AND true
      WITH mention_0, span_1 ORDER BY span_1.documentId ASC, span_1.start ASC, span_1.end ASC LIMIT $limit_4
      RETURN { entityId: e.id, kind: mention_0.kind, span: span_1 { .id, .documentId, .start, .end, .exact, .prefix, .suffix, .line, .regionKind, .regionId } } AS mention } }, { total: null, rows: COLLECT {
      MATCH (e)<-[:SPEAKER]-(:Attribution)-[:ATTRIBUTES]->(claim_5:Claim) WITH DISTINCT claim_5 WITH claim_5 WHERE ($claims_6_types IS NULL OR claim_5.type IN $claims_6_types)
  AND ($claims_6_sourceKind IS NULL OR claim_5.sourceKind = $claims_6_sourceKind)
  AND ($claims_6_documentId IS NULL OR claim_5.documentId = $claims_6_documentId)
  AND ($claims_6_aboutId IS NULL OR EXISTS { (claim_5)-[:ABOUT]->(:Entity {id: $claims_6_aboutId}) })
  AND ($claims_6_modes IS NULL AND $claims_6_certainties IS NULL AND $claims_6_polarities IS NULL AND $claims_6_speakerId IS NULL OR EXISTS { MATCH (a_7:Attribution)-[:ATTRIBUTES]->(claim_5) WHERE ($claims_6_modes IS NULL OR a_7.mode IN $claims_6_modes) AND ($claims_6_certainties IS NULL OR a_7.certainty IN $claims_6_certainties) AND ($claims_6_polarities IS NULL OR a_7.polarity IN $claims_6_polarities) AND ($claims_6_speakerId IS NULL OR EXISTS { (a_7)-[:SPEAKER]->(sp_8) WHERE sp_8.id = $claims_6_speakerId }) }) AND true
      WITH claim_5 ORDER BY claim_5.documentId ASC, claim_5.position ASC, claim_5.id ASC LIMIT $limit_10
      RETURN { row: claim_5 { .id, .key, .documentId, .type, .proposition, .sourceKind,
    position: coalesce(claim_5.position, 0) }, links: [] } AS claim } }] }) AS rows
}
RETURN null AS total, rows