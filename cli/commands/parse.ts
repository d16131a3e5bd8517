import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { isLogType } from '../../opensearch/log-types';
import { documentText } from '../../functions/ingest/documents';
import { readLogObject } from '../../functions/ingest/object-reader';
import { errorMessage, type CliCommand } from '../siem';

async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

export const command: CliCommand = {
  summary: 'Print the documents an archived log file would be indexed as, one JSON object per line.',
  usage: 'siem parse FILE [--source cloudtrail|cloudwatch|findings|vpcflow|waf|elb|s3access|cloudfront]',
  exitCodes: [
    [0, 'every record parsed; the documents are on stdout'],
    [
      1,
      'the file could not be read, or a record could not be parsed (the message names the file and record)',
    ],
  ],
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { source: { type: 'string' } },
      allowPositionals: true,
    });
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new Error(`expected one FILE; usage: ${this.usage}`);
    if (values.source !== undefined && !isLogType(values.source))
      throw new Error(`unknown source '${values.source}'`);
    // The file path stands in for the S3 key, so AWS's key layouts are recognised locally too.
    const pointer = { bucket: 'local', key: file };
    try {
      for await (const batch of readLogObject(createReadStream(file, { highWaterMark: 1 << 20 }), pointer, {
        source: values.source,
      })) {
        const bad = batch.unparsable[0];
        if (bad) throw new Error(`${file}: record ${bad.ordinal}: ${bad.error}`);
        if (batch.records.length > 0) await write(batch.records.map(documentText).join('\n') + '\n');
      }
    } catch (err) {
      // Read and gunzip errors ("unexpected end of file") do not say which file.
      const message = errorMessage(err);
      throw new Error(message.includes(file) ? message : `${file}: ${message}`, { cause: err });
    }
    return 0;
  },
};
