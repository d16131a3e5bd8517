import { documentText } from '../../../functions/ingest/documents';
import { createParser } from '../../../functions/ingest/parsers/registry';
import type { ParsedRecord, UnparsableRecord } from '../../../functions/ingest/types';
import { fixture } from './fixtures';

/** A CloudWatch Logs fixture through the routing table, fed in chunks of `chunk` characters. */
export function parseRouted(path: string, chunk?: number) {
  const text = fixture(path).toString('utf8');
  const records: ParsedRecord[] = [];
  const dead: UnparsableRecord[] = [];
  const parser = createParser('cloudwatch', {
    bucket: 'archive',
    key: 'AWSLogs/123456789012/CloudWatchLogs/eu-west-1/x/2025/01/15/10/a.json.gz',
    accountId: '123456789012',
    region: 'eu-west-1',
    objectId: 'OBJ',
  });
  const sink = {
    record: (r: ParsedRecord) => records.push(r),
    unparsable: (u: UnparsableRecord) => dead.push(u),
  };
  const size = chunk ?? text.length;
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), sink);
  parser.end(sink);
  const texts = records.map((r) => documentText(r));
  // Tests read nested members of the parsed documents directly; their shape is what is under test.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const docs = texts.map((t) => JSON.parse(t) as Record<string, any>);
  return { records, dead, texts, docs };
}
