/**
 * What the `event.ingested` default pipeline costs the node (`npx tsx scripts/bench/ingest-pipeline-bench.ts
 * [--endpoint URL] [--rounds 5] [--documents 20000]`): the same generated CloudTrail objects
 * written by the ingestion function's parser and bulk writer into indices with the pipeline and
 * into indices of the same templates without it (`index.default_pipeline: _none`), alternating,
 * several rounds. Node CPU comes from the nodes stats API (`process.cpu.total_in_millis`), as in
 * ingest-bench.ts. Printed: node CPU per 1,000 documents of each (medians) and their ratio, then
 * bytes per document of each after a force merge to one segment. The machine may be shared: the
 * ratio, measured within one run, is the figure; absolute times are not.
 */
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { BulkWriter } from '../../functions/ingest/bulk-writer';
import { ingestObject } from '../../functions/ingest/ingest-object';
import { OpenSearchClient } from '../../opensearch/http-client';
import { indexTemplates } from '../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../opensearch/ingest-pipeline';
import { cloudTrailFile } from './generate-logs';

interface Variant {
  readonly name: 'with pipeline' | 'without';
  readonly prefix: string;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function nodeCpuMillis(client: OpenSearchClient): Promise<number> {
  const stats = await client.json<{
    nodes: Record<string, { process: { cpu: { total_in_millis: number } } }>;
  }>('GET', '/_nodes/stats/process');
  return Object.values(stats.nodes).reduce((sum, n) => sum + n.process.cpu.total_in_millis, 0);
}

async function putTemplates(client: OpenSearchClient, variant: Variant): Promise<void> {
  for (const t of indexTemplates({ prefix: variant.prefix })) {
    const template = t.body.template as { settings: Record<string, unknown> };
    template.settings = {
      ...template.settings,
      'index.number_of_replicas': 0,
      ...(variant.name === 'without' ? { 'index.default_pipeline': '_none' } : {}),
    };
    await client.json('PUT', `/_index_template/${t.name}`, t.body);
  }
}

/** Node CPU (ms) to write `object` into the variant's indices. */
async function writeOnce(
  client: OpenSearchClient,
  variant: Variant,
  object: Buffer,
  round: number,
): Promise<number> {
  const writer = new BulkWriter({ client, indexPrefix: variant.prefix, concurrency: 2 });
  const before = await nodeCpuMillis(client);
  await ingestObject(
    object,
    {
      bucket: 'bench',
      key: `AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/pipeline-${round}.json.gz`,
    },
    writer,
  );
  const counts = await writer.flush();
  const used = (await nodeCpuMillis(client)) - before;
  if (counts.deadLettered > 0) throw new Error(`${variant.name}: ${counts.deadLettered} dead letters`);
  return used;
}

async function bytesPerDocument(client: OpenSearchClient, variant: Variant): Promise<number> {
  const pattern = `${variant.prefix}cloudtrail-*`;
  await client.json('POST', `/${pattern}/_refresh`);
  await client.json('POST', `/${pattern}/_forcemerge?max_num_segments=1&flush=true`);
  const stats = await client.json<{
    _all: { primaries: { docs: { count: number }; store: { size_in_bytes: number } } };
  }>('GET', `/${pattern}/_stats/docs,store`);
  return stats._all.primaries.store.size_in_bytes / stats._all.primaries.docs.count;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string', default: process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200' },
      rounds: { type: 'string', default: '5' },
      documents: { type: 'string', default: '20000' },
    },
  });
  const rounds = Number(values.rounds);
  const documents = Number(values.documents);
  const client = new OpenSearchClient(values.endpoint ?? '');
  const stamp = Date.now();
  const variants: Variant[] = [
    { name: 'with pipeline', prefix: `pbench-${stamp}-with-` },
    { name: 'without', prefix: `pbench-${stamp}-without-` },
  ];
  const cpu = new Map<Variant['name'], number[]>(variants.map((v) => [v.name, []]));
  try {
    await client.json('PUT', ingestPipelinePath(), ingestPipeline().body);
    for (const v of variants) await putTemplates(client, v);
    // Warm-up: index creation, mappings and JIT are not what is measured.
    for (const v of variants) await writeOnce(client, v, gzipSync(cloudTrailFile(1, 2000)), 0);
    for (let round = 1; round <= rounds; round++) {
      const object = gzipSync(cloudTrailFile(100 + round, documents, Date.UTC(2024, 4, 1) + round * 1000));
      // Alternate which goes first, so a neighbour's load does not always land on the same one.
      const order = round % 2 ? variants : [...variants].reverse();
      for (const v of order) {
        const ms = await writeOnce(client, v, object, round);
        cpu.get(v.name)?.push((ms / documents) * 1000);
        console.error(`round ${round} ${v.name}: node CPU ${ms} ms for ${documents} documents`);
      }
    }
    const [withMs, withoutMs] = variants.map((v) => median(cpu.get(v.name) ?? []));
    const [withBytes, withoutBytes] = [
      await bytesPerDocument(client, variants[0] as Variant),
      await bytesPerDocument(client, variants[1] as Variant),
    ];
    console.log(`node CPU per 1,000 CloudTrail documents, median of ${rounds} rounds of ${documents}:`);
    console.log(`  with the event.ingested pipeline  ${withMs?.toFixed(1)} ms`);
    console.log(`  without (default_pipeline _none)  ${withoutMs?.toFixed(1)} ms`);
    console.log(`  ratio of the medians              ${((withMs ?? 0) / (withoutMs ?? 1)).toFixed(2)}×`);
    const paired = (cpu.get('with pipeline') ?? []).map((w, i) => w / (cpu.get('without')?.[i] ?? w));
    console.log(`  median of the per-round ratios    ${median(paired).toFixed(2)}×`);
    console.log(
      `  per round (with / without): ${variants
        .map((v) =>
          cpu
            .get(v.name)
            ?.map((x) => x.toFixed(0))
            .join(' '),
        )
        .join(' / ')}`,
    );
    console.log('bytes per document on disk (one segment, best_compression):');
    console.log(
      `  with ${withBytes.toFixed(1)}, without ${withoutBytes.toFixed(1)}: ${((withBytes / withoutBytes - 1) * 100).toFixed(1)}%`,
    );
  } finally {
    for (const v of variants) {
      await client.request('DELETE', `/${v.prefix}*`).catch(() => undefined);
      for (const t of indexTemplates({ prefix: v.prefix }))
        await client.request('DELETE', `/_index_template/${t.name}`).catch(() => undefined);
    }
    client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
