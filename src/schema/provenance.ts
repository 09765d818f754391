import type { Context } from '../context.ts';
import {
  type FactOrigin,
  itemKey,
  itemStanding,
  type ReviewStatus,
  splitDocumentItemId,
} from '../domain/item-origins.ts';
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

interface ProvenanceView {
  origin: FactOrigin;
  documentId: string | null;
  changeId: string | null;
  review: ReviewStatus | null;
  draftedBy: string | null;
}

const FactOriginEnum = builder.enumType('FactOrigin', {
  description: 'Where a fact in the graph comes from.',
  values: {
    ANNOTATIONS: {
      description:
        "As its document's annotations give it: shipped with the seed, or imported with the document.",
    },
    CURATION: { description: "A curator's later change: an edit, a link, a merge." },
    DRAFT: {
      description:
        'Drafted by an extractor from the text (npm run draft): unreviewed until a curator accepts or corrects it.',
    },
  } as const,
});

const ReviewStatusEnum = builder.enumType('ReviewStatus', {
  description: "Where a drafted fact stands in a curator's review.",
  values: {
    DRAFT: { description: 'Not reviewed yet.' },
    ACCEPTED: { description: 'A curator accepted it as drafted.' },
    CORRECTED: { description: 'A curator corrected it; it is theirs now (origin CURATION).' },
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
      description:
        'The change that last set the fact (CURATION) or accepted the draft (ACCEPTED): who, when, before and after.',
      resolve: (p, _args, ctx) => (p.changeId ? ctx.loaders.change.load(p.changeId) : null),
    }),
    review: t.field({
      type: ReviewStatusEnum,
      nullable: true,
      description:
        'For a fact of a drafted document, its review; null for one that was never a draft.',
      resolve: (p) => p.review,
    }),
    draftedBy: t.string({
      nullable: true,
      description: 'The extractor, name and version, that drafted the document the fact is in.',
      resolve: (p) => p.draftedBy,
    }),
  }),
});

async function itemProvenance(
  ctx: Context,
  documentId: string,
  section: string,
  localId: string,
): Promise<ProvenanceView> {
  const { origins, draftedBy } = await ctx.loaders.itemOrigins.load(documentId);
  const standing = itemStanding(draftedBy !== null, origins[itemKey(section, localId)]);
  return { ...standing, documentId, draftedBy };
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
        return {
          origin: 'CURATION',
          documentId: definedIn,
          changeId: curatedIn,
          review: null,
          draftedBy: null,
        };
      }
      if (definedIn === null) {
        return {
          origin: 'ANNOTATIONS',
          documentId: null,
          changeId: null,
          review: null,
          draftedBy: null,
        };
      }
      return itemProvenance(ctx, definedIn, 'entities', entity.id);
    },
  }),
);
