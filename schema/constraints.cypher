// Constraints and indexes of the Dossier graph. Applied at start-up and by `npm run seed`;
// every statement is idempotent (IF NOT EXISTS). See schema/graph-model.md for the model.

// Every key the loader merges on is unique.
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT page_region_id IF NOT EXISTS FOR (n:PageRegion) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT span_id IF NOT EXISTS FOR (n:Span) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT comment_id IF NOT EXISTS FOR (n:Comment) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT role_id IF NOT EXISTS FOR (n:Role) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT quantity_id IF NOT EXISTS FOR (n:Quantity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT attribution_id IF NOT EXISTS FOR (n:Attribution) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT entity_name_key IF NOT EXISTS FOR (n:EntityName) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT claim_profile_key IF NOT EXISTS FOR (n:ClaimProfile) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT migration_name IF NOT EXISTS FOR (n:Migration) REQUIRE n.name IS UNIQUE;

// Lookups and filters the API runs.
CREATE INDEX document_seed_version IF NOT EXISTS FOR (n:Document) ON (n.seedSha256);
CREATE INDEX span_document IF NOT EXISTS FOR (n:Span) ON (n.documentId, n.start);
CREATE INDEX page_region_document IF NOT EXISTS FOR (n:PageRegion) ON (n.documentId);
CREATE INDEX comment_document IF NOT EXISTS FOR (n:Comment) ON (n.documentId);
CREATE INDEX role_document IF NOT EXISTS FOR (n:Role) ON (n.documentId);
CREATE INDEX claim_document IF NOT EXISTS FOR (n:Claim) ON (n.documentId, n.position);
// Claims in reading order: a page of all claims reads this index in order and stops.
CREATE INDEX claim_reading_order IF NOT EXISTS FOR (n:Claim) ON (n.documentId, n.position, n.id);
CREATE INDEX claim_type IF NOT EXISTS FOR (n:Claim) ON (n.type);
// Claims by the key of their profile: a page filtered to a rare profile seeks them.
CREATE INDEX claim_profile IF NOT EXISTS FOR (n:Claim) ON (n.profile);
// Drafted claims no curator has reviewed: only they carry the property.
CREATE INDEX claim_draft IF NOT EXISTS FOR (n:Claim) ON (n.draft);
CREATE INDEX quantity_document IF NOT EXISTS FOR (n:Quantity) ON (n.documentId);
CREATE INDEX attribution_document IF NOT EXISTS FOR (n:Attribution) ON (n.documentId);
CREATE INDEX attribution_mode IF NOT EXISTS FOR (n:Attribution) ON (n.mode);
// A speaker's claims in reading order: a page of them reads this index in order and stops.
CREATE INDEX attribution_speaker_reading_order IF NOT EXISTS
  FOR (n:Attribution) ON (n.speakerId, n.documentId, n.claimPosition, n.claimId);
// The claims about an entity in reading order: the ABOUT links carry the entity's id and the
// claim's place, so a page of them is an ordered seek of this index that stops at its end.
CREATE INDEX about_reading_order IF NOT EXISTS
  FOR ()-[r:ABOUT]-() ON (r.entityId, r.documentId, r.position, r.claimId);
// An entity's mentions in reading order, the same way: a mention carries its entity's id and
// its span's place.
CREATE INDEX mention_reading_order IF NOT EXISTS
  FOR ()-[r:MENTIONED_AT]-() ON (r.entityId, r.documentId, r.start, r.end);
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type);
CREATE INDEX entity_mention_count IF NOT EXISTS FOR (n:Entity) ON (n.mentionCount);
// Entities by name: the first of their name keys (sortKey), then their id, read in order.
CREATE INDEX entity_sort_key IF NOT EXISTS FOR (n:Entity) ON (n.sortKey, n.id);
// Entities by part of a name or alias: their name keys as one string, a line each (nameText).
CREATE TEXT INDEX entity_name_text IF NOT EXISTS FOR (n:Entity) ON (n.nameText);

// A document's relations between entities, found by the document when it is reloaded or removed.
CREATE INDEX part_of_document IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.documentId);
CREATE INDEX located_in_document IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() ON (r.documentId);
CREATE INDEX attended_document IF NOT EXISTS FOR ()-[r:ATTENDED]-() ON (r.documentId);
CREATE INDEX represented_at_document IF NOT EXISTS FOR ()-[r:REPRESENTED_AT]-() ON (r.documentId);
CREATE INDEX accused_document IF NOT EXISTS FOR ()-[r:ACCUSED]-() ON (r.documentId);
CREATE INDEX targeted_document IF NOT EXISTS FOR ()-[r:TARGETED]-() ON (r.documentId);
CREATE INDEX traced_attacks_to_document IF NOT EXISTS FOR ()-[r:TRACED_ATTACKS_TO]-() ON (r.documentId);
// One LINKED per pair of entities that roles or relations join (src/graph/entity-links.ts),
// found by its pair key when a load adds to it or takes from it; unique, so that two imports
// naming the same pair at once cannot each create one.
CREATE CONSTRAINT linked_pair IF NOT EXISTS FOR ()-[l:LINKED]-() REQUIRE l.pair IS UNIQUE;

// Full-text search over names and aliases, propositions and the quoted words themselves.
// standard-folding lower-cases and folds accents, so "Lieberthál" finds "Lieberthal".
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.searchText]
  OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding' } };
CREATE FULLTEXT INDEX claim_propositions IF NOT EXISTS FOR (n:Claim) ON EACH [n.proposition]
  OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding' } };
// Quotes only (spans labelled Quote: some attribution's evidence), not every mention, so that a
// search for a name does not read each of its thousands of mentions, and a load indexes less.
CREATE FULLTEXT INDEX quote_text IF NOT EXISTS FOR (n:Quote) ON EACH [n.exact]
  OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding' } };

// The history of changes (src/graph/history-store.ts): by id, by document newest first, and a
// retry found by who sent it and the id their client gave it.
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE;
CREATE INDEX change_document IF NOT EXISTS FOR (n:Change) ON (n.documentId, n.at);
CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at);
CREATE INDEX change_client_mutation IF NOT EXISTS FOR (n:Change) ON (n.by, n.clientMutationId);
CREATE INDEX change_entity IF NOT EXISTS FOR (n:Change) ON (n.entityId, n.at);
// Changes with items (edits, reviews, merges; not imports), as an entity's history reads them:
// itemsChangedAt is set on those alone, so the index holds only them.
CREATE INDEX change_items IF NOT EXISTS FOR (n:Change) ON (n.itemsChangedAt);
