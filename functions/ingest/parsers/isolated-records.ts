import { topLevelMembers } from '../json-fields';
import type { BadText, EmitObject, Members } from '../json-splitter';
import type { RecordSink } from '../types';
import { reasonOf, safeJsonObject } from './safe-json';

/**
 * Reads one record that `safeJsonObject` let through: `text` is its safe single-line JSON (the
 * original text, or a rewritten copy), `members` the wanted top-level members' raw text (re-read
 * from the copy when it was rewritten). A record it cannot use is dead-lettered by it with `text`.
 */
export type SafeRecordHandler = (
  sink: RecordSink,
  text: string,
  members: Members,
  ordinal: number,
  id: string,
) => void;

export interface IsolatedRecords {
  /** The splitter's `emit` for one push: numbers the record, checks it, isolates its failure. */
  readonly onRecord: (sink: RecordSink) => EmitObject;
  /** The splitter's `bad` for one push: text that is no record takes an ordinal too. */
  readonly onBad: (sink: RecordSink) => BadText;
}

const NONE: Members = Object.freeze({}) as Members;

/**
 * Per-record isolation for the JSON-records parsers: each record (good or bad) takes the next
 * ordinal and the id `<objectId>-<ordinal>`; one that is not JSON, or whose handler throws, is
 * dead-lettered with that ordinal and id and the reason, and the object goes on.
 *
 * @param fields the members the splitter captures (undefined: none, `members` is empty).
 */
export function isolatedRecords(
  objectId: string,
  fields: ReadonlySet<string> | undefined,
  handle: SafeRecordHandler,
): IsolatedRecords {
  let ordinal = 0;
  const onRecord = (sink: RecordSink) => (raw: string, picked: Members, plain: boolean) => {
    ordinal++;
    const id = `${objectId}-${ordinal}`;
    try {
      // Valid single-line JSON (checked by the splitter when `plain`), or the reason it cannot be.
      const safe = safeJsonObject(raw, plain);
      if ('error' in safe) {
        sink.unparsable({ ordinal, id, raw, error: `invalid JSON: ${safe.error}` });
        return;
      }
      const members = !safe.rewritten ? picked : fields ? topLevelMembers(safe.text, fields) : NONE;
      handle(sink, safe.text, members, ordinal, id);
    } catch (err) {
      sink.unparsable({ ordinal, id, raw, error: reasonOf(err) });
    }
  };
  const onBad = (sink: RecordSink) => (raw: string, error: string) => {
    ordinal++;
    sink.unparsable({ ordinal, id: `${objectId}-${ordinal}`, raw, error });
  };
  return { onRecord, onBad };
}
