/**
 * Streaming splitter that finds complete JSON objects in text arriving in chunks, without parsing
 * them: it tracks only strings (skipped with indexOf, which is vectorised) and bracket depth.
 * Each object at `objectDepth` is handed over as its exact original text, so callers can splice
 * it into a bulk body or parse only what they need. Memory: the current chunk plus one record.
 */
export class JsonObjectSplitter {
  private depth = 0;
  private inString = false;
  /** The previous chunk ended on a backslash inside a string: the next char is escaped. */
  private pendingEscape = false;
  /** Pieces of the current object from earlier chunks. */
  private parts: string[] = [];
  private inObject = false;
  private objectsSeen = 0;

  /**
   * @param objectDepth 0 for concatenated or newline-delimited objects; 2 for the elements of an
   *   array that is a member of a top-level object (CloudTrail's `{"Records":[...]}`).
   * @param strictTopLevel when true, anything but whitespace between top-level objects is an error.
   */
  constructor(
    private readonly objectDepth: number,
    private readonly strictTopLevel: boolean,
  ) {}

  get count(): number {
    return this.objectsSeen;
  }

  push(s: string, emit: (objectText: string) => void): void {
    const n = s.length;
    const target = this.objectDepth;
    let i = 0;
    let start = this.inObject ? 0 : -1;
    while (i < n) {
      if (this.inString) {
        if (this.pendingEscape) {
          this.pendingEscape = false;
          i++;
          continue;
        }
        const from = i;
        let q = s.indexOf('"', i);
        while (q >= 0) {
          let k = q - 1;
          while (k >= from && s.charCodeAt(k) === 92) k--;
          if ((q - 1 - k) % 2 === 0) break; // even run of backslashes: the quote is real
          q = s.indexOf('"', q + 1);
        }
        if (q < 0) {
          let k = n - 1;
          while (k >= from && s.charCodeAt(k) === 92) k--;
          this.pendingEscape = (n - 1 - k) % 2 === 1;
          i = n;
          break;
        }
        this.inString = false;
        i = q + 1;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 34 /* " */) {
        this.inString = true;
      } else if (c === 123 /* { */ || c === 91 /* [ */) {
        if (c === 123 && this.depth === target) {
          start = i;
          this.inObject = true;
        }
        this.depth++;
      } else if (c === 125 /* } */ || c === 93 /* ] */) {
        this.depth--;
        if (this.depth < 0) throw new Error(`unbalanced '${String.fromCharCode(c)}' in JSON`);
        if (this.depth === target && this.inObject) {
          if (c !== 125) throw new Error('mismatched bracket in JSON');
          const tail = s.slice(start, i + 1);
          const text = this.parts.length === 0 ? tail : this.parts.join('') + tail;
          this.parts = [];
          this.inObject = false;
          start = -1;
          this.objectsSeen++;
          emit(text);
        }
      } else if (this.depth === 0 && this.strictTopLevel && c > 32) {
        throw new Error(`unexpected '${s[i]}' between JSON objects`);
      }
      i++;
    }
    if (this.inObject && start >= 0) this.parts.push(s.slice(start));
  }

  /** Throws when the text ended inside an object or string: a truncated object. */
  end(): void {
    if (this.inString || this.depth !== 0) throw new Error('JSON ends mid-record (truncated object?)');
  }
}
