import { gunzipSync } from 'node:zlib';
import { readLogObject } from '../../../functions/ingest/object-reader';
import { naiveSourceBody } from '../../../scripts/bench/naive-sources';
import { benchObjects, type BenchSource } from '../../../scripts/bench/source-objects';
import { oursToBody } from '../../../scripts/bench/sources-bench';

/*
 * The wave-2 bench measures documents, not dead letters: every generated object must parse whole,
 * every record as its own source, and the baseline must do the same number of documents.
 */

const SOURCES: BenchSource[] = [
  'tgwflow',
  'guardduty',
  'config',
  'bedrock',
  'eksaudit',
  'rdsaudit',
  'apigateway',
  'linux',
  'windows',
  'clientvpn',
];
// Over one 1 MB CloudWatch batch for every routed source, and not a multiple of any fixture's size.
const COUNT = 1_237;

describe('wave-2 bench objects', () => {
  const objects = benchObjects(COUNT);

  it('covers every wave-2 source', () => {
    expect(objects.map((o) => o.source)).toEqual(SOURCES);
  });

  it.each(SOURCES)('%s: every record a document of its own source, no dead letter', async (source) => {
    // Arrange
    const object = objects.find((o) => o.source === source)!;
    const logTypes: Record<string, number> = {};
    let unparsable = 0;

    // Act
    for await (const batch of readLogObject(object.body, { bucket: 'bench', key: object.key })) {
      unparsable += batch.unparsable.length;
      for (const r of batch.records) logTypes[r.logType] = (logTypes[r.logType] ?? 0) + 1;
    }
    const ours = await oursToBody(object.body, object.key);
    const naive = naiveSourceBody(object, object.body);

    // Assess
    expect(unparsable).toBe(0);
    expect(logTypes).toEqual({ [source]: COUNT });
    expect(ours).toMatchObject({ records: COUNT, deadLettered: 0 });
    expect(naive.records).toBe(COUNT);
  });

  it('gives the same bytes for the same count', () => {
    const again = benchObjects(COUNT, ['tgwflow', 'windows']);
    expect(again.map((o) => o.body)).toEqual(
      objects.filter((o) => ['tgwflow', 'windows'].includes(o.source)).map((o) => o.body),
    );
  });

  it('splits large CloudWatch objects into payloads CloudWatch could deliver (1 MB batches)', () => {
    const [eks] = benchObjects(4_000, ['eksaudit']);
    const text = gunzipSync(eks!.body).toString();
    const lines = text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThan(2_000_000);
  });
});
