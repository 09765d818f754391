import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RELATION_EDGE_TYPES } from '../../src/graph/model.ts';
import { defineQuery } from '../../src/neo4j/database.ts';
import { globalId, graphql, query, testApp } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/database.ts';

const RELATION_TYPES = Object.values(RELATION_EDGE_TYPES);

const db = useTestDatabase();
const app = testApp(db);

interface EntityPage {
  entities: {
    totalCount: number;
    edges: { cursor: string; node: { key: string; name: string; mentionCount: number } }[];
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string;
      endCursor: string;
    };
  };
}

const PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String, $sort: EntitySort, $kinds: [EntityKind!]) {
  entities(first: $first, after: $after, last: $last, before: $before, sort: $sort, kinds: $kinds) {
    totalCount
    edges { cursor node { key name mentionCount } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('looking up one entity', () => {
  it("lists an entity's relations of the kinds asked for, both ways, and only those", async () => {
    const RELATIONS = `query ($key: String, $types: [RelationType!]) {
      entity(key: $key) { relations(types: $types) { type outgoing other { key } evidence { exact } } }
    }`;
    const inGraph = defineQuery(
      'testRelationsInGraph',
      `MATCH (:Entity {id: $id})-[r]-(other:Entity) WHERE type(r) IN $types
       RETURN type(r) AS type, other.id AS other ORDER BY type, other`,
      z.object({ type: z.string(), other: z.string() }),
    );
    const relationsOf = async (types: string[] | null) => {
      const { data } = await query<{
        entity: {
          relations: {
            type: string;
            outgoing: boolean;
            other: { key: string };
            evidence: { exact: string }[];
          }[];
        };
      }>(app, RELATIONS, { key: 'company:google', types });
      return data.entity.relations;
    };
    const all = await relationsOf(null);
    const kinds = [...new Set(all.map((relation) => relation.type))];
    expect(kinds.length).toBeGreaterThan(1);
    for (const relation of all) expect(relation.evidence.length).toBeGreaterThan(0);
    const [first] = kinds;
    const some = await relationsOf([first ?? '']);
    expect(some.length).toBeGreaterThan(0);
    expect(some.every((relation) => relation.type === first)).toBe(true);
    const expected = await db.read(inGraph, { id: 'company:google', types: [first] });
    expect(some.map((relation) => [relation.type, relation.other.key]).sort()).toEqual(
      expected.map((row) => [row.type, row.other]),
    );
    expect(await relationsOf([])).toEqual([]);
  });

  it('gives the first relations by id, and with a document only those it states', async () => {
    const byId = defineQuery(
      'testRelationsById',
      `MATCH (e:Entity)-[r]-(other:Entity) WHERE type(r) IN $types
       WITH e, r, other ORDER BY r.id
       WITH e, collect([type(r), other.id, r.documentId]) AS relations
       RETURN e.id AS entity, relations ORDER BY size(relations) DESC, entity LIMIT 1`,
      z.object({
        entity: z.string(),
        relations: z.array(z.tuple([z.string(), z.string(), z.string()])),
      }),
    );
    const [busiest] = await db.read(byId, { types: RELATION_TYPES });
    if (!busiest) throw new Error('the test graph holds no relations');
    const documents = await db.read(
      defineQuery(
        'testDocumentIds',
        'MATCH (d:Document) RETURN d.id AS id',
        z.object({ id: z.string() }),
      ),
    );
    const RELATIONS = `query ($key: String, $document: ID, $first: Int) {
      entity(key: $key) { relations(document: $document, first: $first) { type other { key } } }
    }`;
    const relationsOf = async (variables: { document?: string; first?: number }) => {
      const { data } = await query<{
        entity: { relations: { type: string; other: { key: string } }[] };
      }>(app, RELATIONS, { key: busiest.entity, ...variables });
      return data.entity.relations.map((relation) => [relation.type, relation.other.key]);
    };
    const asPairs = (relations: typeof busiest.relations) =>
      relations.map(([type, other]) => [type, other]);
    expect(busiest.relations.length).toBeGreaterThan(2);
    expect(documents.length).toBeGreaterThan(0);
    expect(await relationsOf({})).toEqual(asPairs(busiest.relations));
    expect(await relationsOf({ first: 2 })).toEqual(asPairs(busiest.relations.slice(0, 2)));
    for (const { id: documentId } of documents) {
      const stated = busiest.relations.filter(([, , inDocument]) => inDocument === documentId);
      expect(await relationsOf({ document: globalId('Document', documentId) })).toEqual(
        asPairs(stated),
      );
      expect(await relationsOf({ document: globalId('Document', documentId), first: 1 })).toEqual(
        asPairs(stated.slice(0, 1)),
      );
    }
    expect(await relationsOf({ document: globalId('Document', 'doc:no-such-document') })).toEqual(
      [],
    );
    const tooMany = await graphql(app, RELATIONS, { key: busiest.entity, first: 501 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
    expect(tooMany.errors?.[0]?.message).toContain(
      '"first" of relations must be between 0 and 500',
    );
  });

  it('finds a person by an alias, ignoring case and accents, with the roles the page gives', async () => {
    const { data } = await query<{
      entity: {
        name: string;
        kind: string;
        roles: {
          title: string | null;
          time: string;
          organization: { name: string } | null;
          evidence: { exact: string }[];
        }[];
      };
    }>(
      app,
      `{ entity(name: "MR LIÉBERTHAL") { name kind
          roles { title time organization { name } evidence { exact } } } }`,
    );
    expect(data.entity.name).toBe('Kenneth Lieberthal');
    expect(data.entity.kind).toBe('PERSON');
    expect(data.entity.roles).toContainEqual(
      expect.objectContaining({
        title: 'director for Asia',
        time: 'FORMER',
        organization: { name: 'National Security Council' },
      }),
    );
    expect(data.entity.roles).toContainEqual(
      expect.objectContaining({ time: 'CURRENT', organization: { name: 'Brookings Institution' } }),
    );
  });

  it('gives the first roles by id when asked for fewer, the same from the fetch tree and the loader', async () => {
    const all = await query<{ entity: { roles: { title: string | null }[] } }>(
      app,
      '{ entity(name: "Kenneth Lieberthal") { roles { title } } }',
    );
    expect(all.data.entity.roles.length).toBeGreaterThan(1);
    const one = await query<{
      entity: { roles: { title: string | null }[]; two: { title: string | null }[] };
    }>(
      app,
      '{ entity(name: "Kenneth Lieberthal") { roles(first: 1) { title } two: roles(first: 2) { title } } }',
    );
    expect(one.data.entity.roles).toEqual(all.data.entity.roles.slice(0, 1));
    expect(one.data.entity.two).toEqual(all.data.entity.roles.slice(0, 2));
    const fromNodes = await query<{ nodes: { roles: { title: string | null }[] }[] }>(
      app,
      `{ nodes(ids: ["${globalId('Person', 'person:kenneth-lieberthal')}"]) { ... on Entity { roles(first: 1) { title } } } }`,
    );
    expect(fromNodes.data.nodes[0]?.roles).toEqual(all.data.entity.roles.slice(0, 1));
  });

  it('refuses roles(first:) over 100 with PAGE_SIZE_OUT_OF_RANGE and says the bound', async () => {
    const answer = await graphql(
      app,
      '{ entity(name: "Kenneth Lieberthal") { roles(first: 101) { title } } }',
    );
    expect(answer.errors?.[0]?.extensions?.code).toBe('PAGE_SIZE_OUT_OF_RANGE');
    expect(answer.errors?.[0]?.message).toContain('between 0 and 100');
  });

  it('names the company a person leads: Ryan Lance, chairman and CEO of ConocoPhillips', async () => {
    const { data } = await query<{
      entity: { roles: { title: string; organization: { name: string; kind: string } }[] };
    }>(app, `{ entity(key: "person:ryan-lance") { roles { title organization { name kind } } } }`);
    expect(data.entity.roles).toContainEqual({
      title: 'chairman and CEO',
      organization: { name: 'ConocoPhillips', kind: 'COMPANY' },
    });
  });

  it('returns each mention with its exact words, offsets, region and context', async () => {
    const { data } = await query<{
      entity: {
        mentions: {
          totalCount: number;
          edges: {
            node: {
              kind: string;
              span: {
                exact: string;
                start: number;
                end: number;
                regionKind: string;
                context: string;
              };
            };
          }[];
        };
      };
    }>(
      app,
      `{ entity(key: "person:xu-guangyu") { mentions(first: 10) { totalCount
          edges { node { kind span { exact start end regionKind context } } } } } }`,
    );
    const spans = data.entity.mentions.edges.map((edge) => edge.node.span);
    expect(spans.length).toBe(data.entity.mentions.totalCount);
    expect(spans.map((span) => span.regionKind)).toEqual(
      expect.arrayContaining(['BODY', 'PULL_QUOTE']),
    );
    for (const span of spans) {
      expect(span.end - span.start).toBe(Array.from(span.exact).length);
      expect(span.context).toContain(span.exact);
    }
  });

  it("pages through an entity's mentions in reading order, forwards and backwards, with and without a region filter", async () => {
    const inGraph = defineQuery(
      'testMentionsInGraph',
      `MATCH (:Entity {id: $id})-[:MENTIONED_AT]->(s:Span)
       WHERE $regionKinds IS NULL OR s.regionKind IN $regionKinds
       RETURN s.start AS start ORDER BY s.documentId, s.start, s.end`,
      z.object({ start: z.number() }),
    );
    const MENTIONS = `query ($key: String, $first: Int, $after: String, $last: Int, $before: String, $kinds: [RegionKind!]) {
      entity(key: $key) { mentions(first: $first, after: $after, last: $last, before: $before, regionKinds: $kinds) {
        totalCount edges { cursor node { span { start } } } } } }`;
    type Page = {
      entity: {
        mentions: {
          totalCount: number;
          edges: { cursor: string; node: { span: { start: number } } }[];
        };
      };
    };
    const [busiest] = await db.read(
      defineQuery(
        'testMostMentionedEntity',
        `MATCH (e:Entity) WITH e ORDER BY COUNT { (e)-[:MENTIONED_AT]->() } DESC, e.id LIMIT 1
         RETURN e.id AS id`,
        z.object({ id: z.string() }),
      ),
    );
    const key = busiest?.id ?? '';
    for (const [kinds, regionKinds] of [
      [null, null],
      [['BODY'], ['body']],
    ] as const) {
      const expected = (await db.read(inGraph, { id: key, regionKinds })).map((row) => row.start);
      expect(expected.length).toBeGreaterThan(7);
      const forwards: number[] = [];
      let after: string | null = null;
      do {
        const { data }: { data: Page } = await query<Page>(app, MENTIONS, {
          key,
          first: 7,
          after,
          kinds,
        });
        expect(data.entity.mentions.totalCount).toBe(expected.length);
        forwards.push(...data.entity.mentions.edges.map((edge) => edge.node.span.start));
        after =
          data.entity.mentions.edges.length === 7
            ? (data.entity.mentions.edges.at(-1)?.cursor ?? null)
            : null;
      } while (after !== null);
      expect(forwards).toEqual(expected);
      const backwards: number[] = [];
      let before: string | null = null;
      do {
        const { data }: { data: Page } = await query<Page>(app, MENTIONS, {
          key,
          last: 7,
          before,
          kinds,
        });
        backwards.unshift(...data.entity.mentions.edges.map((edge) => edge.node.span.start));
        before =
          data.entity.mentions.edges.length === 7
            ? (data.entity.mentions.edges[0]?.cursor ?? null)
            : null;
      } while (before !== null);
      expect(backwards).toEqual(expected);
    }
  });

  it('lists what a person said and what was said about them, apart', async () => {
    const { data } = await query<{
      entity: {
        claimsMade: { totalCount: number; edges: { node: { proposition: string } }[] };
        claimsAbout: { totalCount: number };
      };
    }>(
      app,
      `{ entity(key: "person:xu-guangyu") {
          claimsMade(first: 10) { totalCount edges { node { proposition } } }
          claimsAbout(first: 1) { totalCount } } }`,
    );
    expect(data.entity.claimsMade.edges.map((edge) => edge.node.proposition)).toContainEqual(
      expect.stringContaining('hundreds of years'),
    );
    expect(data.entity.claimsMade.totalCount).toBeGreaterThanOrEqual(3);
  });

  it('gives null, not an error, for an entity that does not exist', async () => {
    const missing = await graphql<{ entity: null }>(
      app,
      `{ byKey: entity(key: "person:nobody") { name } byName: entity(name: "Nobody At All") { name }
         byId: entity(id: "${globalId('Person', 'person:nobody')}") { name } }`,
    );
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ byKey: null, byName: null, byId: null });
  });

  it('keeps unnamed entities under their description, with no name from outside the page', async () => {
    const { data } = await query<{
      entities: { edges: { node: { name: string; named: boolean } }[] };
    }>(app, `{ entities(first: 100, kinds: [MILITARY_UNIT]) { edges { node { name named } } } }`);
    const unit = data.entities.edges.find((edge) => edge.node.name.includes('Shanghai'));
    expect(unit?.node.named).toBe(false);
    expect(JSON.stringify(data)).not.toContain('61398');
  });
});

describe('listing entities', () => {
  it('sorts by mention count, most mentioned first', async () => {
    const { data } = await query<EntityPage>(app, PAGE, { first: 5, sort: 'MENTIONS' });
    const counts = data.entities.edges.map((edge) => edge.node.mentionCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(data.entities.edges.map((edge) => edge.node.key)).toContain('country:china');
  });

  it('filters by kind: the eight people the article names are all there', async () => {
    const { data } = await query<EntityPage>(app, PAGE, { first: 50, kinds: ['PERSON'] });
    const names = data.entities.edges.map((edge) => edge.node.name);
    for (const name of [
      'Xi Jinping',
      'Barack Obama',
      'Kenneth Lieberthal',
      'Bill Clinton',
      'Xu Guangyu',
      'Ryan Lance',
      'William Guo',
      'Damian Grammaticas',
    ]) {
      expect(names).toContain(name);
    }
  });

  for (const sort of ['NAME', 'MENTIONS']) {
    it(`pages forwards and backwards by ${sort} without gaps or repeats`, async () => {
      const all = await query<EntityPage>(app, PAGE, { first: 100, sort });
      const expected = all.data.entities.edges.map((edge) => edge.node.key);
      expect(expected.length).toBe(all.data.entities.totalCount);

      const forwards: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: { data: EntityPage } = await query<EntityPage>(app, PAGE, {
          first: 7,
          after,
          sort,
        });
        forwards.push(...page.data.entities.edges.map((edge) => edge.node.key));
        if (!page.data.entities.pageInfo.hasNextPage) break;
        after = page.data.entities.pageInfo.endCursor;
      }
      expect(forwards).toEqual(expected);

      const backwards: string[] = [];
      let before: string | null = null;
      for (;;) {
        const page: { data: EntityPage } = await query<EntityPage>(app, PAGE, {
          last: 9,
          before,
          sort,
        });
        backwards.unshift(...page.data.entities.edges.map((edge) => edge.node.key));
        if (!page.data.entities.pageInfo.hasPreviousPage) break;
        before = page.data.entities.pageInfo.startCursor;
      }
      expect(backwards).toEqual(expected);
    });
  }
});
