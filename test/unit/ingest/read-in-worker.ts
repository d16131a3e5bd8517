import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LogType } from '../../../opensearch/log-types';
import type { ReadOutcome, ReadWorkerInput } from './read-worker';

/** Far above a read of a fixture (tens of ms) and the worker's start (about 2 s under load). */
export const DEADLINE_MS = 15_000;

/** Reads `bytes` in a worker; rejects when the worker fails or does not answer by the deadline. */
export function readInWorker(bytes: Uint8Array, key: string, source: LogType): Promise<ReadOutcome> {
  const input: ReadWorkerInput = { bytes, key, source };
  const worker = new Worker(
    "require('tsx/cjs/api').register(); require(require('node:worker_threads').workerData.script);",
    { eval: true, workerData: { ...input, script: join(__dirname, 'read-worker.ts') } },
  );
  let deadline: NodeJS.Timeout | undefined;
  return new Promise<ReadOutcome>((resolve, reject) => {
    deadline = setTimeout(
      () => reject(new Error(`no result after ${DEADLINE_MS} ms: the read hung`)),
      DEADLINE_MS,
    );
    worker.once('message', (outcome: ReadOutcome) => resolve(outcome));
    worker.once('error', (err) => reject(new Error(`the worker ended with an error: ${String(err)}`)));
    worker.once('exit', (code) => reject(new Error(`the worker exited (${code}) without a result`)));
  }).finally(() => {
    clearTimeout(deadline);
    void worker.terminate();
  });
}
