import fc from 'fast-check';
import { UnknownFormatError } from '../../../../functions/ingest/object-reader';
import { ALL_OBJECTS, type Generated } from './generators';
import { documentProblems, parse, type Parsed } from './hostile-support';

/*
 * Properties over every parser, on generated hostile objects (fixed seed, bounded runs):
 * never throws, every document is one line of valid JSON with an @timestamp and bounded nesting,
 * documents plus dead letters account for every record, and the chunking changes nothing.
 */

const SEED = 20_240_102;
const RUNS = 60;

/** The object's first 4 KB decide whether it is binary: then the whole object is refused, by design. */
function binaryHead(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(text.slice(0, 4096));
}

async function outcome(g: Generated, chunk?: number): Promise<Parsed | { refused: string }> {
  try {
    return await parse(g.text, g.source, chunk);
  } catch (err) {
    if (err instanceof UnknownFormatError && binaryHead(g.text)) return { refused: err.message };
    throw err;
  }
}

describe.each(ALL_OBJECTS)('%s parser on hostile input', (_name, objects) => {
  it('never throws, emits only valid single-line documents, and accounts for every record', async () => {
    await fc.assert(
      fc.asyncProperty(objects, async (g) => {
        const result = await outcome(g);
        if ('refused' in result) return;
        for (const doc of result.docs) expect(documentProblems(doc)).toEqual([]);
        expect(result.docs.length + result.dead.length).toBe(g.records);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('gives the same documents and dead letters whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(objects, fc.integer({ min: 1, max: 97 }), async (g, chunk) => {
        const whole = await outcome(g);
        const chunked = await outcome(g, chunk);
        expect(chunked).toEqual(whole);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
