/**
 * Splits text arriving in chunks into lines (LF or CRLF), holding back only the incomplete last
 * line. Memory: the current chunk plus one line.
 */
export class LineSplitter {
  private carry = '';
  private lineNumber = 0;

  /** Number of the last line emitted (1-based). */
  get currentLine(): number {
    return this.lineNumber;
  }

  push(s: string, emit: (line: string, lineNumber: number) => void): void {
    let from = 0;
    let nl = s.indexOf('\n');
    if (nl >= 0 && this.carry !== '') {
      this.emitLine(this.carry + s.slice(0, nl), emit);
      this.carry = '';
      from = nl + 1;
      nl = s.indexOf('\n', from);
    }
    while (nl >= 0) {
      this.emitLine(s.slice(from, nl), emit);
      from = nl + 1;
      nl = s.indexOf('\n', from);
    }
    if (from < s.length) this.carry += s.slice(from);
  }

  end(emit: (line: string, lineNumber: number) => void): void {
    if (this.carry !== '') this.emitLine(this.carry, emit);
    this.carry = '';
  }

  private emitLine(line: string, emit: (line: string, lineNumber: number) => void): void {
    this.lineNumber++;
    const trimmed = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    emit(trimmed, this.lineNumber);
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
