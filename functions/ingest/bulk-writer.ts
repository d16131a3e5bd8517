import { DAILY, IndexNamer, type PeriodOf } from '../../opensearch/index-names';
import { INDEX_PREFIX, type LogType } from '../../opensearch/log-types';
import { backoffDelayMs, defaultSleep } from '../shared/retry';
import { keepConflictAsText, minimalDocument, type BulkItemError } from './conflict-fallback';
import { deadLetterDocument } from './dead-letter';
import type { OpenSearchResponse } from '../../opensearch/http-client';
import { unparsableDay } from './record-day';
import type { ParsedRecord, S3Pointer, UnparsableRecord } from './types';

/*
 * Writes documents to OpenSearch through `_bulk`, in requests sized by bytes, with a bounded
 * number in flight. Guarantee: once `flush()` resolves, every record added is either indexed or
 * in the dead-letter index (counts say which); if the cluster keeps refusing for longer than the
 * retry budget (or until the deadline), `flush()` rejects instead, so the caller fails the SQS
 * message and it comes back. Records that cannot be parsed go through the same requests, to the
 * dead-letter index, so memory stays bounded whatever the mix of good and bad lines.
 *
 * Documents are sent as `create` actions with the record's deterministic id: a write never
 * replaces a document, and a redelivered object's records come back 409 (already there), which
 * counts as done. An item refused for authorization (401/403 inside an HTTP 200 `_bulk` answer)
 * fails the writer at once: it is a configuration error that no rewrite of the document and no
 * dead letter fixes (the dead-letter index is usually refused alike), so the object goes back to
 * SQS, retries, and ends in the queue's DLQ, from where it is redriven once the role is fixed;
 * what was already written then answers 409.
 */

/**
 * Sends one request. A Buffer body is only lent: the writer writes later requests into the same
 * memory once the request is answered, so a client must not keep it past its promise.
 */
export interface BulkClient {
  request(
    method: string,
    path: string,
    body?: Buffer | string,
    contentType?: string,
  ): Promise<OpenSearchResponse>;
}

export interface BulkWriterOptions {
  readonly client: BulkClient;
  /** Index name prefix, `siem-` unless told (tests use a unique one). */
  readonly indexPrefix?: string;
  /**
   * Period of each log type's indices (day, week, month: index-names.ts), from the deployment's
   * sizing (index-sizing.ts). @default every log type daily
   */
  readonly periodOf?: PeriodOf;
  /** A request is sent once its body reaches this size. */
  readonly flushBytes?: number;
  /** Bulk requests in flight at once. */
  readonly concurrency?: number;
  /** Backoff for 429/5xx and connection failures: full jitter, doubling from base to max (shared/retry.ts). */
  readonly retryBaseDelayMs?: number;
  readonly retryMaxDelayMs?: number;
  /** How long one request may keep being retried before the writer gives up (and throws). */
  readonly retryBudgetMs?: number;
  /**
   * Epoch milliseconds after which no request is started and no retry is waited for: the writer
   * fails instead, so a Lambda hands its message back to SQS before its own timeout rather than
   * being killed mid-batch. Requests already in flight still run to their end.
   */
  readonly deadline?: number;
  /** How many conflicting fields are moved to text, one per attempt, before the minimal document. */
  readonly maxConflictFixes?: number;
  /** Called after each bulk response. */
  readonly onProgress?: (counts: Readonly<WriteCounts>) => void;
  /** Epoch milliseconds now; injected so deadline and budget tests do not depend on real time. */
  readonly now?: () => number;
  /** Waits between retries; injected alike. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  readonly random?: () => number;
}

export interface WriteCounts {
  /** Records handed to the writer (parsed or not). */
  records: number;
  indexed: number;
  deadLettered: number;
  /** Indexed with part of the record moved to `siem.conflicts` (included in `indexed`). */
  keptAsText: number;
  /**
   * Already in the index from an earlier delivery (409 on `create`): done, and counted in
   * `indexed` (or `deadLettered` for a dead letter) as well.
   */
  duplicates: number;
  /** Item attempts repeated after a 429/5xx or a lost connection. */
  retried: number;
  bulkRequests: number;
}

