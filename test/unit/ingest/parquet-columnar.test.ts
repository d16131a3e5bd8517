import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { documentText } from '../../../functions/ingest/documents';
import { OCSF_COLUMNAR, readParquetObject } from '../../../functions/ingest/parquet-object';
import { NotParquetError, parquetRowGroups } from '../../../functions/ingest/parquet-rows';
import { bufferObject, type RandomAccessObject } from '../../../functions/ingest/random-access';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';
import {
  OCSF_SCHEMAS,
  writeOcsfParquet,
  type OcsfSchema,
  type Shape,
} from '../../../scripts/demo/generate/ocsf-parquet';
import { fixture } from './fixtures';

/*
 * The columnar Parquet path (documents written from leaf columns, parquet-json.ts) against the
 * row path (hyparquet's row objects, ocsfRecord): every record and dead letter the same, byte for
 * byte, on objects with nulls at every level, empty and null lists and maps, lists of lists, maps
 * in lists, odd map keys, 64-bit integers past 2^53, several pages per column and row groups read
 * by range. Each case also checks that the columnar path was taken (or, for a schema it leaves to
 * row objects, that it was not), so a comparison cannot pass by reading rows twice.
 */

const KEY = 'aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=111122223333/eventDay=20241206/x.gz.parquet';
const POINTER = { bucket: 'aws-security-data-lake-eu-west-1-abc123', key: KEY };

const fixtureRows = () =>
  fixture('ocsf/api-activity.jsonl')
    .toString()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

interface Read {
  readonly records: ParsedRecord[];
  readonly unparsable: UnparsableRecord[];
}

async function read(object: RandomAccessObject, columnar: boolean, wholeObjectBytes?: number): Promise<Read> {
  const records: ParsedRecord[] = [];
  const unparsable: UnparsableRecord[] = [];
  for await (const batch of readParquetObject(object, POINTER, { columnar, wholeObjectBytes })) {
    records.push(...batch.records);
    unparsable.push(...batch.unparsable);
  }
  return { records, unparsable };
}

/** How each row group is read on the columnar path: 'columns' or 'rows'. */
async function groupKinds(object: RandomAccessObject): Promise<string[]> {
  const kinds: string[] = [];
  for await (const group of parquetRowGroups(object, undefined, OCSF_COLUMNAR))
    kinds.push('columns' in group ? 'columns' : 'rows');
  return kinds;
}

const sha256 = (read: Read) => {
  const hash = createHash('sha256');
  for (const r of read.records) hash.update(`${r.id} ${r.timestamp} ${documentText(r)}\n`);
  for (const u of read.unparsable) hash.update(`${u.id} ${u.error} ${u.raw}\n`);
  return hash.digest('hex');
};

/** Reads an object both ways; expects the same records and dead letters and the group kinds given. */
async function expectSameBothWays(
  bytes: Uint8Array,
  kinds: string[],
  wholeObjectBytes?: number,
): Promise<Read> {
  const columnar = await read(bufferObject(bytes), true, wholeObjectBytes);
  const rows = await read(bufferObject(bytes), false, wholeObjectBytes);
  expect(await groupKinds(bufferObject(bytes))).toEqual(kinds);
  expect(columnar.records.length + columnar.unparsable.length).toBeGreaterThan(0);
  expect(columnar).toEqual(rows);
  expect(sha256(columnar)).toBe(sha256(rows));
  return columnar;
}

/** A schema of every shape the columnar path writes, nested. */
const ODD_SCHEMA: OcsfSchema = {
  ...OCSF_SCHEMAS.apiActivity,
  user: {
    name: 'string',
    uid: 'string',
    groups: { list: { name: 'string', privileges: { list: 'string' } } },
  },
  dst_endpoint: { ip: 'string', port: 'int' },
  action_id: 'int',
  count: 'long',
  flags: { list: 'bool' },
  matrix: { list: { list: 'int' } },
  labels: { list: 'map' },
  deep: { a: { b: { c: { when: 'timestamp', tags: { list: 'string' }, attrs: 'map' } } } },
};

const base = (i: number): Record<string, unknown> => ({ ...fixtureRows()[i % 3], time: 1733450400000 + i });

