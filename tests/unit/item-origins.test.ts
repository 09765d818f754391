import { describe, expect, it } from 'vitest';
import { originsAfterChange } from '../../src/curation/item-origins.ts';
import { parseItemOrigins, splitDocumentItemId } from '../../src/domain/item-origins.ts';
import { annotationsSchema } from '../../src/seed/format.ts';
import { miniArticle } from '../fixtures/mini-article.ts';

const before = annotationsSchema.parse(miniArticle('doc:origins'));

describe('item origins', () => {
  it('names the change for an item it added or altered, keeps older origins, forgets what it took out', () => {
    const [first, second, third] = before.claims;
    if (!first || !second || !third) throw new Error('fixture changed');
    const origins = { [`claims/${second.id}`]: 'earlier', [`claims/${third.id}`]: 'earlier' };
    const after = {
      ...before,
      claims: [
        { ...first, proposition: 'changed' },
        // The same item with its keys in another order is no change.
        Object.fromEntries(Object.entries(second).reverse()) as typeof second,
      ],
    };
    expect(originsAfterChange(before, origins, after, 'now')).toEqual({
      [`claims/${first.id}`]: 'now',
      [`claims/${second.id}`]: 'earlier',
    });
  });

  it('reads an empty map for a document nobody curated and refuses a malformed one', () => {
    expect(parseItemOrigins(null)).toEqual({});
    expect(() => parseItemOrigins('{"claims/x": 3}')).toThrow();
  });

  it('splits a graph id into its document and the annotation item it belongs to', () => {
    expect(splitDocumentItemId('doc:a/claim:b/attribution-1')).toEqual({
      documentId: 'doc:a',
      localId: 'claim:b',
    });
  });
});