/**
 * One document on its way. Its bytes live in the request buffer it was first written to; only a
 * document rewritten by a fallback carries its own text. Keeping documents as bytes rather than
 * strings is what keeps the garbage collector out of the hot path.
 */
interface Item {
  index: string;
  id: string;
  readonly logType: LogType | 'unknown';
  readonly ordinal: number;
  readonly pointer: S3Pointer;
  /** Set by `append` once the document is in the request buffer. */
  buf: Buffer;
  start: number;
  end: number;
  /** Replacement document after a fallback (conflict as text, minimal document, dead letter). */
  json?: string;
  fixes: number;
  minimal: boolean;
  deadLetter: boolean;
  firstError?: BulkItemError;
}

interface BulkResponse {
  errors?: boolean;
  items?: Array<Record<string, { status: number; error?: BulkItemError }>>;
}

/** Statuses worth retrying as they are: the cluster is busy or restarting. */
function isTransient(status: number, error?: BulkItemError): boolean {
  return (
    status === 429 ||
    status >= 500 ||
    error?.type === 'cluster_block_exception' ||
    error?.type === 'es_rejected_execution_exception' ||
    error?.type === 'unavailable_shards_exception'
  );
}

/** Refused for who the writer is, not for what the document holds: see the comment at the top. */
function isAuthorization(status: number): boolean {
  return status === 401 || status === 403;
}

/** `create` of an id that exists: the record is there from an earlier delivery. */
function isAlreadyThere(status: number, error?: BulkItemError): boolean {
  return status === 409 && (error?.type === undefined || error.type === 'version_conflict_engine_exception');
}

/** The bulk action line of a document: `create`, so nothing already indexed is replaced. */
function actionLine(index: string, id: string): string {
  return `{"create":{"_index":${JSON.stringify(index)},"_id":${JSON.stringify(id)}}}\n`;
}

/** Request buffers kept for reuse: one being filled while others are in flight is the common case. */
const SPARE_BUFFERS = 2;
/** Bytes after the id in an action line: `}}` and the newline. */
const ACTION_CLOSE = 3;

/**
 * True when `text` is printable ASCII without a quote or backslash: its JSON string is itself in
 * quotes, one byte per character (every id the ingestion path makes: base64url digests).
 */
function isPlainAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 126 || c === 34 || c === 92) return false;
  }
  return true;
}

const NEWLINE = Buffer.from('\n');

export class BulkWriter {
  readonly counts: WriteCounts = {
    records: 0,
    indexed: 0,
    deadLettered: 0,
    keptAsText: 0,
    duplicates: 0,
    retried: 0,
    bulkRequests: 0,
  };
  /** Period of each log type's indices: an ingestion's router must count indices by the same. */
  readonly periodOf: PeriodOf;
  private readonly namer: IndexNamer;
  private readonly now: () => number;
  private readonly flushBytes: number;
  private readonly concurrency: number;
  private buf: Buffer;
  private length = 0;
  private pending: Item[] = [];
  private inFlight = 0;
  private readonly slotWaiters: Array<() => void> = [];
  private readonly running = new Set<Promise<void>>();
  /** Full requests waiting for a slot (each is also the promise its `add` caller awaits). */
  private readonly queued = new Set<Promise<void>>();
  private failure?: Error;
  /** Index whose action-line opening `opening` holds: documents of one day come in a row. */
  private openingIndex = '';
  /** Request buffers whose request is over, for the next ones (see `reuse`). */
  private readonly spare: Buffer[] = [];
  private opening: Buffer = Buffer.alloc(0);
  /** Day in the key of the object last seen by `addUnparsable`: its bad lines come in a row. */
  private keyDay?: { key: string; day: number | undefined };

  constructor(private readonly options: BulkWriterOptions) {
    this.periodOf = options.periodOf ?? DAILY;
    this.namer = new IndexNamer(options.indexPrefix ?? INDEX_PREFIX, this.periodOf);
    this.now = options.now ?? Date.now;
    this.flushBytes = options.flushBytes ?? 5 * 1024 * 1024;
    this.concurrency = options.concurrency ?? 4;
    this.buf = Buffer.allocUnsafe(this.capacity());
  }