const ODD_ROWS: Record<string, unknown>[] = [
  base(0),
  base(1),
  base(2),
  // Nothing but the time.
  { time: 1733450400000 },
  // Structs present with every member null, at each level.
  {
    time: 1733450400001,
    cloud: {},
    actor: { user: {} },
    api: {},
    user: {},
    src_endpoint: {},
    deep: { a: { b: { c: {} } } },
  },
  // Account without uid, a uid that is no account id, no region: the key's partitions apply.
  { ...base(0), cloud: { provider: 'AWS', account: { uid: '12345' } } },
  { ...base(0), cloud: { account: {} } },
  // The event's own user over the actor's; an empty operation falls back to activity_name.
  {
    ...base(1),
    user: { name: 'alice', groups: [{ name: 'admins', privileges: ['*', ''] }, { name: null }, null] },
    api: { operation: '' },
    activity_name: 'Create',
  },
  { ...base(1), actor: { user: { uid: 'AIDA:only-uid' } }, user: null },
  // Outcome from action_id when status_id is missing; destination ip; an ip that is no address.
  {
    ...base(2),
    status_id: null,
    action_id: 2,
    dst_endpoint: { ip: '10.0.0.9', port: 443 },
    src_endpoint: { ip: 'bad' },
  },
  // 64-bit integers past 2^53 and negative, booleans, nulls in lists, empty and null lists.
  {
    ...base(0),
    count: '9007199254740993',
    type_uid: '-9223372036854775808',
    flags: [true, null, false],
    matrix: [[1, 2], [], null, [null, 3]],
    metadata: { ...(base(0).metadata as object), profiles: [] },
  },
  { ...base(0), count: 0, flags: [], matrix: [], metadata: { version: '1.1.0', profiles: [null, 'cloud'] } },
  { ...base(0), flags: null, matrix: [[]], labels: [] },
  // Maps: empty, null values, keys an object would reorder or swallow, maps in lists.
  { ...base(0), unmapped: {} },
  { ...base(0), unmapped: { b: 'x', '1': 'one', '0': 'zero', __proto__: 'p', '': 'empty', n: null } },
  { ...base(0), unmapped: null, labels: [{ k: 'v', z: null }, null, {}, { '7': 'seven' }] },
  // Strings that need escaping, and beyond the BMP.
  {
    ...base(1),
    api: { operation: 'Put"Object\\\n\t\u0001', request: { data: '{"a":"\u2028\u00e9\ud83d\ude00"}' } },
  },
  // Timestamps and maps deep inside structs.
  {
    ...base(2),
    deep: { a: { b: { c: { when: 1733450400999, tags: ['x', null], attrs: { k: 'v', e: null } } } } },
  },
  // Dead letters: no time.
  { ...base(0), time: null },
];

