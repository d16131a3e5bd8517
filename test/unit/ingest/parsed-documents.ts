import { documentText, objectId } from '../../../functions/ingest/documents';
import type { LogObjectParser, ObjectContext, S3Pointer } from '../../../functions/ingest/types';

/*
 * Documents of one object straight from a parser (no object reader): what parseLogObject gives,
 * for tests of a parser on its own. The object is fed as bytes when the parser takes bytes.
 */

export interface ParsedDocument {
  readonly timestamp: number;
  readonly id: string;
  readonly document: Record<string, unknown>;
}

export function documentsOf(
  create: (ctx: ObjectContext) => LogObjectParser,
  body: Buffer,
  pointer: S3Pointer & { readonly accountId?: string; readonly region?: string },
): ParsedDocument[] {
  const docs: ParsedDocument[] = [];
  const errors: string[] = [];
  const sink = {
    record: (r: Parameters<Parameters<LogObjectParser['push']>[1]['record']>[0]) =>
      docs.push({
        timestamp: r.timestamp,
        id: r.id,
        document: JSON.parse(documentText(r)) as Record<string, unknown>,
      }),
    unparsable: (u: { ordinal: number; error: string }) => errors.push(`record ${u.ordinal}: ${u.error}`),
  };
  const keyParts = /^(?:.*\/)?AWSLogs\/(\d{12})\/[^/]+\/([a-z]{2}(?:-[a-z]+)+-\d)\//.exec(pointer.key);
  const parser = create({
    ...pointer,
    accountId: pointer.accountId ?? keyParts?.[1],
    region: pointer.region ?? keyParts?.[2],
    objectId: objectId(pointer.bucket, pointer.key),
  });
  if (parser.pushBytes) parser.pushBytes(body, sink);
  else parser.push(body.toString('utf8'), sink);
  parser.end(sink);
  if (errors.length > 0) throw new Error(`${pointer.key}: ${errors.join('; ')}`);
  return docs;
}

/** A field of a document by its dotted path. */
export function getField(document: Record<string, unknown>, path: string): unknown {
  let value: unknown = document;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}
