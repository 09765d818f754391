import type { Annotations } from '../seed/format.ts';
import type { DraftRequest, Extractor } from './extractor.ts';
import { rulesExtractor } from './rules-extractor.ts';

export type { DraftRequest, Extractor, KnownEntity } from './extractor.ts';

export const DEFAULT_EXTRACTOR: Extractor = rulesExtractor;

export function draftArticle(request: DraftRequest, extractor = DEFAULT_EXTRACTOR): Annotations {
  return extractor.draft(request);
}
