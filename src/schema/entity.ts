import type { EntityType, RelationType as RelationTypeValue } from '../domain/vocabulary.ts';
import { DossierError, ErrorCode } from '../errors.ts';
import type { EntityClaimRole } from '../graph/claim-store.ts';
import {
  RELATIONS_PAGE,
  ROLES_PAGE,
  relationsByEntity,
  relationsToRead,
  rolesToRead,
} from '../graph/entity-store.ts';
import { RELATION_EDGE_TYPES } from '../graph/model.ts';
import { pageRequest } from '../graph/pagination.ts';
import type { EntityRow } from '../graph/rows.ts';
import { builder, type SchemaTypes } from './builder.ts';
import { ClaimFilterInput, decodeId, entityIdOf, toClaimFilter } from './claim.ts';
import { ClaimConnection, MentionConnection, totalCountOf } from './connections.ts';
import {
  ENTITY_KIND_DESCRIPTIONS,
  ENTITY_TYPENAMES,
  EntityKind,
  EntitySort,
  MentionKind,
  RegionKind,
  RelationType,
  RoleTime,
} from './enums.ts';
import {
  entityBySelection,
  entityPageBySelection,
  selectedSpanFields,
  selectsTotalCount,
} from './fetch-plan.ts';
import { loadRequired, loadSpans } from './load.ts';
import {
  ClaimRef,
  ENTITY_OBJECT_REFS,
  EntityRef,
  EntityRelationRef,
  MentionRef,
  RoleRef,
  SpanRef,
} from './refs.ts';

const EntityScope = builder.enumType('EntityScope', {
  description: 'Where an entity is named.',
  values: {
    ARTICLE: { value: 'article', description: 'In the article itself (body, captions, byline).' },
    COMMENTS: { value: 'comments', description: 'Only in reader comments.' },
  } as const,
});

builder.interfaceType(EntityRef, {
  description:
    'A person, organisation, company, government body, military unit, group, place, event or ' +
    "product that a document names or describes. Unnamed things keep the page's description as " +
    'their name (named: false); no name is taken from outside the page.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (entity) => ENTITY_TYPENAMES[entity.type as EntityType],
  fields: (t) => ({
    key: t.exposeString('id', {
      description: "The entity's stable key in the annotations, e.g. person:kenneth-lieberthal.",
    }),
    kind: t.field({
      type: EntityKind,
      description: 'What kind of thing it is.',
      resolve: (entity) => entity.type as never,
    }),
    name: t.exposeString('name', {
      description:
        'The canonical name as the page writes it; for unnamed entities, their description.',
    }),
    named: t.exposeBoolean('named', { description: 'Whether the page gives it a proper name.' }),
    aliases: t.exposeStringList('aliases', { description: 'Other names the text uses for it.' }),
    description: t.exposeString('description', { description: "One line, in the page's words." }),
    scope: t.field({
      type: EntityScope,
      description: 'Whether the article names it or only reader comments do.',
      resolve: (entity) => entity.scope as 'article' | 'comments',
    }),
    mentionCount: t.exposeInt('mentionCount', {
      description: 'How many times the text refers to it.',
    }),
    version: t.exposeInt('version', {
      description:
        "Moves on by one with every curator's change to it: send it as expectedVersion with updateEntity.",
    }),
    mentions: t.field({
      type: MentionConnection,
      description:
        'Every place the text refers to it, in text order, with the exact words and their context.',
      args: {
        ...t.arg.connectionArgs(),
        regionKinds: t.arg({
          type: [RegionKind],
          required: false,
          description: 'Only mentions in these parts of the page.',
        }),
      },
      resolve: (entity, args, ctx, info) =>
        ctx.loaders
          .forField(info.fieldNodes, () =>
            ctx.loaders.mentionsOf(
              args.regionKinds ?? null,
              pageRequest(args),
              selectsTotalCount(info),
              selectedSpanFields(info),
            ),
          )
          .load(entity.id),
    }),
    roles: t.field({
      type: [RoleRef],
      description:
        'Roles the entity holds, and, for an organisation, roles held at it: the first `first`, by id. Someone quoted across many documents can hold hundreds.',
      args: {
        first: t.arg.int({
          required: false,
          defaultValue: ROLES_PAGE.default,
          description: `How many roles to give, at most ${ROLES_PAGE.max}.`,
        }),
      },
      resolve: (entity, args, ctx) => ctx.loaders.rolesOf(rolesToRead(args.first)).load(entity.id),
    }),
    relations: t.field({
      type: [EntityRelationRef],
      description:
        'Typed links to other entities (part of, located in, attended, accused, targeted...), with evidence: the first `first`, by id. An entity named in many documents can take part in thousands; `document` keeps those one document states.',
      args: {
        types: t.arg({
          type: [RelationType],
          required: false,
          description: 'Only these kinds of link.',
        }),
        document: t.arg.id({
          required: false,
          description: 'Only the links this document states.',
        }),
        first: t.arg.int({
          required: false,
          defaultValue: RELATIONS_PAGE.default,
          description: `How many links to give, at most ${RELATIONS_PAGE.max}.`,
        }),
      },
      resolve: async (entity, args, ctx) => {
        const types = (args.types ?? (Object.keys(RELATION_EDGE_TYPES) as RelationTypeValue[])).map(
          (type) => RELATION_EDGE_TYPES[type as RelationTypeValue],
        );
        const options = {
          documentId: args.document
            ? decodeId(args.document, 'document', (typename) => typename === 'Document').id
            : null,
          first: relationsToRead(args.first),
        };
        const relations = await ctx.loaders
          .withArgs('Entity.relations', { types, ...options }, (ids) =>
            relationsByEntity(ctx.db, ids, types, options),
          )
          .load(entity.id);
        return relations.map((relation) => ({ relation, from: entity.id }));
      },
    }),
    claimsMade: entityClaimsField(
      t,
      'SPEAKER',
      "Claims the entity commits to (as the speaker of an attribution), in reading order. The filter's modes, certainties and polarity hold for the entity's own attribution.",
    ),
    claimsAbout: entityClaimsField(t, 'SUBJECT', 'Claims about the entity, in reading order.'),
  }),
});