  /** Room for a full request plus the record that crosses the threshold. */
  private capacity(atLeast = 0): number {
    return Math.max(Math.ceil(this.flushBytes * 1.25) + 64 * 1024, atLeast);
  }

  /**
   * Queues one document. Returns a promise only when the caller must wait (all request slots
   * busy): `const wait = writer.add(r, p); if (wait) await wait;` keeps the hot path synchronous.
   */
  add(record: ParsedRecord, pointer: S3Pointer): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    this.counts.records++;
    const index = this.namer.indexFor(record.logType, record.timestamp);
    const item: Item = {
      index,
      id: record.id,
      logType: record.logType,
      ordinal: record.ordinal,
      pointer,
      buf: this.buf,
      start: 0,
      end: 0,
      fixes: 0,
      minimal: false,
      deadLetter: false,
    };
    return this.append(item, record.head, record.bytes, record.json);
  }

  /**
   * Queues a record that could not be parsed: straight to the dead-letter index, through the same
   * byte-sized requests and backpressure as any document, so an object of a million bad lines
   * costs a few hundred requests and bounded memory, not a request (and a queued closure) per line.
   * Returns a promise when the caller must wait, like `add`.
   *
   * The dead letter goes to the dead-letter index of the day's month when the object key (or,
   * failing that, the record) gives a day; see record-day.ts. Otherwise it goes to
   * `deadletter-undated`: any other day (today's, say) would put a redelivery of the same object
   * on another index, as a second copy, and hand the letter to the retention of documents it has
   * nothing to do with.
   */
  addUnparsable(
    record: UnparsableRecord,
    logType: LogType | 'unknown',
    pointer: S3Pointer,
  ): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    this.counts.records++;
    const day = this.unparsableDay(pointer.key, record.raw);
    // The index the record would have gone to, had it parsed.
    const target = day !== undefined && logType !== 'unknown' ? this.namer.indexFor(logType, day) : '';
    const item: Item = {
      index: this.namer.deadLetterIndex(day),
      id: `${logType}:${record.id}`,
      logType,
      ordinal: record.ordinal,
      pointer,
      buf: this.buf,
      start: 0,
      end: 0,
      fixes: 0,
      minimal: true,
      deadLetter: true,
    };
    const letter = deadLetterDocument(
      { target, id: record.id, logType, ordinal: record.ordinal, pointer },
      record.raw,
      { type: 'parse_error', reason: record.error },
      this.now(),
    );
    return this.append(item, undefined, undefined, letter);
  }

  /** Day (epoch ms) of an unparsable record (record-day.ts), the key's cached per object. */
  private unparsableDay(key: string, raw: string): number | undefined {
    if (this.keyDay?.key !== key) this.keyDay = { key, day: unparsableDay(key, '') };
    return this.keyDay.day ?? unparsableDay('', raw);
  }

  /**
   * Writes the action line and the document (`head` then `bytes` or `json`) into the request
   * buffer, sending the buffer first when the document does not fit and once it is full.
   * Nothing is concatenated: the action line is written from its cached bytes and the id, the
   * head and the rest of the document straight into the buffer.
   */
  private append(
    item: Item,
    head: string | undefined,
    bytes: Buffer | undefined,
    json: string | undefined,
  ): Promise<void> | undefined {
    const opening = this.actionOpening(item.index);
    // Ids are base64url digests on the ingestion path; any other id goes through JSON.stringify.
    const id = isPlainAscii(item.id) ? item.id : undefined;
    const quotedId = id === undefined ? JSON.stringify(item.id) : '';
    const headChars = head === undefined ? 0 : head.length;
    const bodyBytes = bytes !== undefined ? bytes.length : json === undefined ? 0 : json.length * 3;
    let wait: Promise<void> | undefined;
    // Worst case 3 bytes per UTF-16 unit; measure exactly only near the end of the buffer.
    const idBytes = id !== undefined ? id.length + 2 : quotedId.length * 3;
    if (
      this.length + opening.length + idBytes + ACTION_CLOSE + headChars * 3 + bodyBytes + 1 >
      this.buf.length
    ) {
      const exact =
        opening.length +
        (id !== undefined ? idBytes : Buffer.byteLength(quotedId)) +
        ACTION_CLOSE +
        (head === undefined ? 0 : Buffer.byteLength(head)) +
        (bytes !== undefined ? bytes.length : json === undefined ? 0 : Buffer.byteLength(json)) +
        1;
      if (this.length + exact > this.buf.length) {
        if (this.pending.length > 0) wait = this.dispatch();
        if (exact > this.buf.length) this.buf = Buffer.allocUnsafe(this.capacity(exact));
      }
    }
    const buf = this.buf;
    let at = this.length;
    buf.set(opening, at);
    at += opening.length;
    let start: number;
    if (id !== undefined) {
      // One write for the end of the action line and the head: each write is a native call.
      at += buf.write(head === undefined ? `"${id}"}}\n` : `"${id}"}}\n${head}`, at);
      start = this.length + opening.length + idBytes + ACTION_CLOSE;
    } else {
      at += buf.write(quotedId, at);
      buf[at++] = 125; // }
      buf[at++] = 125;
      buf[at++] = 10;
      start = at;
      if (head !== undefined && head.length > 0) at += buf.write(head, at);
    }
    if (bytes !== undefined) {
      buf.set(bytes, at);
      at += bytes.length;
    } else if (json !== undefined && json.length > 0) at += buf.write(json, at);
    item.buf = buf;
    item.start = start;
    item.end = at;
    buf[at++] = 10;
    this.length = at;
    this.pending.push(item);
    if (this.length >= this.flushBytes) wait = this.dispatch() ?? wait;
    return wait;
  }

  /** `{"create":{"_index":"<index>","_id":` as bytes, kept for the index last written to. */
  private actionOpening(index: string): Buffer {
    if (index !== this.openingIndex) {
      this.openingIndex = index;
      this.opening = Buffer.from(`{"create":{"_index":${JSON.stringify(index)},"_id":`);
    }
    return this.opening;
  }

  /** Sends what is queued and waits for every request, retries included. */
  async flush(): Promise<WriteCounts> {
    if (this.pending.length > 0) await this.dispatch();
    await this.settle();
    if (this.failure) throw this.failure;
    return this.counts;
  }

  /**
   * Waits for every request in flight or waiting for a slot, retries included, and sends nothing
   * new: for a caller giving up on an object, so no write of it overlaps the next object and the
   * counts it reports are final. Never rejects.
   */
  async settle(): Promise<WriteCounts> {
    // A request waiting for a slot starts when another ends: loop until both sets stay empty.
    while (this.running.size > 0 || this.queued.size > 0) {
      await Promise.all([...this.running, ...this.queued]);
    }
    return this.counts;
  }

  private dispatch(): Promise<void> | undefined {
    const items = this.pending;
    const body = this.buf.subarray(0, this.length);
    this.pending = [];
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(this.capacity());
    this.length = 0;
    return this.startWhenFree(items, body);
  }

  private startWhenFree(items: Item[], body?: Buffer): Promise<void> | undefined {
    if (this.inFlight < this.concurrency) {
      this.start(items, body);
      return undefined;
    }
    const queued: Promise<void> = this.slotFree().then(() => {
      this.queued.delete(queued);
      this.start(items, body);
    });
    this.queued.add(queued);
    return queued;
  }

  private async slotFree(): Promise<void> {
    while (this.inFlight >= this.concurrency)
      await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
  }

  private start(items: Item[], body?: Buffer): void {
    if (this.pastDeadline()) {
      // Not sent: the writer fails, and its caller hands the object back for a later attempt.
      this.failure ??= new Error(
        `stopped at the deadline with ${items.length} documents not sent, to leave time to report the failure`,
      );
      // The slot stays free: pass it on, or a request queued behind this one would wait forever.
      this.slotWaiters.shift()?.();
      return;
    }
    this.inFlight++;
    const run: Promise<void> = this.sendWithRetries(items, body)
      .then((answered) => {
        if (answered && body) this.reuse(body);
      })
      .catch((err: unknown) => {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
      })
      .finally(() => {
        this.inFlight--;
        this.running.delete(run);
        this.slotWaiters.shift()?.();
      });
    this.running.add(run);
  }

  /**
   * Takes back the request buffer behind `body` for a later request: writing into pages already
   * touched instead of a fresh 6 MB allocation per request (page faults, then garbage) was a
   * measurable part of the CPU. Only a standard-size buffer, only a few kept.
   */
  private reuse(body: Buffer): void {
    const capacity = this.capacity();
    if (body.byteOffset !== 0 || body.buffer.byteLength !== capacity || this.spare.length >= SPARE_BUFFERS)
      return;
    this.spare.push(Buffer.from(body.buffer, 0, capacity));
  }

  /**
   * Sends until every item is done. True when the first body was answered with per-item statuses
   * (the node read all of it) and nothing is left to read from its buffer: it may be reused. After
   * a connection error, a timeout or a 413 the socket may still hold it, so it is left to the GC.
   */
  private async sendWithRetries(items: Item[], firstBody?: Buffer): Promise<boolean> {
    const started = this.now();
    const budget = this.options.retryBudgetMs ?? 300_000;
    const deadline = this.options.deadline ?? Infinity;
    const base = this.options.retryBaseDelayMs ?? 200;
    const cap = this.options.retryMaxDelayMs ?? 10_000;
    let pending = items;
    let attempt = 0;
    let lastProblem = '';
    let body = firstBody;
    let answered = false;
    while (pending.length > 0) {
      const outcome = await this.sendOnce(pending, body);
      if (body !== undefined) answered = outcome.answered === true;
      body = undefined;
      pending = outcome.retry;
      if (pending.length === 0) break;
      if (outcome.transient) {
        lastProblem = outcome.problem;
        this.counts.retried += pending.length;
        attempt++;
        const delay = backoffDelayMs(attempt, base, cap, this.options.random ?? Math.random);
        // Another request already gave up, so the object comes back anyway: stop spending time.
        if (this.failure) throw this.failure;
        // Retrying past the deadline would only get the whole invocation killed.
        const now = this.now();
        const overBudget = now - started > budget;
        if (overBudget || now + delay >= deadline) {
          throw new Error(
            `OpenSearch kept refusing ${pending.length} documents for ${Math.round((now - started) / 1000)} s${overBudget ? '' : ' (no time left before the deadline)'}: ${lastProblem}`,
          );
        }
        await (this.options.sleep ?? defaultSleep)(delay);
      }
    }
    return answered;
  }

  /** Request body for a retry: the original bytes of each document unless a fallback rewrote it. */
  private bulkBody(items: Item[]): Buffer {
    const parts: Buffer[] = [];
    for (const item of items) {
      parts.push(Buffer.from(actionLine(item.index, item.id)));
      parts.push(
        item.json !== undefined ? Buffer.from(item.json) : item.buf.subarray(item.start, item.end),
        NEWLINE,
      );
    }
    return Buffer.concat(parts);
  }

  private documentText(item: Item): string {
    return item.json ?? item.buf.toString('utf8', item.start, item.end);
  }

  private originalText(item: Item): string {
    return item.buf.toString('utf8', item.start, item.end);
  }

  /** One `_bulk` round trip. Returns what must be sent again, and whether to back off first. */
  private async sendOnce(
    items: Item[],
    body?: Buffer,
  ): Promise<{ retry: Item[]; transient: boolean; problem: string; answered?: boolean }> {
    let res: OpenSearchResponse;
    try {
      this.counts.bulkRequests++;
      res = await this.options.client.request(
        'POST',
        '/_bulk?filter_path=errors,items.*.status,items.*.error',
        body ?? this.bulkBody(items),
        'application/x-ndjson',
      );
    } catch (err) {
      return {
        retry: items,
        transient: true,
        problem: `connection: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    if (res.status === 413) return this.splitTooLarge(items);
    if (isTransient(res.status)) return { retry: items, transient: true, problem: `HTTP ${res.status}` };
    if (res.status < 200 || res.status >= 300) {
      throw new Error(`OpenSearch _bulk failed: HTTP ${res.status} ${res.body.toString().slice(0, 300)}`);
    }
    const parsed = JSON.parse(res.body.toString()) as BulkResponse;
    const retry: Item[] = [];
    let transient = false;
    let problem = '';
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const result = parsed.errors ? Object.values(parsed.items?.[i] ?? {})[0] : undefined;
      const status = result?.status ?? (parsed.errors ? 0 : 201);
      if (status >= 200 && status < 300) {
        this.succeeded(item);
      } else if (isAlreadyThere(status, result?.error)) {
        this.counts.duplicates++;
        this.succeeded(item);
      } else if (isTransient(status, result?.error)) {
        transient = true;
        problem = `${status} ${result?.error?.type ?? ''}`;
        retry.push(item);
      } else if (isAuthorization(status)) {
        this.options.onProgress?.(this.counts);
        throw new Error(
          `OpenSearch refused to let this writer write ${item.deadLetter ? 'a dead letter' : 'a document'} to ${item.index} ` +
            `(HTTP ${status} ${result?.error?.type ?? ''}: ${result?.error?.reason ?? ''}); ` +
            'check the ingest role and its mapping (siem post-apply)',
        );
      } else {
        this.rejected(item, result?.error ?? { type: 'unknown', reason: `status ${status}` });
        retry.push(item);
      }
    }
    this.options.onProgress?.(this.counts);
    return { retry, transient, problem, answered: true };
  }

  private async splitTooLarge(
    items: Item[],
  ): Promise<{ retry: Item[]; transient: boolean; problem: string }> {
    if (items.length === 1) {
      this.rejected(items[0], {
        type: 'request_too_large',
        reason: 'document exceeds http.max_content_length',
      });
      return { retry: items, transient: false, problem: '' };
    }
    const half = Math.ceil(items.length / 2);
    const a = await this.sendOnce(items.slice(0, half));
    const b = await this.sendOnce(items.slice(half));
    return {
      retry: [...a.retry, ...b.retry],
      transient: a.transient || b.transient,
      problem: a.problem || b.problem,
    };
  }

  private succeeded(item: Item): void {
    if (item.deadLetter) this.counts.deadLettered++;
    else {
      this.counts.indexed++;
      if (item.fixes > 0 || item.minimal) this.counts.keptAsText++;
    }
  }

  /** Next fallback for a document the cluster refused for its content. */
  private rejected(item: Item, error: BulkItemError): void {
    if (item.deadLetter) {
      throw new Error(`dead-letter index refused a document: ${error.type}: ${error.reason}`);
    }
    item.firstError ??= error;
    const maxFixes = this.options.maxConflictFixes ?? 8;
    try {
      if (!item.minimal && item.fixes < maxFixes && error.type !== 'request_too_large') {
        const fixed = keepConflictAsText(this.documentText(item), error);
        if (fixed !== undefined) {
          item.json = fixed;
          item.fixes++;
          return;
        }
      }
      if (!item.minimal && error.type !== 'request_too_large') {
        item.json = minimalDocument(this.originalText(item));
        item.minimal = true;
        return;
      }
    } catch {
      // Not even valid JSON (records are split, not parsed, on the fast path): nothing to rescue.
    }
    this.toDeadLetter(item, item.firstError);
  }

  private pastDeadline(): boolean {
    return this.options.deadline !== undefined && this.now() >= this.options.deadline;
  }

  private toDeadLetter(item: Item, error: BulkItemError): void {
    item.json = deadLetterDocument(
      { ...item, target: item.index },
      this.originalText(item),
      error,
      this.now(),
    );
    item.index = this.namer.deadLetterIndexOf(item.index);
    item.id = `${item.logType}:${item.id}`;
    item.deadLetter = true;
  }
}
