/**
 * Does what the cluster stores already say what we want? OpenSearch returns a resource in its own
 * normalized form: defaults added (`boost: 1`, `adjust_pure_negative`), settings flattened and
 * stringified, `term: {f: v}` rewritten as `term: {f: {value: v}}`, ranges as `from`/`to`. So
 * the comparison is "every value we set is there", modulo those rewrites, and arrays must match
 * in length (a removed trigger or filter is a change).
 */

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const RANGE_BOUNDS: Record<
  string,
  { key: 'from' | 'to'; inclusive: 'include_lower' | 'include_upper'; value: boolean }
> = {
  gte: { key: 'from', inclusive: 'include_lower', value: true },
  gt: { key: 'from', inclusive: 'include_lower', value: false },
  lte: { key: 'to', inclusive: 'include_upper', value: true },
  lt: { key: 'to', inclusive: 'include_upper', value: false },
};

/** `{gte: a, lt: b}` as OpenSearch stores it: `{from: a, include_lower: true, to: b, include_upper: false}`. */
function rangeAsStored(desired: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(desired)) {
    const bound = RANGE_BOUNDS[k];
    if (bound) {
      out[bound.key] = v;
      out[bound.inclusive] = bound.value;
    } else out[k] = v;
  }
  return out;
}

function scalarEqual(current: Json, desired: Json): boolean {
  if (current === desired) return true;
  if (current === null || desired === null || typeof current === 'object' || typeof desired === 'object')
    return false;
  // Settings come back as strings; 1.0 and 1 are one value.
  return String(current) === String(desired);
}

/** Keys whose shorthand value OpenSearch stores inside an object (`term`, `match`, `wildcard`...). */
const SHORTHAND_KEYS = ['value', 'query', 'wildcard'] as const;

/** `track_total_hits: true` is stored as the count it stands for (`false` as -1). */
const TRACK_TOTAL_HITS: ReadonlyMap<boolean, number> = new Map([
  [true, 2_147_483_647],
  [false, -1],
]);

/**
 * The key under which OpenSearch stores what was written under `key`: a `wildcard` query written
 * `{field: {value: 'a*'}}` is stored `{field: {wildcard: 'a*'}}`.
 */
function storedKey(current: Record<string, Json>, key: string): string {
  return key === 'value' && !('value' in current) && 'wildcard' in current ? 'wildcard' : key;
}

export function containsDesired(current: Json, desired: Json): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(current) &&
      current.length === desired.length &&
      desired.every((d, i) => containsDesired(current[i], d))
    );
  }
  if (isObject(desired)) {
    if (!isObject(current)) return false;
    const wanted =
      Object.keys(desired).some((k) => k in RANGE_BOUNDS) && ('from' in current || 'to' in current)
        ? rangeAsStored(desired)
        : desired;
    return Object.entries(wanted).every(([k, v]) =>
      k === 'track_total_hits' && typeof v === 'boolean' && current[k] === TRACK_TOTAL_HITS.get(v)
        ? true
        : containsDesired(current[storedKey(current, k)], v),
    );
  }
  // `term: {field: "x"}` is stored as `term: {field: {value: "x", boost: 1.0}}` (`match` as `query`).
  if (isObject(current)) {
    const key = SHORTHAND_KEYS.find((k) => k in current);
    return key !== undefined && scalarEqual(current[key], desired);
  }
  return scalarEqual(current, desired);
}

/**
 * Index settings as written (`{'index.refresh_interval': '5s'}` or nested) become one flat map
 * with `index.` prefixes, the way `GET _index_template` returns them once flattened.
 */
export function flattenSettings(settings: Json, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(settings)) return out;
  for (const [k, v] of Object.entries(settings)) {
    const key = prefix + k;
    if (isObject(v)) Object.assign(out, flattenSettings(v, `${key}.`));
    else
      out[key.startsWith('index.') ? key : `index.${key}`] = Array.isArray(v) ? JSON.stringify(v) : String(v);
  }
  return out;
}
