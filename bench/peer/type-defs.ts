/**
 * The peer's type definitions: @neo4j/graphql over the graph exactly as the service stores it
 * (schema/graph-model.md), same labels, relationship types and properties, read only. Only what
 * the benchmark mix asks for is declared. Keys are String rather than ID so that the peer can
 * page by keyset (String comparison filters are a feature switch; ID has none).
 */
export const PEER_TYPE_DEFS = /* GraphQL */ `
  extend schema @mutation(operations: [])

  type Entity
    @node(labels: ["Entity"])
    @fulltext(
      indexes: [{ indexName: "entity_names", queryName: "searchEntityNames", fields: ["name", "searchText"] }]
    ) {
    id: String!
    type: String!
    name: String!
    nameKeys: [String!]!
    searchText: String
    mentionCount: Int!
    names: [EntityName!]! @relationship(type: "NAMED", direction: OUT)
    mentions: [Span!]! @relationship(type: "MENTIONED_AT", direction: OUT, properties: "Mention")
    rolesHeld: [Role!]! @relationship(type: "HOLDS_ROLE", direction: OUT)
    rolesAt: [Role!]! @relationship(type: "AT", direction: IN)
    attributionsSpoken: [Attribution!]! @relationship(type: "SPEAKER", direction: IN)
  }

  type EntityName @node(labels: ["EntityName"]) {
    key: String!
  }

  type Mention @relationshipProperties {
    kind: String!
  }

  type Role @node(labels: ["Role"]) {
    id: String!
    title: String
    holder: [Entity!]! @relationship(type: "HOLDS_ROLE", direction: IN)
    organization: [Entity!]! @relationship(type: "AT", direction: OUT)
    evidence: [Span!]!
      @cypher(
        statement: "UNWIND coalesce(this.evidenceSpanIds, []) AS id MATCH (s:Span {id: id}) RETURN s"
        columnName: "s"
      )
  }

  type Span
    @node(labels: ["Span"])
    @fulltext(indexes: [{ indexName: "quote_text", queryName: "searchSpanText", fields: ["exact"] }]) {
    id: String!
    documentId: String!
    start: Int!
    end: Int!
    exact: String!
    quotedIn: [String!]
  }

  type Comment @node(labels: ["Comment"]) {
    id: String!
    number: Int!
  }

  union Source = Entity | Comment

  type Claim
    @node(labels: ["Claim"])
    @fulltext(
      indexes: [{ indexName: "claim_propositions", queryName: "searchClaimPropositions", fields: ["proposition"] }]
    ) {
    id: String!
    documentId: String!
    position: Int!
    proposition: String!
    attributions: [Attribution!]! @relationship(type: "ATTRIBUTES", direction: IN)
  }

  type Attribution @node(labels: ["Attribution"]) {
    id: String!
    ordinal: Int!
    mode: String!
    claim: [Claim!]! @relationship(type: "ATTRIBUTES", direction: OUT)
    speaker: [Source!]! @relationship(type: "SPEAKER", direction: OUT)
    evidence: [Span!]!
      @cypher(
        statement: "UNWIND coalesce(this.evidenceSpanIds, []) AS id MATCH (s:Span {id: id}) RETURN s"
        columnName: "s"
      )
  }
`;
