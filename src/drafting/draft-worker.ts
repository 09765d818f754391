/**
 * The drafting thread (see off-thread.ts): drafts one request at a time, in the order they come,
 * with the NLP library loaded once for all of them.
 */
import { parentPort } from 'node:worker_threads';
import type { DraftRequest } from './extractor.ts';
import { draftArticle } from './index.ts';

parentPort?.on('message', ({ id, request }: { id: number; request: DraftRequest }) => {
  try {
    parentPort?.postMessage({ id, annotations: draftArticle(request) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
