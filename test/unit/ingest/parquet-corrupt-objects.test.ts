import { fixture } from './fixtures';
import { DEADLINE_MS, readInWorker as readObjectInWorker } from './read-in-worker';

/*
 * Corrupt Parquet objects found by `npm run fuzz`, read as the ingest function reads them. Both
 * failed inside hyparquet (patches/hyparquet+*.patch): one hung the reader, one ended the process.
 * Each read runs in a worker thread: a hang is a synchronous loop that only terminate() can end,
 * and a rejection with no handler ends the worker with an error, as it ends the Lambda.
 */

const KEY = 'aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=111122223333/eventDay=20241206/x.gz.parquet';

const readInWorker = (bytes: Uint8Array) => readObjectInWorker(bytes, KEY, 'ocsf');
const original = () => new Uint8Array(fixture('ocsf/api-activity.gz.parquet'));

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
      expect(outcome).toEqual({
        error: expect.stringMatching(/^corrupt Parquet object: row group \d+: parquet .*byte_length/),
      });
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
      expect(outcome).toEqual({
        error: expect.stringMatching(
          /^corrupt Parquet object: row group 0: parquet schema element not found/,
        ),
      });
    },
    timeout,
  );
});
