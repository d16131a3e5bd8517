/**
 * Index size benchmark (`npm run bench:index-size`): prints figures, asserts nothing.
 *
 * For each source (CloudTrail, VPC flow v5, WAF) it writes the same seeded documents through the
 * real ingestion path (`ingestObject` + `BulkWriter`) into the local OpenSearch once per mapping
 * variant, force-merges each index to one segment and reads its size (`_stats/store`, primaries)
 * and the size of each Lucene file kind (`include_segment_file_sizes`). Variants: a dynamic-mapping
 * baseline (no template but the alias), the previous template (the file at `--previous`, default
 * the commit before the size work), the current template, each codec, and with `--ablate` one
 * change at a time to show what each part costs. It also prints the node's CPU time per 1,000
 * documents indexed (`_nodes/stats/process` before and after the bulk writes and refresh): the
 * node is shared, so CPU figures carry the noise of whatever else runs on it.
 *
 * Options: --endpoint URL (default $OPENSEARCH_URL or the recorded local node), --docs N (per
 * source, default 40000), --sources cloudtrail,vpcflow,waf, --previous <git rev>, --ablate.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { BulkWriter } from '../../functions/ingest/bulk-writer';
import { ingestObject } from '../../functions/ingest/ingest-object';
import { parseLogObject } from '../../functions/ingest/index';
import { OpenSearchClient } from '../../opensearch/http-client';
import { INDEX_CODEC, indexTemplates, type IndexTemplate } from '../../opensearch/index-templates';
import { ingestPipeline, ingestPipelinePath } from '../../opensearch/ingest-pipeline';
import type { LogType } from '../../opensearch/log-types';
import { openSearchStateFile } from '../local/paths';
import { cloudTrailFile, vpcFlowFile, wafFile } from './generate-logs';

/** The last commit before the index-size work: the template the figures are compared with. */
const PREVIOUS_TEMPLATE_REV = '78687fb';

type Templates = (prefix: string) => IndexTemplate[];

interface Variant {
  readonly name: string;
  readonly templates: Templates;
}

interface Source {
  readonly logType: LogType;
  /** The object as S3 holds it (uncompressed), and a key that routes it to the log type. */
  readonly text: string;
  readonly key: string;
  /** Bytes of each record as the source writes it (JSON record or log line). */
  readonly rawBytes: number;
}

interface Figures {
  readonly docs: number;
  readonly bytes: number;
  readonly files: Readonly<Record<string, number>>;
  readonly cpuMs: number;
  readonly codec: string;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Lucene file kinds, grouped as the table shows them. */
const FILE_GROUPS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['stored', ['fdt', 'fdx', 'fdm']],
  ['terms', ['tim', 'tip', 'tmd']],
  ['postings', ['doc', 'pos', 'pay']],
  ['docvalues', ['dvd', 'dvm']],
  ['points', ['kdd', 'kdi', 'kdm']],
  ['norms', ['nvd', 'nvm']],
];

function groupFiles(files: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  let grouped = 0;
  for (const [group, exts] of FILE_GROUPS) {
    out[group] = exts.reduce((sum, ext) => sum + (files[ext] ?? 0), 0);
    grouped += out[group];
  }
  out.other = Object.values(files).reduce((a, b) => a + b, 0) - grouped;
  return out;
}

/** Deep copy of templates with `mutate` applied to each log-type template's `template` part. */
function transform(
  base: Templates,
  mutate: (template: Record<string, unknown>, name: string) => void,
): Templates {
  return (prefix) =>
    base(prefix).map((t) => {
      // Through JSON, not structuredClone: template modules share one object between fields
      // (`requestParameters: flat, responseElements: flat`), and a clone would keep them shared.
      const body = JSON.parse(JSON.stringify(t.body)) as Record<string, unknown>;
      const template = (body.template ?? {}) as Record<string, unknown>;
      if (!t.name.endsWith('deadletter')) mutate(template, t.name);
      return { name: t.name, body };
    });
}

const withSettings = (base: Templates, settings: Record<string, unknown>): Templates =>
  transform(base, (template) => {
    template.settings = { ...((template.settings as Record<string, unknown>) ?? {}), ...settings };
  });

