import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fixture } from './fixtures';
import type { ReadOutcome, ReadWorkerInput } from './parquet-read-worker';

/*
 * Corrupt Parquet objects found by `npm run fuzz`, read as the ingest function reads them. Both
 * failed inside hyparquet (patches/hyparquet+*.patch): one hung the reader, one ended the process.
 * Each read runs in a worker thread: a hang is a synchronous loop that only terminate() can end,
 * and a rejection with no handler ends the worker with an error, as it ends the Lambda.
 */

const KEY = 'aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=111122223333/eventDay=20241206/x.gz.parquet';
/** Far above a read of the fixture (tens of ms) and the worker's start (about 2 s under load). */
const DEADLINE_MS = 15_000;

const original = () => new Uint8Array(fixture('ocsf/api-activity.gz.parquet'));

/** Reads `bytes` in a worker; rejects when the worker fails or does not answer by the deadline. */
function readInWorker(bytes: Uint8Array): Promise<ReadOutcome> {
  const input: ReadWorkerInput = { bytes, key: KEY };
  const worker = new Worker(
    "require('tsx/cjs/api').register(); require(require('node:worker_threads').workerData.script);",
    { eval: true, workerData: { ...input, script: join(__dirname, 'parquet-read-worker.ts') } },
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

describe('corrupt Parquet objects (fuzz findings)', () => {
  const timeout = DEADLINE_MS + 5_000;

  it(
    'reads the unmodified fixture (the worker can succeed)',
    async () => {
      // Act
      const outcome = await readInWorker(original());

      // Assert
      expect(outcome).toEqual({ documents: 3 });
    },
    timeout,
  );

  it(
    'refuses a data page v2 header without its level lengths instead of looping for ever',
    async () => {
      // Prepare: one NUL byte inserted inside a column chunk (fuzz seed 1, case 2385): the footer's
      // offsets now point one byte early, and a page header is read without its level lengths.
      const bytes = original();
      const corrupt = new Uint8Array(bytes.length + 1);
      corrupt.set(bytes.subarray(0, 4623));
      corrupt.set(bytes.subarray(4623), 4624);

      // Act
      const outcome = await readInWorker(corrupt);

      // Assert
      expect(outcome).toEqual({ error: expect.stringMatching(/^parquet .*byte_length/) });
    },
    timeout,
  );

  it(
    'fails a row group whose planning throws without leaving a column read unhandled',
    async () => {
      // Prepare: three flipped bytes (fuzz seed 2, case 2113): a column's path no longer names a
      // schema element, and a column read started before it rejects on its own.
      const corrupt = original();
      corrupt[1505] = 0x5d;
      corrupt[8014] = 0x8b;
      corrupt[9924] = 0x80;

      // Act
      const outcome = await readInWorker(corrupt);

      // Assert
      expect(outcome).toEqual({ error: expect.stringMatching(/^parquet schema element not found/) });
    },
    timeout,
  );
});
