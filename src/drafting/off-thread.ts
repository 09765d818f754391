/**
 * Drafting in the server, off the event loop: a long article takes seconds of CPU (about 3 s for
 * the largest text a request may carry), which on the main thread would stall every other
 * request. Drafts run in one worker thread, one at a time in the order they come, so that they
 * queue behind each other and never take both cores from the readers.
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

type Answer = { id: number; annotations: Annotations } | { id: number; error: string };

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<
  number,
  { resolve: (a: Annotations) => void; reject: (e: Error) => void }
>();

function failAll(error: Error): void {
  for (const { reject } of pending.values()) reject(error);
  pending.clear();
  worker = null;
}

/** The drafting thread, started on the first draft and kept for the next ones. */
function drafter(): Worker {
  if (worker) return worker;
  const started = new Worker(workerEntry());
  started.unref();
  started.on('message', (answer: Answer) => {
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    // Idle, the thread must not hold the process open; busy, it must be waited for.
    if (pending.size === 0) started.unref();
    if ('error' in answer) waiting.reject(new Error(`drafting failed: ${answer.error}`));
    else waiting.resolve(answer.annotations);
  });
  started.on('error', (error) => failAll(error));
  started.on('exit', (code) =>
    failAll(new Error(`the drafting thread stopped (exit code ${code})`)),
  );
  worker = started;
  return started;
}

export function draftOffThread(request: DraftRequest): Promise<Annotations> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const thread = drafter();
    thread.ref();
    thread.postMessage({ id, request });
  });
}
