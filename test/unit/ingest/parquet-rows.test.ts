import { NotParquetError, parquetRowGroups } from '../../../functions/ingest/parquet-rows';
import { bufferObject, type RandomAccessObject } from '../../../functions/ingest/random-access';
import { fixture } from './fixtures';

/*
 * How a Parquet object that cannot be decoded is refused: a corrupt one as NotParquetError naming
 * the step (the message is retried, then rests in the dead-letter queue, and the log says why),
 * a failed read of the object as the read's own error (a retry may succeed).
 */

const original = () => new Uint8Array(fixture('ocsf/api-activity.gz.parquet'));

async function rowsOf(object: RandomAccessObject, wholeObjectBytes?: number): Promise<number> {
  let rows = 0;
  for await (const group of parquetRowGroups(object, wholeObjectBytes)) rows += group.rows.length;
  return rows;
}

describe('parquetRowGroups on objects it cannot decode', () => {
  it('reads the fixture (the checks below start from a readable object)', async () => {
    await expect(rowsOf(bufferObject(original()))).resolves.toBe(3);
  });

  it('refuses a corrupt footer as NotParquetError naming the footer', async () => {
    // Prepare: the footer's length (the 4 bytes before the closing magic) made larger than the object.
    const bytes = original();
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(bytes.length - 8, bytes.length * 2, true);

    // Act
    const read = rowsOf(bufferObject(bytes));

    // Assess
    await expect(read).rejects.toBeInstanceOf(NotParquetError);
    await expect(read).rejects.toThrow(/^corrupt Parquet object: footer: /);
  });

  it('refuses a corrupt column page as NotParquetError naming its row group', async () => {
    // Prepare: three flipped bytes found by the fuzzer (a column path no longer names the schema).
    const bytes = original();
    bytes[1505] = 0x5d;
    bytes[8014] = 0x8b;
    bytes[9924] = 0x80;

    // Act
    const read = rowsOf(bufferObject(bytes));

    // Assess
    await expect(read).rejects.toBeInstanceOf(NotParquetError);
    await expect(read).rejects.toThrow(/^corrupt Parquet object: row group 0: /);
  });

  it('passes a failed range read of the object on as it is, not as a corrupt object', async () => {
    // Prepare: an object read by ranges (over the whole-object size) whose reads after the magic fail.
    const bytes = original();
    const failure = new Error('S3 GetObject: connection reset');
    let reads = 0;
    const object: RandomAccessObject = {
      kind: 'random-access',
      byteLength: bytes.byteLength,
      read: async (start, end) => {
        reads += 1;
        if (reads > 2) throw failure;
        return bytes.subarray(start, end);
      },
    };

    // Act
    const read = rowsOf(object, 0);

    // Assess
    await expect(read).rejects.toBe(failure);
  });
});
