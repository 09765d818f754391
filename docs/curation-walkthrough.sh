#!/usr/bin/env bash
# A curator's session, step by step, against a running Dossier: import the second article, fix a
# mention, add a claim with its evidence, link it to another claim, merge two entities, revert
# the merge, then read each result and its history without a token. GraphiQL sends the same
# requests (put the token in its Headers tab). It changes the graph: run it on a scratch
# database, e.g.
#
#   NEO4J_LOCAL_DATA_DIR=/tmp/dossier-walkthrough API_TOKENS_FILE=tokens.json npm start
#   CURATOR_TOKEN=dsr_... ADMIN_TOKEN=dsr_... bash docs/curation-walkthrough.sh
#
# with two tokens made by `npm run token -- create ann-curator` and
# `npm run token -- create ada-admin --scopes admin`. Needs curl and jq; run from the repository.
set -euo pipefail
CURATOR=${CURATOR_TOKEN:?set CURATOR_TOKEN to a token with the curator scope}
ADMIN=${ADMIN_TOKEN:?set ADMIN_TOKEN to a token with the admin scope}
URL=${DOSSIER_URL:-http://localhost:4000/graphql}
gql() { # gql <token or -> <query> [variables json]
  local auth=()
  [ "$1" != "-" ] && auth=(-H "authorization: Bearer $1")
  jq -n --arg q "$2" --argjson v "${3:-{\}}" '{query:$q, variables:$v}' |
    curl -s "$URL" -H 'content-type: application/json' "${auth[@]}" --data-binary @-
}
DOC=doc:001-cyber-followup
PAYLOAD='__typename ... on MutationProblem { code message } ... on AnnotationsInvalid { problems { path message } }'
CHANGE='change { version change { id kind by summary } }'

echo '## 1. Without a token, importing is refused'
gql - 'mutation($i: ImportDocumentInput!) { importDocument(input: $i) { __typename } }' \
  "$(jq -n --rawfile t seed/001_cyber-followup.txt --rawfile a seed/001_cyber-followup.annotations.yaml '{i:{text:$t, annotations:$a}}')" | jq -c '.errors[0] | {message, code: .extensions.code}'

echo '## 2. The curator imports the second article'
gql "$CURATOR" "mutation(\$i: ImportDocumentInput!) { importDocument(input: \$i) { $PAYLOAD
  ... on ImportDocumentSuccess { $CHANGE change { entities { annotatedId outcome matchedOn entity { key } } } } } }" \
  "$(jq -n --rawfile t seed/001_cyber-followup.txt --rawfile a seed/001_cyber-followup.annotations.yaml '{i:{text:$t, annotations:$a}}')" |
  jq -c '.data.importDocument | {type: .__typename, change: .change.change.summary, version: .change.version,
    matched: [.change.entities[] | select(.outcome != "CREATED") | "\(.annotatedId) -> \(.entity.key) (\(.outcome))"]}'

echo '## 3. A mention fixed: the comment'"'"'s "anyone in Washington" means the US, not the city'
entity() { node -e "const y=require('yaml');const a=y.parse(require('fs').readFileSync('seed/001_cyber-followup.annotations.yaml','utf8'));console.log(JSON.stringify(a.entities.find(e=>e.id===process.argv[1])))" "$1"; }
WASHINGTON=$(entity city:washington)
US=$(entity country:us)
CITY=$(jq -c '.mentions |= map(select(.start != 2084))' <<<"$WASHINGTON")
COUNTRY=$(jq -c '.mentions += [{start: 2084, end: 2094, exact: "Washington"}]' <<<"$US")
gql "$CURATOR" "mutation(\$i: EditDocumentInput!) { editDocument(input: \$i) { $PAYLOAD ... on EditDocumentSuccess { $CHANGE } } }" \
  "$(jq -n --arg doc $DOC --arg city "$CITY" --arg country "$COUNTRY" '{i:{document:$doc, expectedVersion:1, edits:[
     {section:"ENTITIES", id:"city:washington", item:$city}, {section:"ENTITIES", id:"country:us", item:$country}]}}')" |
  jq -c '.data.editDocument | {type: .__typename, version: .change.version, summary: .change.change.summary}'

