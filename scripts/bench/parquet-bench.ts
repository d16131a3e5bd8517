import { parquetReadObjects } from 'hyparquet';
import { documentText } from '../../functions/ingest/documents';
import { readLogObject } from '../../functions/ingest/object-reader';
import { COMPRESSORS } from '../../functions/ingest/parquet-rows';
import { bufferObject } from '../../functions/ingest/random-access';
import { OCSF_SCHEMAS, writeOcsfParquet } from '../demo/generate/ocsf-parquet';

/*
 * Security Lake Parquet (OCSF API Activity, GZIP pages, several row groups): the ingestion path
 * (row group by row group into documents with the common fields) against the naive baseline
 * (read every row of the object into objects at once, JSON.stringify each). Both in one process,
 * alternated, medians of the repeats: the machine is shared, so only ratios mean much. Rows per
 * CPU-second (the process's, all threads) say whether a million-row object fits a 300 s Lambda.
 */

const KEY =
  'aws/CLOUD_TRAIL_MGMT/2.0/region=eu-west-1/accountId=111122223333/eventDay=20241206/bench.gz.parquet';

function rows(count: number): Record<string, unknown>[] {
  const users = ['build-bot', 'alice', 'deploy', 'bob', 'ci-runner'];
  const operations = [
    'GetObject',
    'PutObject',
    'DescribeInstances',
    'AssumeRole',
    'ListBuckets',
    'GetCallerIdentity',
  ];
  return Array.from({ length: count }, (_, i) => ({
    metadata: {
      product: { version: '1.09', name: 'CloudTrail', vendor_name: 'AWS', feature: { name: 'Management' } },
      uid: `0f2a4c1e-7b9d-4f3a-9c1e-${String(i).padStart(12, '0')}`,
      profiles: ['cloud', 'datetime'],
      version: '1.1.0',
      event_code: 'AwsApiCall',
    },
    time: 1733450400000 + i * 37,
    cloud: { region: 'eu-west-1', provider: 'AWS', account: { uid: '111122223333' } },
    api: {
      operation: operations[i % operations.length],
      service: { name: 's3.amazonaws.com' },
      request: { uid: `REQ${i}`, data: `{"bucketName":"bucket-${i % 40}","key":"k/${i}"}` },
      response: i % 9 === 0 ? { error: 'AccessDenied', message: 'not authorized' } : null,
    },
    actor: {
      user: {
        type: 'AssumedRole',
        name: users[i % users.length],
        uid: `AROA:${users[i % users.length]}`,
        account: { uid: '111122223333' },
      },
      session: {
        created_time: 1733449000000,
        mfa: i % 2 === 0,
        issuer: 'arn:aws:iam::111122223333:role/app',
      },
    },
    http_request: { user_agent: 'aws-cli/2.15.0' },
    src_endpoint: { ip: `10.0.${(i >> 8) & 255}.${i & 255}` },
    resources: [{ uid: `arn:aws:s3:::bucket-${i % 40}`, type: 'AWS::S3::Bucket' }],
    class_name: 'API Activity',
    class_uid: 6003,
    category_name: 'Audit Activity',
    category_uid: 6,
    severity_id: 1,
    severity: 'Informational',
    activity_name: 'Read',
    activity_id: 2,
    type_uid: 600302,
    status: i % 9 === 0 ? 'Failure' : 'Success',
    status_id: i % 9 === 0 ? 2 : 1,
    unmapped: { recipientAccountId: '111122223333', eventType: 'AwsApiCall' },
  }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const bigintSafe = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/** The naive baseline: every row of the object as an object at once, then JSON.stringify each. */
async function naive(bytes: Buffer): Promise<{ docs: number; chars: number; peakHeap: number }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const all = await parquetReadObjects({ file, compressors: COMPRESSORS });
  let chars = 0;
  for (const row of all) chars += JSON.stringify(row, bigintSafe).length;
  return { docs: all.length, chars, peakHeap: process.memoryUsage().heapUsed };
}

/** The ingestion path: row group by row group, documents with the common fields. */
async function ours(bytes: Buffer): Promise<{ docs: number; chars: number; peakHeap: number }> {
  let docs = 0;
  let chars = 0;
  let peakHeap = 0;
  for await (const batch of readLogObject(bufferObject(bytes), { bucket: 'lake', key: KEY })) {
    for (const record of batch.records) chars += documentText(record).length;
    docs += batch.records.length;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  return { docs, chars, peakHeap };
}

/** Prints the Parquet figures; `quick` shrinks the object and the repeats. */
export async function parquetFigures(quick: boolean): Promise<void> {
  const count = quick ? 20_000 : 100_000;
  const repeats = quick ? 3 : 5;
  const bytes = writeOcsfParquet(OCSF_SCHEMAS.apiActivity, rows(count), { rowGroupSize: 10_000 });
  const times: Record<'ours' | 'naive', number[]> = { ours: [], naive: [] };
  // CPU time of the process (every thread: the collector's helpers too), what a Lambda pays for.
  const cpu: Record<'ours' | 'naive', number[]> = { ours: [], naive: [] };
  const heap: Record<'ours' | 'naive', number[]> = { ours: [], naive: [] };
  for (let r = 0; r < repeats; r++) {
    for (const [name, run] of [
      ['naive', naive],
      ['ours', ours],
    ] as const) {
      global.gc?.();
      const base = process.memoryUsage().heapUsed;
      const started = process.hrtime.bigint();
      const cpuStarted = process.cpuUsage();
      const result = await run(bytes);
      times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
      const used = process.cpuUsage(cpuStarted);
      cpu[name].push((used.user + used.system) / 1000);
      heap[name].push(result.peakHeap - base);
      if (result.docs !== count) throw new Error(`${name}: ${result.docs} documents of ${count}`);
    }
  }
  const oursMs = median(times.ours);
  const naiveMs = median(times.naive);
  console.log(
    `parquet (Security Lake OCSF, ${count} rows, ${count / 10_000} row groups, GZIP, ${(bytes.length / 1e6).toFixed(1)} MB): ` +
      `${Math.round(count / (oursMs / 1000))} rows/s, ${(naiveMs / oursMs).toFixed(2)}× the naive baseline's speed ` +
      `(read all rows, JSON.stringify each); ` +
      `${Math.round(count / (median(cpu.ours) / 1000))} rows per CPU-second ` +
      `(${(median(cpu.naive) / median(cpu.ours)).toFixed(2)}× the baseline's)` +
      // Heap figures only mean something when each run starts from a collected heap.
      (global.gc
        ? `; heap growth ${(median(heap.ours) / median(heap.naive)).toFixed(2)}× the baseline's`
        : '') +
      `; medians of ${repeats}`,
  );
}

if (require.main === module) {
  parquetFigures(process.argv.includes('--quick')).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
