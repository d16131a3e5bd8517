import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { firstControlOrNonAscii } from './wasm-scanner';

/**
 * Decodes an object's UTF-8 chunks to text (as the object reader does) and says, per chunk, what
 * one pass over its bytes tells:
 * - `bytes`: the chunk, when its text is its bytes character for character (an ASCII chunk with
 *   nothing carried over from the one before). A record found in the text is then copied into a
 *   request as the chunk's own bytes (a memcpy) instead of being encoded back to UTF-8.
 * - `firstControl`: where the text's first control character is (its length when there is none),
 *   or -1 when not known; the splitter then looks for itself.
 */
export class ChunkText {
  private readonly decoder = new StringDecoder('utf8');
  bytes: Buffer | undefined;
  firstControl = -1;

  write(chunk: Buffer): string {
    const text = this.decoder.write(chunk);
    this.bytes = undefined;
    this.firstControl = -1;
    // A partial character carried over adds one to the text's length.
    if (text.length !== chunk.length) return text;
    const found = firstControlOrNonAscii(chunk);
    if (found === chunk.length) {
      this.bytes = chunk;
      this.firstControl = text.length;
    } else if (isAscii(chunk)) {
      this.bytes = chunk;
      // All ASCII, so what was found is a control character, at the same index in the text.
      if (found !== undefined) this.firstControl = found;
    }
    return text;
  }

  end(): string {
    this.bytes = undefined;
    this.firstControl = -1;
    return this.decoder.end();
  }
}
