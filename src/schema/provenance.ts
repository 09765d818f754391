import type { Context } from '../context.ts';
import { itemKey, splitDocumentItemId } from '../domain/item-origins.ts';
import { builder } from './builder.ts';
import { ChangeRef } from './curation.ts';
import {
  AttributionRef,
  ClaimRef,
  DocumentRef,
  EntityRef,
  EntityRelationRef,
  MentionRef,
  QuantityRef,
  RoleRef,
  StanceRef,
} from './refs.ts';

type FactOrigin = 'ANNOTATIONS' | 'CURATION';

interface ProvenanceView {
  origin: FactOrigin;
  documentId: string | null;
  changeId: string | null;
}

const FactOriginEnum = builder.enumType('FactOrigin', {
  description: 'Where a fact in the graph comes from.',
  values: {
    ANNOTATIONS: {
      description:
        "As its document's annotations give it: shipped with the seed, or imported with the document.",
    },
    CURATION: { description: "A curator's later change: an edit, a link, a merge." },
  } as const,
});

const ProvenanceRef = builder.objectRef<ProvenanceView>('Provenance').implement({
  description:
    "Where a fact comes from: its document's annotations, or the curator's change that last set it. " +
    'A revert gives a fact back the origin it had before the change it undoes.',
  fields: (t) => ({
    origin: t.field({
      type: FactOriginEnum,
      description: "The document's annotations, or a curator's change.",
      resolve: (p) => p.origin,
    }),
    document: t.field({
      type: DocumentRef,
      nullable: true,
      description:
        'The document whose annotations state the fact (for an entity, the one that defines it).',
      resolve: (p, _args, ctx) => (p.documentId ? ctx.loaders.document.load(p.documentId) : null),
    }),
    change: t.field({
      type: ChangeRef,
      nullable: true,
      description: 'For CURATION, the change that last set the fact: who, when, before and after.',
      resolve: (p, _args, ctx) => (p.changeId ? ctx.loaders.change.load(p.changeId) : null),
    }),
  }),
});

async function itemProvenance(
  ctx: Context,
  documentId: string,
  section: string,
  localId: string,
): Promise<ProvenanceView> {
  const origins = await ctx.loaders.itemOrigins.load(documentId);
  const changeId = origins[itemKey(section, localId)] ?? null;
  return { origin: changeId === null ? 'ANNOTATIONS' : 'CURATION', documentId, changeId };
}

/** The provenance of the annotation item a graph id (document/item/...) belongs to. */
function provenanceOfItem(ctx: Context, section: string, graphId: string) {
  const { documentId, localId } = splitDocumentItemId(graphId);
  return itemProvenance(ctx, documentId, section, localId);
}

const DESCRIPTION = "Where it comes from: its document's annotations or a curator's change.";

builder.objectField(ClaimRef, 'provenance', (t) =>
  t.field({
    type: ProvenanceRef,
    description: DESCRIPTION,
    resolve: (claim, _args, ctx) => itemProvenance(ctx, claim.documentId, 'claims', claim.key),
  }),
);

builder.objectField(AttributionRef, 'provenance', (t) =>
  t.field({
    type: ProvenanceRef,
    description: `${DESCRIPTION} The same as its claim's.`,
    resolve: (attribution, _args, ctx) => provenanceOfItem(ctx, 'claims', attribution.claimId),
  }),
);

builder.objectField(QuantityRef, 'provenance', (t) =>
  t.field({
    type: ProvenanceRef,
    description: `${DESCRIPTION} The same as its claim's.`,
    resolve: (quantity, _args, ctx) => provenanceOfItem(ctx, 'claims', quantity.claimId),
  }),
);

builder.objectField(StanceRef, 'provenance', (t) =>
  t.field({
    type: ProvenanceRef,
    description: `${DESCRIPTION} A stance belongs to the document of the claim that takes it.`,
    resolve: ({ stance }, _args, ctx) => provenanceOfItem(ctx, 'stances', stance.id),
  }),
);

builder.objectField(RoleRef, 'provenance', (t) =>
  t.field({
    type: ProvenanceRef,
    description: DESCRIPTION,
    resolve: (role, _args, ctx) => provenanceOfItem(ctx, 'roles', role.id),
  }),
);

builder.objectField(EntityRelationRef, 'provenance', (t) =>
  t.field({
    type: ProvenanceRef,
    description: DESCRIPTION,
    resolve: ({ relation }, _args, ctx) => provenanceOfItem(ctx, 'relations', relation.id),
  }),
);

builder.objectField(MentionRef, 'provenance', (t) =>
  t.field({
    type: ProvenanceRef,
    description: `${DESCRIPTION} The same as its entity's item in the mention's document.`,
    resolve: (mention, _args, ctx) =>
      itemProvenance(ctx, mention.span.documentId, 'entities', mention.entityId),
  }),
);

builder.interfaceField(EntityRef, 'provenance', (t) =>
  t.field({
    type: ProvenanceRef,
    description:
      'Where its name, description and aliases come from: the annotations of the document that ' +
      "defines it, or a curator's change (updateEntity, a merge), which no later load overrides.",
    resolve: async (entity, _args, ctx): Promise<ProvenanceView> => {
      const { definedIn, curatedIn } = await ctx.loaders.entityOrigin.load(entity.id);
      if (curatedIn !== null) {
        return { origin: 'CURATION', documentId: definedIn, changeId: curatedIn };
      }
      if (definedIn === null) return { origin: 'ANNOTATIONS', documentId: null, changeId: null };
      return itemProvenance(ctx, definedIn, 'entities', entity.id);
    },
  }),
);
