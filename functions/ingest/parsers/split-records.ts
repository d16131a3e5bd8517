import { ChunkText } from '../chunk-text';
import type { BadText, EmitObject, JsonObjectSplitter } from '../json-splitter';
import type { LogObjectParser, RecordSink } from '../types';

/**
 * The parser of an object of JSON records that `splitter` finds, each handed to `emit`. Fed
 * bytes, it decodes them itself, so that an ASCII chunk's bytes reach the splitter and its
 * records are walked in WebAssembly (wasm-scanner.ts) instead of JavaScript.
 */
export function splitRecords(
  splitter: JsonObjectSplitter,
  emit: (sink: RecordSink) => EmitObject,
  bad: (sink: RecordSink) => BadText,
): LogObjectParser {
  const decoder = new ChunkText();
  return {
    push(text, sink) {
      splitter.push(text, emit(sink), bad(sink));
    },
    pushBytes(chunk, sink) {
      const text = decoder.write(chunk);
      splitter.push(text, emit(sink), bad(sink), decoder.firstControl, decoder.bytes);
    },
    end(sink) {
      const tail = decoder.end();
      if (tail) splitter.push(tail, emit(sink), bad(sink));
      splitter.end(bad(sink));
    },
  };
}
