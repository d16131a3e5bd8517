/*
 * Rison (https://github.com/Nanonid/rison), the notation OpenSearch Dashboards keeps its URL state
 * in (`_a`, `_g`, `_q`). Only encoding is needed here, so a small encoder instead of a dependency:
 * the same rules as rison.js, checked by decoding its output in the unit tests.
 */

/** Characters an unquoted id may not hold; ids may not start with `-` or a digit either. */
const ID = /^[^-0-9 '!:(),*@$][^ '!:(),*@$]*$/;

/**
 * Something filled in when the alert is sent (mustache): written as `token`, quoted as a rison
 * string when `quoted` (a value) or bare (a whole element chosen at send time); the caller
 * replaces the token after URL encoding.
 */
export class RisonSlot {
  constructor(
    readonly token: string,
    readonly quoted: boolean,
  ) {}
}

export type RisonValue =
  | string
  | number
  | boolean
  | null
  | RisonSlot
  | readonly RisonValue[]
  | { readonly [key: string]: RisonValue | undefined };

function risonString(s: string): string {
  return ID.test(s) ? s : `'${s.replace(/['!]/g, (c) => `!${c}`)}'`;
}

export function risonEncode(value: RisonValue): string {
  if (value === null) return '!n';
  if (value instanceof RisonSlot) return value.quoted ? `'${value.token}'` : value.token;
  switch (typeof value) {
    case 'boolean':
      return value ? '!t' : '!f';
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`rison cannot hold ${value}`);
      return String(value).replace('+', '');
    case 'string':
      return risonString(value);
  }
  if (Array.isArray(value)) return `!(${value.map((v: RisonValue) => risonEncode(v)).join(',')})`;
  const entries = Object.entries(value as Record<string, RisonValue | undefined>).filter(
    (entry): entry is [string, RisonValue] => entry[1] !== undefined,
  );
  return `(${entries.map(([k, v]) => `${risonString(k)}:${risonEncode(v)}`).join(',')})`;
}