echo '## 4. A claim added with its evidence (comment 3 bundled two assertions)'
CLAIM='id: claim:c3-same-story-every-year
type: assessment
proposition: The same story comes every year.
about: [ org:technology-college-in-shandong ]
attributions:
  - speaker: comment:3
    mode: author
    certainty: certain
    polarity: positive
    evidence:
      - { start: 2023, end: 2044, exact: Same story every year }'
gql "$CURATOR" "mutation(\$i: EditDocumentInput!) { editDocument(input: \$i) { $PAYLOAD ... on EditDocumentSuccess { $CHANGE } } }" \
  "$(jq -n --arg doc $DOC --arg claim "$CLAIM" '{i:{document:$doc, expectedVersion:2, edits:[{section:"CLAIMS", id:"claim:c3-same-story-every-year", item:$claim}]}}')" |
  jq -c '.data.editDocument | {type: .__typename, version: .change.version, summary: .change.change.summary}'

echo '## 5. Linked to an existing claim'
gql "$CURATOR" "mutation(\$i: LinkClaimsInput!) { linkClaims(input: \$i) { $PAYLOAD ... on LinkClaimsSuccess { $CHANGE } } }" \
  "$(jq -n --arg doc $DOC '{i:{document:$doc, expectedVersion:3, stance:"stance:c3-story-supports-back-in-spotlight", type:"SUPPORTS",
     from:"claim:c3-same-story-every-year", to:"claim:college-back-in-spotlight", explicit:false,
     evidence:[{start:2023, end:2044, exact:"Same story every year"}]}}')" |
  jq -c '.data.linkClaims | {type: .__typename, version: .change.version, summary: .change.change.summary}'

echo '## 6. A curator may not merge; an admin merges "the hackers" into the first article'"'"'s Chinese hackers'
gql "$CURATOR" 'mutation { mergeEntities(survivor: "group:chinese-hackers", other: "group:hackers") { __typename } }' |
  jq -c '.errors[0] | {message, code: .extensions.code}'
MERGED=$(gql "$ADMIN" "mutation { mergeEntities(survivor: \"group:chinese-hackers\", other: \"group:hackers\") { $PAYLOAD ... on MergeEntitiesSuccess { $CHANGE } } }")
jq -c '.data.mergeEntities | {type: .__typename, summary: .change.change.summary}' <<<"$MERGED"
gql - '{ entity(key: "group:chinese-hackers") { name aliases provenance { origin change { kind by } } } }' | jq -c .data

echo '## 7. On a second reading the page never says those hackers are Chinese: the merge is reverted'
gql "$CURATOR" "mutation(\$c: String!) { revertChange(change: \$c) { $PAYLOAD ... on RevertChangeSuccess { $CHANGE } } }" \
  "$(jq -n --arg c "$(jq -r '.data.mergeEntities.change.change.id' <<<"$MERGED")" '{c:$c}')" |
  jq -c '.data.revertChange | {type: .__typename, summary: .change.change.summary}'

echo '## 8. A reader (no token) sees each result and its history'
gql - "query(\$doc: String) {
  document(key: \$doc) { version }
  changes(document: \$doc, first: 10) { edges { node { kind by summary versionAfter } } }
  us: entity(key: \"country:us\") { mentions(first: 100, regionKinds: [COMMENT]) { edges { node { span { exact start document { key } } provenance { origin change { kind by } } } } } }
  hackers: entity(key: \"group:hackers\") { name changes { kind summary } }
  claim: node(id: \"$(printf 'Claim:%s/claim:c3-same-story-every-year' $DOC | base64 -w0)\") { ... on Claim { key proposition
    provenance { origin change { by summary } } stances { type other { key } provenance { origin change { kind } } } } }
}" "$(jq -n --arg doc $DOC '{doc:$doc}')" |
  jq -c '.data | {version: .document.version, changes: [.changes.edges[].node | "\(.versionAfter) \(.kind) by \(.by): \(.summary)"],
    usMentionInComment: [.us.mentions.edges[].node | select(.span.start == 2084 and .span.document.key == "doc:001-cyber-followup")],
    hackers: .hackers, claim: .claim}'

echo '## 9. Without a token no change is possible'
gql - 'mutation { revertChange(change: "any") { __typename } }' | jq -c '.errors[0] | {message, code: .extensions.code}'
