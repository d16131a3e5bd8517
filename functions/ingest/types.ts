import type { LogType } from '../../opensearch/log-types';

/** Where a record came from: enough to find it again in the archive bucket. */
export interface S3Pointer {
  readonly bucket: string;
  readonly key: string;
}

/**
 * One document ready for the bulk body, as `head` followed by `json` (text) or `bytes`. Parsers
 * build it without re-serializing: JSON sources keep their original bytes and only the common
 * fields are written in front.
 */
export type ParsedRecord = RecordMeta & (TextDocument | ByteDocument);

export interface RecordMeta {
  readonly logType: LogType;
  /** Event time, epoch milliseconds; selects the daily index. */
  readonly timestamp: number;
  /** Deterministic document id, so a redelivered object overwrites instead of duplicating. */
  readonly id: string;
  /** 1-based position of the record in its object, reported with dead letters. */
  readonly ordinal: number;
  /**
   * Text that goes before the rest of the document (the spliced common fields). Kept apart so the
   * original record bytes are written out as they are, without building a concatenated copy.
   */
  readonly head?: string;
}

export interface TextDocument {
  readonly json: string;
  readonly bytes?: undefined;
}

export interface ByteDocument {
  /** UTF-8 bytes of the document after `head`, copied as they are into the request buffer. */
  readonly bytes: Buffer;
  readonly json?: undefined;
}

/** A record that could not even be parsed: it goes straight to the dead-letter index. */
export interface UnparsableRecord {
  readonly ordinal: number;
  readonly id: string;
  readonly raw: string;
  readonly error: string;
}

/** Receives what a parser produces; kept synchronous so parsing stays a tight loop. */
export interface RecordSink {
  record(record: ParsedRecord): void;
  unparsable(record: UnparsableRecord): void;
}

/** What a parser knows about the object it reads, beyond its bytes. */
export interface ObjectContext extends S3Pointer {
  /** Account and region from the `AWSLogs/<account>/<service>/<region>/` key layout, when present. */
  readonly accountId?: string;
  readonly region?: string;
  /** Short deterministic hash of bucket/key, the stem of ordinal-based document ids. */
  readonly objectId: string;
}

/**
 * A streaming parser for one object: fed decoded text (or, when it has `pushBytes`, the raw UTF-8
 * bytes) in chunks of any size, it emits records as soon as they are complete, so memory is
 * bounded by the chunk plus the largest record.
 */
export interface LogObjectParser {
  push(text: string, sink: RecordSink): void;
  /**
   * Byte-level entry point for parsers that never need the text: the reader then skips UTF-8
   * decoding. Records may reference `chunk` until the sink has handled them.
   */
  pushBytes?(chunk: Buffer, sink: RecordSink): void;
  /** Flushes the last record; throws when the object ends mid-record. */
  end(sink: RecordSink): void;
}

/** The parser names accepted by `--source`: the log types, since each has exactly one format family. */
export type SourceName = LogType;