describe('columnar Parquet path: the same documents as row objects give', () => {
  it('on the checked-in Security Lake fixture', async () => {
    const read = await expectSameBothWays(fixture('ocsf/api-activity.gz.parquet'), ['columns', 'columns']);
    expect(read.records).toHaveLength(3);
  });

  it.each([
    ['whole', undefined],
    ['by range', 4096],
  ])('on data pages v1 as parquet-mr and Arrow write them, read %s', async (_how, wholeObjectBytes) => {
    // Dictionary and PLAIN pages, several pages a column, nulls and empty lists and maps (test/fixtures/parquet/write-ocsf-v1-pages.py).
    const bytes = fixture('parquet/ocsf-api-activity-v1.gz.parquet');
    const read = await expectSameBothWays(bytes, ['columns', 'columns', 'columns'], wholeObjectBytes);
    expect(read.records).toHaveLength(299);
    expect(read.unparsable.map((u) => [u.ordinal, u.error])).toEqual([[98, 'missing or invalid time']]);
  });

  it('on odd rows: nulls at each level, empty and null lists and maps, odd keys, 64-bit integers', async () => {
    const bytes = writeOcsfParquet(ODD_SCHEMA, ODD_ROWS, { rowGroupSize: 7 });
    const read = await expectSameBothWays(bytes, ['columns', 'columns', 'columns']);
    expect(read.unparsable.map((u) => [u.ordinal, u.error])).toEqual([
      [ODD_ROWS.length, 'missing or invalid time'],
    ]);
  });

  it.each(['SNAPPY', 'UNCOMPRESSED'] as const)('with %s pages', async (codec) => {
    const bytes = writeOcsfParquet(ODD_SCHEMA, ODD_ROWS, { codec, rowGroupSize: 100 });
    const read = await expectSameBothWays(bytes, ['columns']);
    expect(read.records).toHaveLength(ODD_ROWS.length - 1);
  });

  it('on every OCSF class the demo writes, read by range one row group at a time', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ODD_ROWS[i % ODD_ROWS.length]);
    for (const schema of Object.values(OCSF_SCHEMAS)) {
      const bytes = writeOcsfParquet({ ...schema, ...ODD_SCHEMA }, rows, { rowGroupSize: 25 });
      const read = await expectSameBothWays(bytes, ['columns', 'columns', 'columns'], 1024);
      expect(read.records.length + read.unparsable.length).toBe(rows.length);
    }
  });

  it('on columns of many pages (lists and maps across page ends)', async () => {
    // Prepare: pages of about 256 bytes, so every column spans several.
    const count = 400;
    const bytes = parquetWriteBuffer({
      schema: [
        { name: 'schema', num_children: 4 },
        {
          name: 'time',
          type: 'INT64',
          repetition_type: 'REQUIRED',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        },
        { name: 'tags', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'unmapped', repetition_type: 'OPTIONAL', converted_type: 'MAP', num_children: 1 },
        { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
        { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'actor', repetition_type: 'OPTIONAL', num_children: 1 },
        { name: 'user', repetition_type: 'OPTIONAL', num_children: 1 },
        { name: 'name', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      ],
      columnData: [
        { name: 'time', data: Array.from({ length: count }, (_, i) => new Date(1733450400000 + i)) },
        {
          name: 'tags',
          data: Array.from({ length: count }, (_, i) =>
            i % 7 === 0 ? null : Array.from({ length: i % 5 }, (_, j) => (j === 2 ? null : `t${i}-${j}`)),
          ),
        },
        {
          name: 'unmapped',
          data: Array.from({ length: count }, (_, i) =>
            i % 6 === 0
              ? null
              : Array.from({ length: i % 4 }, (_, j) => ({ key: `k${j}`, value: j === 1 ? null : `v${i}` })),
          ),
        },
        {
          name: 'actor',
          data: Array.from({ length: count }, (_, i) =>
            i % 3 === 0 ? null : { user: i % 3 === 1 ? null : { name: `u${i}` } },
          ),
        },
      ],
      pageSize: 256,
      rowGroupSize: 250,
    } as unknown as Parameters<typeof parquetWriteBuffer>[0]);

    // Act, Assess
    const read = await expectSameBothWays(new Uint8Array(bytes), ['columns', 'columns']);
    expect(read.records).toHaveLength(count);
  });

  it('leaves a schema holding a common-field member to row objects (the row is dead-lettered whole)', async () => {
    const schema = { ...OCSF_SCHEMAS.apiActivity, event: { code: 'string' } } as const;
    const bytes = writeOcsfParquet(schema, [{ ...base(0), event: { code: 'x' } }, base(1)]);
    const read = await expectSameBothWays(bytes, ['rows']);
    expect(read.unparsable.map((u) => u.error)).toEqual(['member event is reserved for the common fields']);
  });

  it('leaves a schema with a member name an object reorders (an array index) to row objects', async () => {
    const schema = { ...OCSF_SCHEMAS.apiActivity, '7': 'string' } as OcsfSchema;
    const read = await expectSameBothWays(writeOcsfParquet(schema, [{ ...base(0), '7': 'seven' }]), ['rows']);
    expect(read.records[0].json).toContain('"7":"seven"');
  });

  it('leaves a schema whose cloud is no struct to row objects', async () => {
    const schema = { ...OCSF_SCHEMAS.apiActivity, cloud: 'string' } as OcsfSchema;
    const read = await expectSameBothWays(writeOcsfParquet(schema, [{ ...base(0), cloud: 'aws' }]), ['rows']);
    // A cloud that is no object has no members to keep: the account and region are the key's.
    expect(read.records[0].head).toContain('"cloud":{"account":{"id":"111122223333"},"region":"eu-west-1"}');
  });
});

/** Member names: plain ones, and ones JSON must escape. */
const NAMES = ['a', 'b', 'name', 'uid', 'ip', 'x y', 'é', 'q"', 'back\\slash'];

/** Shapes of every kind the columnar path writes, nested up to three levels. */
const shapeOf: fc.Arbitrary<Shape> = fc.letrec<{ shape: Shape }>((tie) => ({
  shape: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Shape>('string', 'int', 'long', 'bool', 'timestamp', 'map'),
    tie('shape').map((inner) => ({ list: inner })),
    fc.dictionary(fc.constantFrom(...NAMES), tie('shape'), { minKeys: 1, maxKeys: 3 }),
  ),
})).shape;