function entityClaimsField(
  t: PothosSchemaTypes.InterfaceFieldBuilder<SchemaTypes, EntityRow>,
  role: EntityClaimRole,
  description: string,
) {
  return t.field({
    type: ClaimConnection,
    description,
    args: {
      ...t.arg.connectionArgs(),
      filter: t.arg({
        type: ClaimFilterInput,
        required: false,
        description: 'Narrows the claims.',
      }),
    },
    resolve: (entity: EntityRow, args, ctx, info) =>
      ctx.loaders
        .forField(info.fieldNodes, () =>
          ctx.loaders.claimsOf(
            'Entity',
            role,
            pageRequest(args),
            toClaimFilter(args.filter),
            selectsTotalCount(info),
          ),
        )
        .load(entity.id),
  });
}

for (const kind of Object.keys(ENTITY_OBJECT_REFS) as EntityType[]) {
  builder.node(ENTITY_OBJECT_REFS[kind], {
    description: ENTITY_KIND_DESCRIPTIONS[kind],
    interfaces: [EntityRef],
    id: { resolve: (entity) => entity.id },
    isTypeOf: (value) =>
      typeof value === 'object' && value !== null && 'type' in value && value.type === kind,
    loadMany: (ids, ctx) =>
      ids.map(async (id) => {
        const entity = await ctx.loaders.entity.load(id);
        return entity?.type === kind ? entity : null;
      }),
    fields: () => ({}),
  });
}

builder.objectType(MentionRef, {
  description:
    'One place where the text refers to an entity: the exact words, where they are, and how they refer.',
  fields: (t) => ({
    kind: t.field({
      type: MentionKind,
      description: 'How the words refer to the entity: by name, description or pronoun.',
      resolve: (mention) => mention.kind as never,
    }),
    span: t.field({
      type: SpanRef,
      description: 'The words and their position.',
      resolve: (m) => m.span,
    }),
    entity: t.field({
      type: EntityRef,
      description: 'The entity the words refer to.',
      resolve: (mention, _args, ctx) =>
        loadRequired(ctx.loaders.entity, mention.entityId, `mention`),
    }),
  }),
});

builder.objectType(RoleRef, {
  description:
    'A position someone holds or held ("chairman and CEO of ConocoPhillips"), with its evidence.',
  fields: (t) => ({
    title: t.exposeString('title', {
      nullable: true,
      description: 'The title as the page words it.',
    }),
    time: t.field({
      type: RoleTime,
      description: 'Whether the role is held now, was held, or the page does not say.',
      resolve: (role) => role.time as never,
    }),
    holder: t.field({
      type: EntityRef,
      description: 'Who holds the role.',
      resolve: (role, _args, ctx) =>
        loadRequired(ctx.loaders.entity, role.holderId, `role ${role.id}`),
    }),
    organization: t.field({
      type: EntityRef,
      nullable: true,
      description: 'Where the role is held, when the page says.',
      resolve: (role, _args, ctx) =>
        role.organizationId ? ctx.loaders.entity.load(role.organizationId) : null,
    }),
    evidence: t.field({
      type: [SpanRef],
      description: 'The words that state the role.',
      resolve: (role, _args, ctx) => loadSpans(ctx, role.evidenceSpanIds),
    }),
  }),
});

