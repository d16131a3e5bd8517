import { JsonObjectSplitter, type Members } from '../../../functions/ingest/json-splitter';
import { MAX_NESTING_DEPTH, MAX_NUMBER_CHARS } from '../../../functions/ingest/parsers/safe-json';
import { moduleLimits, NOT_WALKED, walkPlainObject } from '../../../functions/ingest/wasm-scanner';
import { seededRandom } from '../../../scripts/bench/generate-logs';

/*
 * The splitter walks a plain object in WebAssembly when it has the chunk's bytes, else in
 * JavaScript (`plainObject`). Both must give the same answer for every input: the same records,
 * members, plain flags, positions and dead letters. Compared here on valid objects and on
 * thousands of mutations that aim at every rule of the walk (escapes, control characters,
 * literals, numbers, nesting, whitespace, brackets, chunk ends).
 */

type Emitted =
  [kind: 'record', text: string, members: Members, plain: boolean, at: number] | ['bad', string, string];

const WANTED = new Set([
  'eventTime',
  'eventName',
  'userIdentity',
  'errorCode',
  'resources',
  'n',
  'flag',
  'x',
]);
/** Names the module's tables cannot hold: the walk then lists every member for the splitter to pick. */
const WANTED_UNTABLED = new Set([...WANTED, 'eventTimé', 'a'.repeat(70)]);

/** Splits `text` at `cuts`, with or without each chunk's bytes, and lists what comes out. */
function split(
  text: string,
  cuts: readonly number[],
  withBytes: boolean,
  objectDepth = 2,
  wanted: ReadonlySet<string> = WANTED,
): Emitted[] {
  const out: Emitted[] = [];
  const splitter = new JsonObjectSplitter(objectDepth, objectDepth === 0, wanted);
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < text.length), text.length];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const chunk = text.slice(bounds[k], bounds[k + 1]);
    splitter.push(
      chunk,
      (t, members, plain, at) => out.push(['record', t, { ...members }, plain, at]),
      (raw, reason) => out.push(['bad', raw, reason]),
      -1,
      withBytes ? Buffer.from(chunk, 'latin1') : undefined,
    );
  }
  splitter.end((raw, reason) => out.push(['bad', raw, reason]));
  return out;
}

const RECORDS = [
  '{"eventTime":"2024-05-01T00:00:00Z","eventName":"RunInstances","userIdentity":{"type":"IAMUser","userName":"a\\"b\\\\c\\u00e9"},"n":-12.5e+3,"flag":true,"x":null,"resources":[{"ARN":"arn:aws:s3:::b"},[],{}],"errorCode":"AccessDenied"}',
  '{ "eventTime" : "2024-05-01T00:00:00Z" , "n" : 0 , "flag" : false , "x" : [ 1 , 2.0 , -0 , 3E7 , "s" ] }',
  '{}',
  '{"a":{"b":{"c":[[[]]]}},"eventName":"\\/\\b\\f\\n\\r\\t","n":1234567890}',
  `{"deep":${'['.repeat(MAX_NESTING_DEPTH - 1)}${']'.repeat(MAX_NESTING_DEPTH - 1)},"n":${'9'.repeat(MAX_NUMBER_CHARS)}}`,
];

/** Pieces the mutations insert: each one is, or breaks, a rule of the walk. */
const PIECES = [
  '\\',
  '\\u12',
  '\\uZZZZ',
  '\\u00E9',
  '\\x',
  '"',
  '\u0001',
  '\t',
  '\n',
  ' ',
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '-',
  '0',
  '01',
  '1e',
  '1e+5',
  '.5',
  '-.5',
  'true',
  'tru',
  'fals',
  'nul',
  'null',
  'x',
  '\u007f',
  '\u0000',
  '9'.repeat(MAX_NUMBER_CHARS + 1),
  '['.repeat(MAX_NESTING_DEPTH + 1),
  '"eventTime":',
  '"n":1,',
];