/** A value of a shape (null anywhere), as writeOcsfParquet takes it. */
function valueOf(shape: Shape): fc.Arbitrary<unknown> {
  const nullable = (arb: fc.Arbitrary<unknown>) => fc.option(arb, { freq: 4, nil: null });
  if (shape === 'string') return nullable(fc.string({ unit: 'grapheme', maxLength: 6 }));
  if (shape === 'int') return nullable(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
  if (shape === 'long') return nullable(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
  if (shape === 'bool') return nullable(fc.boolean());
  if (shape === 'timestamp') return nullable(fc.integer({ min: 0, max: 4_102_444_800_000 }));
  if (shape === 'map')
    return nullable(
      fc.dictionary(fc.string({ maxLength: 4 }), fc.option(fc.string({ maxLength: 4 }), { nil: null }), {
        maxKeys: 3,
      }),
    );
  if ('list' in shape && Object.keys(shape).length === 1)
    return nullable(fc.array(valueOf(shape.list as Shape), { maxLength: 3 }));
  const members = Object.entries(shape as Record<string, Shape>);
  return nullable(fc.record(Object.fromEntries(members.map(([n, s]) => [n, valueOf(s)]))));
}

/** A schema with the members the common fields read, in their OCSF shapes, and random others. */
const schemaOf: fc.Arbitrary<OcsfSchema> = fc
  .record({
    extra: fc.dictionary(fc.constantFrom('x', 'y', 'z', 'metadata', 'resources'), shapeOf, { maxKeys: 3 }),
    ocsf: fc.subarray([
      'cloud',
      'actor',
      'user',
      'api',
      'src_endpoint',
      'unmapped',
      'status_id',
      'activity_name',
    ]),
  })
  .map(({ extra, ocsf }) => ({
    time: 'timestamp' as const,
    ...Object.fromEntries(ocsf.map((name) => [name, ODD_SCHEMA[name]])),
    ...extra,
  }));

describe('columnar Parquet path on generated schemas and rows', () => {
  it('gives the documents and dead letters of the row path on every one', async () => {
    await fc.assert(
      fc.asyncProperty(
        schemaOf.chain((schema) =>
          fc.tuple(
            fc.constant(schema),
            fc.array(fc.record(Object.fromEntries(Object.entries(schema).map(([n, s]) => [n, valueOf(s)]))), {
              minLength: 1,
              maxLength: 12,
            }),
          ),
        ),
        async ([schema, rows]) => {
          const bytes = writeOcsfParquet(schema, rows, { rowGroupSize: 5 });
          const read = await expectSameBothWays(
            bytes,
            Array.from({ length: Math.ceil(rows.length / 5) }, () => 'columns'),
          );
          expect(read.records.length + read.unparsable.length).toBe(rows.length);
        },
      ),
      { seed: 20_261_206, numRuns: 150 },
    );
  });
});

describe('Parquet objects held in part of a larger buffer', () => {
  // A Buffer's slice() is a view, not a copy: its .buffer is all the memory the Buffer lies in.
  const inLargerBuffer = () => {
    const bytes = writeOcsfParquet(OCSF_SCHEMAS.apiActivity, fixtureRows(), { rowGroupSize: 2 });
    return Buffer.concat([Buffer.from('not parquet: 32 bytes of prefix.'), bytes]).subarray(32);
  };

  it.each([
    ['whole', undefined],
    ['by range', 1024],
  ])('are read %s', async (_how, wholeObjectBytes) => {
    const read = await expectSameBothWays(inLargerBuffer(), ['columns', 'columns'], wholeObjectBytes);
    expect(read.records).toHaveLength(3);
  });
});

describe('columnar Parquet path on objects it cannot decode', () => {
  it('fails a column chunk whose bytes lie outside the object as NotParquetError naming its row group', async () => {
    // Prepare: column data cut out before the footer, more of it than the footer is long, so the
    // last group's chunks end past the end of the object (its rows carry 10 KB that do not compress).
    const noise = (i: number) =>
      Array.from({ length: 80 }, (_, j) => createHash('sha512').update(`${i}:${j}`).digest('hex')).join('');
    const noisy = Array.from({ length: 60 }, (_, i) => ({
      ...base(i),
      api: { operation: 'GetObject', request: { data: i >= 40 ? noise(i) : 'small' } },
    }));
    const whole = new Uint8Array(writeOcsfParquet(OCSF_SCHEMAS.apiActivity, noisy, { rowGroupSize: 20 }));
    const footerLength = new DataView(whole.buffer, whole.byteOffset).getUint32(whole.length - 8, true);
    const dataEnd = whole.length - 8 - footerLength;
    const removed = footerLength + 8 + 50;
    const cut = new Uint8Array(whole.length - removed);
    cut.set(whole.subarray(0, dataEnd - removed));
    cut.set(whole.subarray(dataEnd), dataEnd - removed);

    // Act
    const reading = read(bufferObject(cut), true);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(NotParquetError);
    await expect(reading).rejects.toThrow(
      /^corrupt Parquet object: row group 2: parquet column .* lie outside the object/,
    );
  });
});
