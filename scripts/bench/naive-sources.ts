import { gunzipSync } from 'node:zlib';
import { flatten } from './naive-baseline';
import type { BenchObject, BenchSource } from './source-objects';

/*
 * The straightforward way to turn each wave-2 source's object into bulk bodies, by the rules of
 * naive-baseline.ts: gunzip the whole object, split lines or JSON.parse the whole text, JSON.parse
 * each record, flatten, add the timestamp and dataset, JSON.stringify per record, 5 MB bodies.
 * Text lines inside CloudWatch events get the obvious regular expression or split, no more.
 */

const FLUSH_BYTES = 5 * 1024 * 1024;

export interface NaiveResult {
  records: number;
  bytes: number;
}

/** Accumulates bulk lines and turns them into request bodies (Buffers) every 5 MB. */
class NaiveBody implements NaiveResult {
  bytes = 0;
  records = 0;
  private body = '';
  add(dataset: string, id: string, doc: Record<string, unknown>): void {
    const day = String(doc['@timestamp']).slice(0, 10).replace(/-/g, '.');
    this.body += `${JSON.stringify({ index: { _index: `siem-${dataset}-${day}`, _id: id } })}\n${JSON.stringify(doc)}\n`;
    this.records++;
    if (this.body.length >= FLUSH_BYTES) this.flush();
  }
  flush(): NaiveResult {
    this.bytes += Buffer.from(this.body).length;
    this.body = '';
    return this;
  }
}

const iso = (value: unknown) => new Date(value as string | number).toISOString();

function headerLines(text: string, dataset: string): NaiveResult {
  const lines = text.split('\n');
  const names = lines[0]!.split(' ').map((n) => n.replace(/-/g, '_'));
  const out = new NaiveBody();
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const values = lines[i]!.split(' ');
    const doc: Record<string, unknown> = {};
    names.forEach((n, j) => {
      const v = values[j]!;
      if (v !== '-') doc[n] = /^\d+$/.test(v) ? Number(v) : v;
    });
    doc['@timestamp'] = iso((doc.start as number) * 1000);
    doc['event.dataset'] = dataset;
    out.add(dataset, `obj-${i}`, doc);
  }
  return out.flush();
}

/** Where each JSON-lines or JSON-items source keeps its time. */
const TIME_FIELD: Partial<Record<BenchSource, string>> = {
  guardduty: 'updatedAt',
  bedrock: 'timestamp',
  config: 'configurationItemCaptureTime',
};

function jsonRecords(records: Array<Record<string, unknown>>, dataset: BenchSource): NaiveResult {
  const out = new NaiveBody();
  const timeField = TIME_FIELD[dataset] as string;
  records.forEach((r, i) => {
    const doc = flatten(r);
    doc['@timestamp'] = iso(r[timeField]);
    doc['event.dataset'] = dataset;
    out.add(dataset, `obj-${i}`, doc);
  });
  return out.flush();
}

const MYSQL_AUDIT_FIELDS = [
  'timestamp',
  'serverhost',
  'username',
  'host',
  'connectionid',
  'queryid',
  'operation',
  'database',
  'object',
  'retcode',
];
const PG_LINE = /^(\S+ \S+ \S+):([^(]*)\((\d+)\):([^@]*)@([^:]*):\[(\d+)\]:(\w+):\s+(.*)$/s;
const SYSLOG_LINE = /^(\w{3} [ \d]\d \d\d:\d\d:\d\d|\S+) (\S+) ([^:[]+)(?:\[(\d+)\])?: (.*)$/s;
const XML_ELEMENT = /<(\w+)(?: [^>]*)?>([^<]*)<\/\1>/g;
const XML_DATA = /<Data Name='([^']+)'>([^<]*)<\/Data>/g;

/** The obvious reading of one CloudWatch event's message, per routed source. */
const MESSAGE_FIELDS: Record<string, (message: string) => Record<string, unknown>> = {
  json: (m) => flatten(JSON.parse(m) as Record<string, unknown>),
  rdsaudit: (m) => {
    const pg = PG_LINE.exec(m);
    if (pg) {
      const [, time, host, port, user, database, pid, severity, text] = pg;
      return { time, host, port: Number(port), user, database, pid: Number(pid), severity, message: text };
    }
    const values = m.split(',');
    return Object.fromEntries(MYSQL_AUDIT_FIELDS.map((n, i) => [n, values[i]]));
  },
  linux: (m) => {
    const [, time, host, program, pid, text] = SYSLOG_LINE.exec(m) ?? [];
    return { time, host, program, pid: pid === undefined ? undefined : Number(pid), message: text ?? m };
  },
  windows: (m) => {
    const fields: Record<string, unknown> = { message: m };
    if (m.startsWith('<')) {
      for (const [, name, value] of m.matchAll(XML_ELEMENT)) fields[`System.${name}`] = value;
      for (const [, name, value] of m.matchAll(XML_DATA)) fields[`EventData.${name}`] = value;
    } else {
      for (const line of m.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      }
    }
    return fields;
  },
};

function cloudWatch(text: string, dataset: BenchSource): NaiveResult {
  const fields = MESSAGE_FIELDS[dataset] ?? MESSAGE_FIELDS.json!;
  const out = new NaiveBody();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const payload = JSON.parse(line) as {
      owner: string;
      logGroup: string;
      logStream: string;
      logEvents: Array<{ id: string; timestamp: number; message: string }>;
    };
    for (const e of payload.logEvents) {
      const doc = fields(e.message);
      doc['@timestamp'] = iso(e.timestamp);
      doc['event.dataset'] = dataset;
      doc['cloud.account.id'] = payload.owner;
      doc['log.group'] = payload.logGroup;
      doc['log.stream'] = payload.logStream;
      out.add(dataset, e.id, doc);
    }
  }
  return out.flush();
}

/** The naive baseline for `object`: the same documents' worth of work, done the obvious way. */
export function naiveSourceBody(object: Pick<BenchObject, 'source' | 'layout'>, gz: Buffer): NaiveResult {
  const text = gunzipSync(gz).toString();
  switch (object.layout) {
    case 'header-lines':
      return headerLines(text, object.source);
    case 'json-lines':
      return jsonRecords(
        text
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as Record<string, unknown>),
        object.source,
      );
    case 'json-items':
      return jsonRecords(
        (JSON.parse(text) as { configurationItems: Array<Record<string, unknown>> }).configurationItems,
        object.source,
      );
    case 'cloudwatch':
      return cloudWatch(text, object.source);
  }
}