builder.objectType(EntityRelationRef, {
  description:
    'A typed link between two entities, read as "subject type object", with its evidence.',
  fields: (t) => ({
    type: t.field({
      type: RelationType,
      description: 'What kind of link.',
      resolve: ({ relation }) => relation.type as never,
    }),
    outgoing: t.boolean({
      description: 'True when the entity you asked about is the subject.',
      resolve: ({ relation, from }) => relation.subjectId === from,
    }),
    subject: t.field({
      type: EntityRef,
      description: 'The entity the link starts from ("Google" in "Google traced attacks to...").',
      resolve: ({ relation }, _args, ctx) =>
        loadRequired(ctx.loaders.entity, relation.subjectId, `relation ${relation.id}`),
    }),
    object: t.field({
      type: EntityRef,
      description: 'The entity the link points at.',
      resolve: ({ relation }, _args, ctx) =>
        loadRequired(ctx.loaders.entity, relation.objectId, `relation ${relation.id}`),
    }),
    other: t.field({
      type: EntityRef,
      description: 'The entity at the other end from the one you asked about.',
      resolve: ({ relation, from }, _args, ctx) =>
        loadRequired(
          ctx.loaders.entity,
          relation.subjectId === from ? relation.objectId : relation.subjectId,
          `relation ${relation.id}`,
        ),
    }),
    claim: t.field({
      type: ClaimRef,
      nullable: true,
      description: "The claim that asserts the link, when it is somebody's allegation.",
      resolve: ({ relation }, _args, ctx) =>
        relation.claimId ? ctx.loaders.claim.load(relation.claimId) : null,
    }),
    evidence: t.field({
      type: [SpanRef],
      description: 'The words that state the link.',
      resolve: ({ relation }, _args, ctx) => loadSpans(ctx, relation.evidenceSpanIds),
    }),
  }),
});

const EntityConnection = builder.connectionObject(
  {
    type: EntityRef,
    name: 'EntityConnection',
    description: 'A page of entities.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many entities match, across all pages.',
        resolve: (connection) => totalCountOf(connection),
      }),
    }),
  },
  { name: 'EntityEdge' },
);

builder.queryField('entity', (t) =>
  t.field({
    type: EntityRef,
    nullable: true,
    description:
      'One entity, by its global id, its key (person:kenneth-lieberthal) or its name or any alias ' +
      '(ignoring case and accents: "mr lieberthal" finds Kenneth Lieberthal). Give exactly one. ' +
      'Null when there is none.',
    args: {
      id: t.arg.id({ required: false, description: 'Its global id.' }),
      key: t.arg.string({
        required: false,
        description: 'Its key, e.g. person:kenneth-lieberthal.',
      }),
      name: t.arg.string({
        required: false,
        description: 'Its name or any alias the text uses, e.g. "Mr Lieberthal".',
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const given = [args.id, args.key, args.name].filter((value) => value != null);
      if (given.length !== 1) {
        throw new DossierError(
          ErrorCode.BadUserInput,
          'entity takes exactly one of "id", "key" or "name".',
        );
      }
      const lookup =
        args.id != null
          ? { by: 'id' as const, id: entityIdOf(args.id, 'id') }
          : args.key != null
            ? { by: 'id' as const, id: args.key }
            : { by: 'name' as const, name: args.name ?? '' };
      return entityBySelection(ctx, info, lookup);
    },
  }),
);

builder.queryField('entities', (t) =>
  t.field({
    type: EntityConnection,
    description:
      'Entities, filtered by kind, name (part of a name or alias) and document, sorted by name or mention count.',
    args: {
      ...t.arg.connectionArgs(),
      kinds: t.arg({ type: [EntityKind], required: false, description: 'Only these kinds.' }),
      name: t.arg.string({
        required: false,
        description:
          'Only entities whose name or an alias contains this, ignoring case and accents.',
      }),
      document: t.arg.id({ required: false, description: 'Only entities this document mentions.' }),
      sort: t.arg({
        type: EntitySort,
        defaultValue: 'NAME',
        description: 'The order of the list.',
      }),
    },
    resolve: (_root, args, ctx, info) =>
      entityPageBySelection(
        ctx,
        info,
        {
          types: args.kinds ?? null,
          name: args.name ?? null,
          documentId: args.document
            ? decodeId(args.document, 'document', (typename) => typename === 'Document').id
            : null,
        },
        args.sort ?? 'NAME',
        pageRequest(args),
      ),
  }),
);
