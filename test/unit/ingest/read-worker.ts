/*
 * Reads one object with the ingest function's reader, in a worker thread (read-in-worker.ts). A
 * hang in a parser is a synchronous loop: no timer of the thread that runs it can end it, but the
 * test's thread can terminate this one. A promise rejected with no handler ends this thread with
 * an error, as it ends the Lambda's process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readLogObject } from '../../../functions/ingest/object-reader';
import type { LogType } from '../../../opensearch/log-types';

export interface ReadWorkerInput {
  readonly bytes: Uint8Array;
  readonly key: string;
  readonly source: LogType;
}

/** What the read came to: documents read, or the message of the error it threw. */
export type ReadOutcome = { readonly documents: number } | { readonly error: string };

async function read({ bytes, key, source }: ReadWorkerInput): Promise<ReadOutcome> {
  let documents = 0;
  try {
    for await (const batch of readLogObject(Buffer.from(bytes), { bucket: 'b', key }, { source }))
      documents += batch.records.length;
    return { documents };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

void read(workerData as ReadWorkerInput).then((outcome) =>
  // Reported on a later turn, so a rejection left behind by the read surfaces first.
  setTimeout(() => parentPort?.postMessage(outcome), 200),
);
