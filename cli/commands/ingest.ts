import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { isLogType } from '../../opensearch/log-types';
import { BulkWriter, type WriteCounts } from '../../functions/ingest/bulk-writer';
import { ingestObject } from '../../functions/ingest/ingest-object';
import {
  isAwsEndpoint,
  OpenSearchClient,
  type OpenSearchAuth,
} from '../../functions/ingest/opensearch-client';
import type { CliCommand } from '../siem';

function authFrom(endpoint: string, values: { 'aws-region'?: string; user?: string }): OpenSearchAuth {
  if (values['aws-region'] || isAwsEndpoint(endpoint)) {
    const region =
      values['aws-region'] ?? process.env.AWS_REGION ?? /\.([a-z]{2}-[a-z]+-\d)\.es\./.exec(endpoint)?.[1];
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

export const command: CliCommand = {
  summary: 'Load archived log files into OpenSearch the way the ingestion function does.',
  usage:
    'siem ingest FILE... --endpoint URL [--aws-region REGION | --user USER (password in OPENSEARCH_PASSWORD)] [--source NAME] [--index-prefix PREFIX]',
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
    const source = values.source;
    if (source !== undefined && !isLogType(source)) throw new Error(`unknown source '${source}'`);
    const client = new OpenSearchClient(values.endpoint, authFrom(values.endpoint, values));
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
          const message = err instanceof Error ? err.message : String(err);
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
      return failed.length > 0 ? 1 : 0;
    } finally {
      client.close();
    }
  },
};
