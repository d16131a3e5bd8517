import { DEAD_LETTER_PREFIX_CHARS, MAX_LINE_CHARS } from './parsers/safe-json';

/**
 * Receives one line (without its terminator). `length` is the full length of the line: larger than
 * `line.length` when the line was over MAX_LINE_CHARS and only its first DEAD_LETTER_PREFIX_CHARS
 * were kept, for its dead letter.
 */
export type LineHandler = (line: string, lineNumber: number, length: number) => void;

/**
 * Splits text arriving in chunks into lines ended by LF, CRLF or a lone CR (old Mac line endings,
 * which some tools still write), holding back only the incomplete last line. A UTF-8 BOM before the
 * first line is dropped. Linear in the text whatever the line lengths; memory: the current chunk
 * plus at most MAX_LINE_CHARS of one line.
 */
export class LineSplitter {
  private carry: string[] = [];
  private carryLength = 0;
  private lineNumber = 0;
  /** The last chunk ended on a CR: a LF starting the next one belongs to it. */
  private pendingCr = false;
  private started = false;

  /** Number of the last line emitted (1-based). */
  get currentLine(): number {
    return this.lineNumber;
  }

  push(s: string, emit: LineHandler): void {
    const n = s.length;
    let from = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) from = 1;
    }
    if (this.pendingCr && n > 0) {
      this.pendingCr = false;
      if (s.charCodeAt(from) === 10) from++;
    }
    // Next LF and CR, each searched once per occurrence: linear even with long lines.
    let lf = s.indexOf('\n', from);
    let cr = s.indexOf('\r', from);
    while (lf >= 0 || cr >= 0) {
      const end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
      this.emitLine(s, from, end, emit);
      from = end + 1;
      if (end === cr) {
        if (from === n) this.pendingCr = true;
        else if (s.charCodeAt(from) === 10) from++;
      }
      if (lf >= 0 && lf < from) lf = s.indexOf('\n', from);
      if (cr >= 0 && cr < from) cr = s.indexOf('\r', from);
    }
    if (from < n) this.hold(s.slice(from));
  }

  end(emit: LineHandler): void {
    if (this.carryLength > 0) this.emitLine('', 0, 0, emit);
    this.carry = [];
    this.carryLength = 0;
  }

  private hold(piece: string): void {
    if (this.carryLength < MAX_LINE_CHARS) this.carry.push(piece);
    else if (this.carry.length > 1) this.carry = [this.carry.join('').slice(0, DEAD_LETTER_PREFIX_CHARS)];
    this.carryLength += piece.length;
  }

  private emitLine(s: string, from: number, to: number, emit: LineHandler): void {
    this.lineNumber++;
    const length = this.carryLength + to - from;
    let line: string;
    if (length > MAX_LINE_CHARS) {
      line = (this.carry.join('') + s.slice(from, Math.min(to, from + DEAD_LETTER_PREFIX_CHARS))).slice(
        0,
        DEAD_LETTER_PREFIX_CHARS,
      );
    } else line = this.carry.length === 0 ? s.slice(from, to) : this.carry.join('') + s.slice(from, to);
    this.carry = [];
    this.carryLength = 0;
    emit(line, this.lineNumber, length);
  }
}

/**
 * Splits a space-separated log line where some fields are double-quoted (ELB, S3 access logs)
 * and S3's time is in brackets. Quotes are kept out of the values; `\"` inside quotes is unescaped.
 */
export function splitQuotedFields(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    if (c === 34 /* " */) {
      let j = i + 1;
      let value = '';
      let segment = j;
      while (j < n && line.charCodeAt(j) !== 34) {
        if (line.charCodeAt(j) === 92 && j + 1 < n) {
          value += line.slice(segment, j);
          segment = j + 1;
          j += 2;
          continue;
        }
        j++;
      }
      out.push(value + line.slice(segment, j));
      i = j + 1;
    } else if (c === 91 /* [ */) {
      const j = line.indexOf(']', i);
      const end = j < 0 ? n : j;
      out.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = line.indexOf(' ', i);
      if (j < 0) j = n;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}
