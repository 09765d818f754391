import type { ClaimFilter } from '../../src/graph/claim-store.ts';

/** A claim filter that lets every claim through, to spread a single condition onto. */
export const NO_CLAIM_FILTER: ClaimFilter = {
  types: null,
  modes: null,
  certainties: null,
  polarities: null,
  sourceKind: null,
  documentId: null,
  speaker: null,
  aboutId: null,
  reviewedOnly: false,
};
