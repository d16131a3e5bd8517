import type { LineHandler } from '../line-splitter';
import type { RecordSink } from '../types';
import { MAX_LINE_CHARS, reasonOf } from './safe-json';

/**
 * Shared by the space/tab-separated formats (ELB, S3 access, CloudFront): appends fields to a
 * document being written as text. `-` means "no value" in all of them and the field is left out,
 * so a numeric field never receives a dash.
 */

const NUMBER = /^-?\d+(?:\.\d+)?$/;

export interface FieldSpec {
  /** `"name":`, precomputed. */
  readonly jsonKey: string;
  readonly numeric: boolean;
}

export function fieldSpecs(names: readonly string[], numeric: ReadonlySet<string>): FieldSpec[] {
  return names.map((name) => ({ jsonKey: `${JSON.stringify(name)}:`, numeric: numeric.has(name) }));
}

export function appendFields(json: string, specs: readonly FieldSpec[], values: readonly string[]): string {
  const n = Math.min(specs.length, values.length);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === '-' || v === '') continue;
    const spec = specs[i];
    // Leading zeros ("000" status of an aborted CloudFront request) are not valid JSON numbers.
    // A number too large for a double (a 400-digit field) would print as `Infinity`: kept as text.
    const n = spec.numeric && NUMBER.test(v) ? Number(v) : NaN;
    json += `,${spec.jsonKey}${Number.isFinite(n) ? String(n) : JSON.stringify(v)}`;
  }
  return json;
}

/** `ip:port` as logged by load balancers; IPv6 addresses contain colons too, so split on the last one. */
export function splitHostPort(value: string): [string, string] | undefined {
  if (value === '-') return undefined;
  const at = value.lastIndexOf(':');
  return at > 0 ? [value.slice(0, at), value.slice(at + 1)] : undefined;
}

export function httpOutcome(status: string | undefined): 'success' | 'failure' | undefined {
  if (status === undefined || !NUMBER.test(status)) return undefined;
  const code = Number(status);
  return code > 0 && code < 400 ? 'success' : 'failure';
}

/** Reads one data line (complete, not blank); a line it cannot use is dead-lettered by it. */
export type DataLineHandler = (sink: RecordSink, line: string, ordinal: number, id: string) => void;

/**
 * The line splitter's handler for one push, for the line formats: blank lines are skipped, a
 * complete line `header` takes (a `#` comment) is not a record; every other line takes the next
 * ordinal and the id `<objectId>-<ordinal>`, and one over MAX_LINE_CHARS, or whose handler
 * throws, is dead-lettered with them and the reason.
 */
export function isolatedLines(
  objectId: string,
  handle: DataLineHandler,
  header?: (line: string) => boolean,
): (sink: RecordSink) => LineHandler {
  let ordinal = 0;
  return (sink) => (line, _lineNumber, length) => {
    if (length === line.length && (header?.(line) || line.trim() === '')) return;
    ordinal++;
    const id = `${objectId}-${ordinal}`;
    if (length > line.length) {
      sink.unparsable({
        ordinal,
        id,
        raw: line,
        error: `line of ${length} characters, over the ${MAX_LINE_CHARS} limit`,
      });
      return;
    }
    try {
      handle(sink, line, ordinal, id);
    } catch (err) {
      sink.unparsable({ ordinal, id, raw: line, error: reasonOf(err) });
    }
  };
}