function mutate(text: string, next: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(next() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (out.length + 1));
    const r = next();
    if (r < 0.6) out = out.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + out.slice(at);
    else if (r < 0.9) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(next() * 4));
    else out = out.slice(0, at) + out.slice(at, at + 8) + out.slice(at);
  }
  return out;
}

describe('the WebAssembly walk of a plain object', () => {
  it('is compiled with the limits of safe-json.ts', () => {
    expect(moduleLimits).toEqual({ maxNestingDepth: MAX_NESTING_DEPTH, maxNumberChars: MAX_NUMBER_CHARS });
  });

  it('gives the records, members and plain flags of the JavaScript walk on valid records', () => {
    // Arrange
    const text = `{"Records":[${RECORDS.join(',')}]}`;

    // Act
    const walked = split(text, [], true);

    // Assess
    expect(walked).toEqual(split(text, [], false));
    expect(split(text, [], true, 2, WANTED_UNTABLED)).toEqual(walked);
    expect(walked.filter((e) => e[0] === 'record' && e[3]).length).toBe(RECORDS.length);
    expect(walked[0][2]).toEqual({
      eventTime: '"2024-05-01T00:00:00Z"',
      eventName: '"RunInstances"',
      userIdentity: '{"type":"IAMUser","userName":"a\\"b\\\\c\\u00e9"}',
      n: '-12.5e+3',
      flag: 'true',
      x: 'null',
      resources: '[{"ARN":"arn:aws:s3:::b"},[],{}]',
      errorCode: '"AccessDenied"',
    });
  });

  it('gives the JavaScript walk’s answer on 6,000 mutated objects, whole and cut into chunks', () => {
    // Half with the names matched in the module, half with every member listed and picked here.
    const next = seededRandom(13);
    let plainSeen = 0;
    let notPlainSeen = 0;
    const differing: object[] = [];
    for (let k = 0; k < 6000; k++) {
      // Arrange
      const records = Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
        mutate(RECORDS[Math.floor(next() * RECORDS.length)], next),
      );
      const concatenated = k % 2 === 0;
      const text = concatenated ? records.join('\n') : `{"Records":[${records.join(',')}]}`;
      const cuts =
        k % 3 === 0
          ? []
          : [Math.floor(next() * text.length), Math.floor(next() * text.length)].sort((a, b) => a - b);

      // Act
      const wanted = k % 4 < 2 ? WANTED : WANTED_UNTABLED;
      const walked = split(text, cuts, true, concatenated ? 0 : 2, wanted);

      // Assess
      const expected = split(text, cuts, false, concatenated ? 0 : 2, wanted);
      if (JSON.stringify(walked) !== JSON.stringify(expected))
        differing.push({ k, text, cuts, walked, expected });
      for (const e of walked) if (e[0] === 'record' && e[3]) plainSeen++;
      for (const e of walked) if (e[0] === 'record' && !e[3]) notPlainSeen++;
    }
    expect(differing.slice(0, 3)).toEqual([]);
    // Both answers were exercised, many times each.
    expect(plainSeen).toBeGreaterThan(2000);
    expect(notPlainSeen).toBeGreaterThan(2000);
  });

  it('refuses a record whose terminator is the end of the chunk, at every cut', () => {
    const record = RECORDS[0];
    for (let cut = 1; cut < record.length; cut++) {
      const chunk = Buffer.from(record.slice(0, cut), 'latin1');
      expect([cut, walkPlainObject(chunk, 0)]).toEqual([cut, -1]);
    }
    expect(walkPlainObject(Buffer.from(record, 'latin1'), 0)).toBe(record.length - 1);
  });

  it('leaves a chunk over 64 KiB to the JavaScript walk, with the same records', () => {
    // Arrange
    const text = `{"Records":[${Array.from({ length: 600 }, (_, k) => RECORDS[k % RECORDS.length]).join(',')}]}`;
    expect(text.length).toBeGreaterThan(65_536);

    // Act and assess
    expect(walkPlainObject(Buffer.from(text, 'latin1'), 12)).toBe(NOT_WALKED);
    expect(split(text, [], true)).toEqual(split(text, [], false));
  });
});
