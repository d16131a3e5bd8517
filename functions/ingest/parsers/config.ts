import { spliceDocument } from '../documents';
import { IsoFormatter, IsoParser, isValidEventTime } from '../iso-time';
import { jsonString } from '../json-fields';
import { JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, ObjectContext } from '../types';
import { isolatedRecords } from './isolated-records';
import { idOf } from './safe-json';

/*
 * AWS Config configuration history and snapshot files, delivered by a delivery channel to
 * `AWSLogs/<account>/Config/<region>/YYYY/M/D/ConfigHistory|ConfigSnapshot/<…>.json.gz`:
 * `{"fileVersion":"1.0"[,"configSnapshotId":"…"],"configurationItems":[{…},{…}]}`. Each
 * configuration item becomes one document, kept byte for byte (`configuration` and
 * `supplementaryConfiguration` are free-form and mapped as flat objects). A snapshot repeats items
 * the history already delivered: the record id is the resource with its `configurationStateId`,
 * so a state seen twice is one document.
 * https://docs.aws.amazon.com/config/latest/developerguide/config-item-table.html
 *
 * When a delivery channel is created, Config writes `AWSLogs/<account>/Config/ConfigWritabilityCheckFile`
 * to test the bucket: that object holds no configuration item and yields no record.
 */

const ITEM_FIELDS = new Set([
  'configurationItemCaptureTime',
  'configurationItemStatus',
  'configurationStateId',
  'awsAccountId',
  'awsRegion',
  'resourceType',
  'resourceId',
  'ARN',
  'arn',
]);

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;
/**
 * `{"fileVersion":"1.0",["configSnapshotId":"…",]"configurationItems":[`: string members, then the
 * array whose elements are the items.
 */
const FILE_OPENING = /^\s*\{(?:\s*"[A-Za-z]+"\s*:\s*"[^"\\]*"\s*,)*\s*"configurationItems"\s*:\s*\[/;
const SNIFF_CHARS = 512;
const WRITABILITY_CHECK = /(?:^|\/)ConfigWritabilityCheckFile$/;

export function createConfigParser(ctx: ObjectContext): LogObjectParser {
  const splitter = new JsonObjectSplitter(2, false, ITEM_FIELDS);
  const skip = WRITABILITY_CHECK.test(ctx.key);
  let mode: 'sniffing' | 'items' = 'sniffing';
  let head = '';
  const times = new IsoParser();
  const iso = new IsoFormatter();

  const { onRecord, onBad } = isolatedRecords(
    ctx.objectId,
    ITEM_FIELDS,
    (sink, text, m, ordinal, fallbackId) => {
      const captured = jsonString(m.configurationItemCaptureTime);
      const timestamp = captured === undefined ? NaN : times.parse(captured);
      if (!isValidEventTime(timestamp)) {
        sink.unparsable({
          ordinal,
          id: fallbackId,
          raw: text,
          error: 'missing or invalid configurationItemCaptureTime',
        });
        return;
      }
      const account = jsonString(m.awsAccountId);
      const region = jsonString(m.awsRegion);
      // `configurationStateId` is a number in history files and a string in some snapshots.
      const state =
        m.configurationStateId === undefined
          ? undefined
          : (jsonString(m.configurationStateId) ?? m.configurationStateId);
      const resource =
        jsonString(m.ARN) ??
        jsonString(m.arn) ??
        `${jsonString(m.resourceType) ?? ''}/${jsonString(m.resourceId) ?? ''}`;
      const id = state !== undefined ? (idOf(`${resource}|${state}`) ?? fallbackId) : fallbackId;
      sink.record({
        logType: 'config',
        timestamp,
        id,
        ordinal,
        ...spliceDocument(
          {
            logType: 'config',
            timestamp: iso.format(timestamp),
            // The content's account, which provenance checks against the key's.
            accountId: account !== undefined && ACCOUNT_ID.test(account) ? account : ctx.accountId,
            // Global resources (IAM) name no region: the key's, where the delivery channel runs.
            region: region !== undefined && REGION.test(region) ? region : ctx.region,
            // What happened to the resource: OK (changed), ResourceDiscovered, ResourceDeleted…
            action: jsonString(m.configurationItemStatus),
          },
          text,
        ),
      });
    },
  );

  const decide = (final: boolean): void => {
    const sniffed = head.length > SNIFF_CHARS ? head.slice(0, SNIFF_CHARS) : head;
    if (FILE_OPENING.test(sniffed)) mode = 'items';
    else if (head.length >= SNIFF_CHARS || final)
      throw new Error('not an AWS Config file: expected {"fileVersion":…,"configurationItems":[…]}');
  };

  return {
    push(text, sink) {
      if (skip) return;
      if (mode === 'items') {
        splitter.push(text, onRecord(sink), onBad(sink));
        return;
      }
      head += text;
      decide(false);
      if (mode === 'sniffing') return;
      const buffered = head;
      head = '';
      splitter.push(buffered, onRecord(sink), onBad(sink));
    },
    end(sink) {
      if (skip) return;
      if (mode === 'sniffing') {
        if (head.trim() === '') return; // an empty object: nothing to index
        decide(true);
        const buffered = head;
        head = '';
        splitter.push(buffered, onRecord(sink), onBad(sink));
      }
      splitter.end(onBad(sink));
    },
  };
}