/** Applies `fn` to every mapping node (properties, multi-fields, dynamic template mappings). */
function eachMapping(
  template: Record<string, unknown>,
  fn: (node: Record<string, unknown>, path: string) => void,
): void {
  const mappings = template.mappings as Record<string, unknown>;
  const walk = (props: Record<string, unknown> | undefined, prefix: string) => {
    for (const [name, node] of Object.entries(props ?? {})) {
      const n = node as Record<string, unknown>;
      fn(n, prefix + name);
      walk(n.properties as Record<string, unknown> | undefined, `${prefix}${name}.`);
    }
  };
  walk(mappings.properties as Record<string, unknown>, '');
  for (const entry of (mappings.dynamic_templates as Record<
    string,
    { mapping: Record<string, unknown> }
  >[]) ?? []) {
    for (const t of Object.values(entry)) fn(t.mapping, '*');
  }
}

/** The template file of an earlier commit, loaded from a temporary copy of it and its imports. */
async function previousTemplates(rev: string): Promise<Templates | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'siem-prev-template-'));
  try {
    for (const file of ['index-templates.ts', 'log-types.ts']) {
      const text = execFileSync('git', ['show', `${rev}:opensearch/${file}`], {
        cwd: path.resolve(__dirname, '..', '..'),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      fs.writeFileSync(path.join(dir, file), text);
    }
    const mod = (await import(path.join(dir, 'index-templates.ts'))) as {
      indexTemplates: (o: { prefix: string }) => IndexTemplate[];
    };
    return (prefix) => mod.indexTemplates({ prefix });
  } catch {
    return undefined;
  }
}

/** No mapping of ours: only the alias, so OpenSearch's dynamic mapping decides every field. */
const dynamicMapping: Templates = (prefix) =>
  indexTemplates({ prefix }).map((t) => ({
    name: t.name,
    body: {
      index_patterns: t.body.index_patterns,
      priority: t.body.priority,
      template: { aliases: (t.body.template as { aliases: unknown }).aliases },
    },
  }));

function variants(previous: Templates | undefined, ablate: boolean): Variant[] {
  const current: Templates = (prefix) => indexTemplates({ prefix });
  const out: Variant[] = [{ name: 'dynamic mapping', templates: dynamicMapping }];
  if (previous) {
    out.push({ name: 'previous template', templates: previous });
    out.push({
      name: 'previous + best_compression',
      templates: withSettings(previous, { 'index.codec': 'best_compression' }),
    });
  }
  for (const codec of ['default', 'best_compression', 'zstd', 'zstd_no_dict']) {
    if (codec === INDEX_CODEC) continue;
    out.push({ name: `current, codec ${codec}`, templates: withSettings(current, { 'index.codec': codec }) });
  }
  out.push({ name: `current (codec ${INDEX_CODEC}) *`, templates: current });
  if (!ablate || !previous) return out;
  // One change at a time on the previous template, default codec: what each part costs.
  const prev = previous;
  out.push(
    {
      name: 'prev: strings without doc_values',
      templates: transform(prev, (t) =>
        eachMapping(t, (n, p) => {
          if (p === '*' && n.type === 'keyword') n.doc_values = false;
        }),
      ),
    },
    {
      name: 'prev: strings not indexed (doc_values only)',
      templates: transform(prev, (t) =>
        eachMapping(t, (n, p) => {
          if (p === '*' && n.type === 'keyword') n.index = false;
        }),
      ),
    },
    {
      name: 'prev: strings neither (source only)',
      templates: transform(prev, (t) =>
        eachMapping(t, (n, p) => {
          if (p === '*' && n.type === 'keyword') Object.assign(n, { index: false, doc_values: false });
        }),
      ),
    },
    {
      name: 'prev: flat_object subtrees disabled',
      templates: transform(prev, (t) =>
        eachMapping(t, (n) => {
          if (n.type === 'flat_object') Object.assign(n, { type: 'object', enabled: false });
        }),
      ),
    },
    ...['requestParameters', 'responseElements', 'additionalEventData', 'ruleGroupList'].map((field) => ({
      name: `prev: ${field} disabled`,
      templates: transform(prev, (t) =>
        eachMapping(t, (n, p) => {
          if (p === field && n.type === 'flat_object') Object.assign(n, { type: 'object', enabled: false });
        }),
      ),
    })),
    {
      name: 'current + index.sort by dataset, action',
      templates: withSettings(current, {
        'index.sort.field': ['event.dataset', 'event.action', '@timestamp'],
        'index.sort.order': ['asc', 'asc', 'asc'],
      }),
    },
    {
      name: 'current, codec zstd level 6',
      templates: withSettings(current, { 'index.codec': 'zstd', 'index.codec.compression_level': 6 }),
    },
  );
  return out;
}

function sources(count: number, wanted: ReadonlySet<string>): Source[] {
  const out: Source[] = [];
  const day = 'AWSLogs/123456789012';
  if (wanted.has('cloudtrail')) {
    const text = cloudTrailFile(11, count);
    // Records are comma-separated inside {"Records":[...]}: each one's bytes, without the commas.
    out.push({
      logType: 'cloudtrail',
      text,
      key: `${day}/CloudTrail/us-east-1/2024/05/01/123456789012_CloudTrail_us-east-1_size.json.gz`,
      rawBytes: (Buffer.byteLength(text) - '{"Records":[]}'.length - (count - 1)) / count,
    });
  }
  if (wanted.has('vpcflow')) {
    const text = vpcFlowFile(12, count);
    const header = text.indexOf('\n') + 1;
    out.push({
      logType: 'vpcflow',
      text,
      key: `${day}/vpcflowlogs/us-east-1/2024/05/01/123456789012_vpcflowlogs_size.log.gz`,
      rawBytes: (Buffer.byteLength(text) - header - count) / count,
    });
  }
  if (wanted.has('waf')) {
    const text = wafFile(13, count);
    out.push({
      logType: 'waf',
      text,
      key: 'firehose/waf/2024/05/01/00/aws-waf-logs-size-1-2024-05-01-00-00-00-x.gz',
      rawBytes: Buffer.byteLength(text) / count,
    });
  }
  return out;
}

async function nodeCpuMillis(client: OpenSearchClient): Promise<number> {
  const stats = await client.json<{
    nodes: Record<string, { process: { cpu: { total_in_millis: number } } }>;
  }>('GET', '/_nodes/stats/process');
  return Object.values(stats.nodes).reduce((sum, n) => sum + n.process.cpu.total_in_millis, 0);
}

async function measure(
  client: OpenSearchClient,
  source: Source,
  variant: Variant,
  gz: Buffer,
  prefix: string,
): Promise<Figures> {
  const templates = variant.templates(prefix);
  try {
    await client.json('PUT', ingestPipelinePath(), ingestPipeline().body);
    for (const t of templates) {
      const settings = (t.body.template as { settings?: Record<string, unknown> }).settings;
      (t.body.template as Record<string, unknown>).settings = { ...settings, 'index.number_of_replicas': 0 };
      await client.json('PUT', `/_index_template/${t.name}`, t.body);
    }
    const writer = new BulkWriter({ client, indexPrefix: prefix, concurrency: 2 });
    const cpuBefore = await nodeCpuMillis(client);
    await ingestObject(gz, { bucket: 'bench', key: source.key }, writer);
    const counts = await writer.flush();
    const pattern = `${prefix}${source.logType}-*`;
    await client.json('POST', `/${pattern}/_refresh`);
    const cpuMs = (await nodeCpuMillis(client)) - cpuBefore;
    if (counts.deadLettered > 0 || counts.keptAsText > 0)
      throw new Error(
        `${variant.name}/${source.logType}: ${counts.deadLettered} dead-lettered, ${counts.keptAsText} kept as text`,
      );
    await client.json('POST', `/${pattern}/_forcemerge?max_num_segments=1&flush=true`);
    // The merged-away segments' files are deleted once no reader holds them: refresh first.
    await client.json('POST', `/${pattern}/_refresh`);
    const stats = await client.json<{
      _all: {
        primaries: {
          docs: { count: number };
          store: { size_in_bytes: number };
          segments: { count: number; file_sizes: Record<string, { size_in_bytes: number }> };
        };
      };
    }>('GET', `/${pattern}/_stats/docs,store,segments?include_segment_file_sizes=true`);
    const p = stats._all.primaries;
    const settings = await client.json<Record<string, { settings: { index: { codec?: string } } }>>(
      'GET',
      `/${pattern}/_settings`,
    );
    const codec = Object.values(settings)[0]?.settings.index.codec ?? 'default';
    const files = Object.fromEntries(
      Object.entries(p.segments.file_sizes).map(([k, v]) => [k, v.size_in_bytes]),
    );
    if (p.segments.count !== 1)
      console.log(`  (${variant.name}: ${p.segments.count} segments after force-merge)`);
    return { docs: p.docs.count, bytes: p.store.size_in_bytes, files, cpuMs, codec };
  } finally {
    await client.request('DELETE', `/${prefix}*`).catch(() => undefined);
    for (const t of templates)
      await client.request('DELETE', `/_index_template/${t.name}`).catch(() => undefined);
  }
}

function recordedNodeUrl(): string | undefined {
  if (!fs.existsSync(openSearchStateFile)) return undefined;
  return (JSON.parse(fs.readFileSync(openSearchStateFile, 'utf8')) as { url?: string }).url;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string' },
      docs: { type: 'string' },
      sources: { type: 'string' },
      previous: { type: 'string' },
      ablate: { type: 'boolean' },
    },
  });
  const endpoint =
    values.endpoint ?? process.env.OPENSEARCH_URL ?? recordedNodeUrl() ?? 'http://localhost:9200';
  const client = new OpenSearchClient(endpoint);
  try {
    await client.json('GET', '/');
  } catch {
    console.log(`Index size: skipped (no OpenSearch at ${endpoint})`);
    client.close();
    return;
  }
  const count = Number(values.docs ?? 40_000);
  const previous = await previousTemplates(values.previous ?? PREVIOUS_TEMPLATE_REV);
  if (!previous)
    console.log(`(previous template at ${values.previous ?? PREVIOUS_TEMPLATE_REV} not found: skipped)`);
  const list = variants(previous, values.ablate ?? false);
  const run = `isz-${Date.now().toString(36)}`;
  console.log(
    `Index size on ${endpoint}: ${fmt(count)} documents per source, force-merged to 1 segment, primaries.\n` +
      `B/doc = _stats/store bytes per document; ×raw = against the record as AWS writes it; ×doc = against ` +
      `the JSON document sent; ×prev = against the previous template; CPU = node CPU-seconds per 1,000 ` +
      `documents indexed (bulk + refresh). Columns after CPU: bytes/doc per Lucene file kind.`,
  );
  try {
    for (const source of sources(count, new Set((values.sources ?? 'cloudtrail,vpcflow,waf').split(',')))) {
      const gz = gzipSync(source.text);
      const docs = await parseLogObject(gz, { bucket: 'bench', key: source.key });
      const docBytes =
        docs.reduce((s, d) => s + Buffer.byteLength(JSON.stringify(d.document)), 0) / docs.length;
      const gzBytes = gz.length / count;
      console.log(
        `\n${source.logType}: raw ${fmt(source.rawBytes)} B/record, JSON document ${fmt(docBytes)} B, ` +
          `gzip of the object ${fmt(gzBytes)} B/record`,
      );
      const header =
        'variant'.padEnd(44) +
        ['B/doc', '×raw', '×doc', '×prev', 'CPU s/1k', ...FILE_GROUPS.map(([g]) => g), 'other']
          .map((h) => h.padStart(h.length > 7 ? h.length + 1 : 8))
          .join('') +
        '  codec';
      console.log(header);
      let prevBytes: number | undefined;
      for (const [i, variant] of list.entries()) {
        const f = await measure(client, source, variant, gz, `${run}-${i}-`);
        if (f.docs !== docs.length)
          throw new Error(`${variant.name}: ${f.docs} documents, expected ${docs.length}`);
        const perDoc = f.bytes / f.docs;
        if (variant.name === 'previous template') prevBytes = perDoc;
        const groups = groupFiles(f.files);
        console.log(
          variant.name.padEnd(44) +
            [
              fmt(perDoc),
              (perDoc / source.rawBytes).toFixed(2),
              (perDoc / docBytes).toFixed(2),
              prevBytes ? (perDoc / prevBytes).toFixed(2) : '-',
              (f.cpuMs / f.docs).toFixed(2),
            ]
              .map((v) => v.padStart(8))
              .join('') +
            [...FILE_GROUPS.map(([g]) => g), 'other']
              .map((g) => fmt(groups[g] / f.docs).padStart(g.length > 7 ? g.length + 1 : 8))
              .join('') +
            `  ${f.codec}`,
        );
      }
    }
  } finally {
    client.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
