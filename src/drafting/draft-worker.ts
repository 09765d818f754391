/** Runs one draft in a worker thread (see off-thread.ts): the request in, the annotations out. */
import { parentPort, workerData } from 'node:worker_threads';
import type { DraftRequest } from './extractor.ts';
import { draftArticle } from './index.ts';

parentPort?.postMessage(draftArticle(workerData as DraftRequest));
