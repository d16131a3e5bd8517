import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { INDEX_PREFIX, isLogType } from '../../opensearch/log-types';
import { BulkWriter, type WriteCounts } from '../../functions/ingest/bulk-writer';
import { ingestObject } from '../../functions/ingest/ingest-object';
import {
  awsRegionOf,
  isAwsEndpoint,
  OpenSearchClient,
  type OpenSearchAuth,
} from '../../opensearch/http-client';
import { errorMessage, type CliCommand } from '../siem';

function authFrom(endpoint: string, values: { 'aws-region'?: string; user?: string }): OpenSearchAuth {
  if (values['aws-region'] || isAwsEndpoint(endpoint)) {
    const region = values['aws-region'] ?? awsRegionOf(endpoint) ?? process.env.AWS_REGION;
    if (!region) throw new Error('--aws-region is required for SigV4');
    return { kind: 'sigv4', region, credentials: defaultProvider() };
  }
  if (values.user) {
    const password = process.env.OPENSEARCH_PASSWORD;
    if (password === undefined) throw new Error('set OPENSEARCH_PASSWORD for --user');
    return { kind: 'basic', user: values.user, password };
  }
  return { kind: 'none' };
}

function progressLine(done: number, total: number, c: Readonly<WriteCounts>, started: number): string {
  const seconds = (Date.now() - started) / 1000;
  const rate = seconds > 0 ? Math.round((c.indexed + c.deadLettered) / seconds) : 0;
  return `files ${done}/${total}  records ${c.records}  indexed ${c.indexed}  dead-lettered ${c.deadLettered}  ${rate} docs/s`;
}

/** Exit code when every file was read but some records went to the dead-letter index. */
export const EXIT_DEAD_LETTERED = 3;

/** The `--endpoint` value as a URL, or an error that names the value. */
export function endpointOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--endpoint ${JSON.stringify(value)} is not a URL: expected http(s)://host[:port]`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`--endpoint ${JSON.stringify(value)} is not an http(s) URL`);
  return value;
}

/**
 * A warning when the node has no `<prefix>*` index template, i.e. post-apply has not run there:
 * every field would then be mapped by guess (text, long), the detections and dashboards would
 * not find them, and the first daily index keeps those mappings for the day. Undefined when the
 * templates are there or the question cannot be answered (no permission): ingestion decides then.
 */
export async function missingTemplatesWarning(
  client: Pick<OpenSearchClient, 'request'>,
  endpoint: string,
  indexPrefix: string,
): Promise<string | undefined> {
  let res;
  try {
    res = await client.request('GET', `/_index_template/${encodeURIComponent(indexPrefix)}*`);
  } catch {
    return undefined; // unreachable: the writes report it, with their retries
  }
  if (res.status !== 200 && res.status !== 404) return undefined;
  let templates: unknown;
  try {
    templates = (JSON.parse(res.body.toString()) as { index_templates?: unknown[] }).index_templates;
  } catch {
    return undefined;
  }
  if (res.status === 200 && Array.isArray(templates) && templates.length > 0) return undefined;
  const consequence = 'so fields get guessed mappings the detections and dashboards do not expect';
  return indexPrefix === INDEX_PREFIX
    ? `warning: ${endpoint} has no ${indexPrefix}* index template: post-apply has not run there, ${consequence}. ` +
        `Run first: siem post-apply --endpoint ${endpoint}`
    : `warning: ${endpoint} has no ${indexPrefix}* index template (post-apply writes ${INDEX_PREFIX}* templates only), ` +
        `${consequence}. Use the default --index-prefix, or put the templates there first.`;
}

export const command: CliCommand = {
  summary: 'Load archived log files into OpenSearch the way the ingestion function does.',
  usage:
    'siem ingest FILE... --endpoint URL [--aws-region REGION | --user USER (password in OPENSEARCH_PASSWORD)] [--source NAME] [--index-prefix PREFIX]',
  exitCodes: [
    [0, 'every record indexed'],
    [1, 'a file could not be read or parsed, or a bad option (the message names it)'],
    [EXIT_DEAD_LETTERED, 'every file read, but some records were dead-lettered (see the deadletter index)'],
  ],
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        endpoint: { type: 'string' },
        'aws-region': { type: 'string' },
        user: { type: 'string' },
        source: { type: 'string' },
        'index-prefix': { type: 'string' },
      },
      allowPositionals: true,
    });
    if (!values.endpoint) throw new Error(`--endpoint is required; usage: ${this.usage}`);
    if (positionals.length === 0) throw new Error(`no FILE given; usage: ${this.usage}`);
    const endpoint = endpointOf(values.endpoint);
    const source = values.source;
    if (source !== undefined && !isLogType(source)) throw new Error(`unknown source '${source}'`);
    const client = new OpenSearchClient(endpoint, authFrom(endpoint, values));
    const started = Date.now();
    let done = 0;
    const tty = process.stderr.isTTY;
    const show = (c: Readonly<WriteCounts>) => {
      const line = progressLine(done, positionals.length, c, started);
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    };
    let lastShown = 0;
    const writer = new BulkWriter({
      client,
      indexPrefix: values['index-prefix'],
      onProgress: (c) => {
        if (Date.now() - lastShown > (tty ? 200 : 2000)) {
          lastShown = Date.now();
          show(c);
        }
      },
    });
    const failed: string[] = [];
    try {
      const warning = await missingTemplatesWarning(client, endpoint, values['index-prefix'] ?? INDEX_PREFIX);
      if (warning) console.error(warning);
      for (const file of positionals) {
        try {
          await ingestObject(
            createReadStream(file, { highWaterMark: 1 << 20 }),
            { bucket: 'local', key: file },
            writer,
            {
              source,
            },
          );
        } catch (err) {
          const message = errorMessage(err);
          failed.push(message.startsWith(file) ? message : `${file}: ${message}`);
        }
        done++;
      }
      const counts = await writer.flush();
      show(counts);
      if (tty) process.stderr.write('\n');
      for (const f of failed) console.error(`failed: ${f}`);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `${positionals.length} files (${failed.length} failed), ${counts.records} records: ${counts.indexed} indexed ` +
          `(${counts.keptAsText} with conflicting fields kept as text), ${counts.deadLettered} dead-lettered, in ${seconds} s`,
      );
      if (failed.length > 0) return 1;
      return counts.deadLettered > 0 ? EXIT_DEAD_LETTERED : 0;
    } finally {
      client.close();
    }
  },
};
