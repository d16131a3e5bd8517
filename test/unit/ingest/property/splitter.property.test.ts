import fc from 'fast-check';
import { JsonObjectSplitter, type Members } from '../../../../functions/ingest/json-splitter';
import { topLevelMembers } from '../../../../functions/ingest/json-fields';
import { safeJsonObject } from '../../../../functions/ingest/parsers/safe-json';
import { cloudTrailObject, wafObject } from './generators';
import { nestedObject } from './hostile-support';

/*
 * The splitter validates plain records in the walk that splits them (no second pass): its `plain`
 * verdict must be exactly safeJsonObject's "unchanged", and what it hands over (texts, members)
 * must not depend on whether the fast walk or the bracket-counting fallback took a record, which
 * the chunking decides (a record spanning chunks always takes the fallback).
 */

const SEED = 20_240_517;
const RUNS = 200;

const WAF_FIELDS = new Set(['timestamp', 'webaclId', 'action', 'httpRequest']);
const CT_FIELDS = new Set(['eventTime', 'eventID', 'eventName', 'userIdentity', 'sourceIPAddress']);

interface Emitted {
  text: string;
  members: Members;
  plain: boolean;
}

function split(text: string, depth: number, wanted: ReadonlySet<string>, chunk: number): Emitted[] {
  const splitter = new JsonObjectSplitter(depth, depth === 0, wanted);
  const out: Emitted[] = [];
  const emit = (t: string, members: Members, plain: boolean) => out.push({ text: t, members, plain });
  for (let i = 0; i < text.length; i += chunk) splitter.push(text.slice(i, i + chunk), emit, () => undefined);
  splitter.end(() => undefined);
  return out;
}

/** What safeJsonObject makes of a record: the splitter's `plain` must mean "unchanged". */
function unchanged(text: string): boolean {
  const safe = safeJsonObject(text);
  return !('error' in safe) && !safe.rewritten;
}

/** Valid JSON records of varied shape: deep, wide, escapes, numbers, spaces. */
const jsonRecord = fc
  .tuple(
    fc.dictionary(fc.constantFrom('timestamp', 'action', 'a', 'httpRequest', 'x\\"y', 'é'), fc.jsonValue(), {
      maxKeys: 6,
    }),
    fc.constantFrom(0, 0, 0, 63, 64, 65, 200),
    fc.constantFrom('', ' ', '  '),
  )
  .map(([o, deep, space]) => {
    const body = JSON.stringify(o).replace(/,/g, `,${space}`);
    return deep === 0 ? body : `{"deep":${nestedObject(deep - 1)},${body.slice(1)}`;
  });

const inputs: fc.Arbitrary<{ text: string; depth: number; wanted: ReadonlySet<string> }> = fc.oneof(
  wafObject.map((g) => ({ text: g.text, depth: 0, wanted: WAF_FIELDS })),
  cloudTrailObject.map((g) => ({ text: g.text, depth: 2, wanted: CT_FIELDS })),
  fc.array(jsonRecord, { maxLength: 5 }).map((rs) => ({ text: rs.join('\n'), depth: 0, wanted: WAF_FIELDS })),
);

describe('JsonObjectSplitter fast validating walk', () => {
  it('says plain exactly when safeJsonObject would keep the record unchanged (one chunk)', () => {
    fc.assert(
      fc.property(inputs, ({ text, depth, wanted }) => {
        for (const e of split(text, depth, wanted, text.length + 1)) expect(e.plain).toBe(unchanged(e.text));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('hands over the same records and members whichever path took them', () => {
    fc.assert(
      fc.property(inputs, fc.integer({ min: 1, max: 40 }), ({ text, depth, wanted }, chunk) => {
        const whole = split(text, depth, wanted, text.length + 1);
        const pieces = split(text, depth, wanted, chunk);
        const strip = (es: Emitted[]) => es.map(({ text: t, members }) => ({ t, members }));
        expect(strip(pieces)).toEqual(strip(whole));
        for (const e of [...whole, ...pieces]) {
          if (!e.plain) continue;
          expect(unchanged(e.text)).toBe(true);
          expect(e.members).toEqual(topLevelMembers(e.text, wanted));
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
