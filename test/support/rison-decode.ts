/**
 * A rison decoder (https://github.com/Nanonid/rison) for tests: reads the state of a Dashboards URL
 * the way Dashboards does, to check what a link selects. Strict: anything malformed throws.
 */

const NOT_ID = " '!:(),*@$";

export type Rison = string | number | boolean | null | Rison[] | { [key: string]: Rison };

export function risonDecode(text: string): Rison {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`rison: ${what} at ${i} in ${text.slice(Math.max(0, i - 20), i + 20)}`);
  };
  const value = (): Rison => {
    const c = text[i];
    if (c === undefined) return fail('unexpected end');
    if (c === '!') {
      const next = text[i + 1];
      i += 2;
      if (next === 't') return true;
      if (next === 'f') return false;
      if (next === 'n') return null;
      if (next === '(') {
        const list: Rison[] = [];
        while (text[i] !== ')') {
          if (list.length > 0) {
            if (text[i] !== ',') fail('expected ,');
            i += 1;
          }
          list.push(value());
        }
        i += 1;
        return list;
      }
      return fail(`unknown !${next}`);
    }
    if (c === '(') {
      i += 1;
      const object: Record<string, Rison> = {};
      let first = true;
      while (text[i] !== ')') {
        if (!first) {
          if (text[i] !== ',') fail('expected ,');
          i += 1;
        }
        first = false;
        const key = value();
        if (typeof key !== 'string') fail('object key must be a string');
        if (text[i] !== ':') fail('expected :');
        i += 1;
        object[key as string] = value();
      }
      i += 1;
      return object;
    }
    if (c === "'") {
      i += 1;
      let out = '';
      for (;;) {
        const ch = text[i];
        if (ch === undefined) return fail('unterminated string');
        i += 1;
        if (ch === "'") return out;
        if (ch === '!') {
          const escaped = text[i];
          if (escaped !== '!' && escaped !== "'") fail('bad escape');
          out += escaped;
          i += 1;
        } else out += ch;
      }
    }
    if (/[-0-9]/.test(c)) {
      const match = /^-?\d+(\.\d+)?(e-?\d+)?/.exec(text.slice(i));
      if (!match) return fail('bad number');
      i += match[0].length;
      return Number(match[0]);
    }
    let end = i;
    while (end < text.length && !NOT_ID.includes(text[end]!)) end += 1;
    if (end === i) fail('unexpected character');
    const id = text.slice(i, end);
    i = end;
    return id;
  };
  const result = value();
  if (i !== text.length) fail('trailing characters');
  return result;
}
