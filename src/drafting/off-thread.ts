/**
 * Drafting in the server, off the event loop: a long article takes seconds of CPU (about 3 s for
 * the largest text a request may carry), which on the main thread would stall every other
 * request. Each draft runs in a worker thread of its own, one at a time, so that drafts queue
 * behind each other and never take both cores from the readers.
 */
import { Worker } from 'node:worker_threads';
import type { Annotations } from '../seed/format.ts';
import type { DraftRequest } from './extractor.ts';

const fromSources = import.meta.url.endsWith('.ts');
const WORKER = new URL(`./draft-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url);

/**
 * From the TypeScript sources (tests, npm run dev) the worker first registers the same loader,
 * then imports the worker module; compiled, it is the module itself.
 */
function workerEntry(): URL {
  if (!fromSources) return WORKER;
  const code = `const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
register();
await import(${JSON.stringify(WORKER.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

let queue: Promise<unknown> = Promise.resolve();

function runWorker(request: DraftRequest): Promise<Annotations> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry(), { workerData: request });
    let answered = false;
    worker.once('message', (annotations: Annotations) => {
      answered = true;
      resolve(annotations);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered)
        reject(new Error(`the drafting worker stopped (exit code ${code}) without a draft`));
    });
  });
}

export function draftOffThread(request: DraftRequest): Promise<Annotations> {
  const turn = queue.then(() => runWorker(request));
  queue = turn.catch(() => undefined);
  return turn;
}
