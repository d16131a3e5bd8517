import { createHash } from 'node:crypto';

/*
 * Helpers to write detection samples: realistic source records with overridable fields, and
 * repetition with distinct ids so threshold detections can be proven with their own samples.
 */

/** Deterministic UUID-shaped id, so samples (and the document ids derived from them) are stable. */
export function sampleUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const SAMPLE_ACCOUNT_ID = '333333333333';
export const SAMPLE_REGION = 'eu-west-1';
/** Documentation address ranges (RFC 5737) stand in for attacker and office addresses. */
export const SAMPLE_EXTERNAL_IP = '203.0.113.10';
export const SAMPLE_OTHER_EXTERNAL_IP = '198.51.100.20';
/** Any time: tests rewrite event times to "now" before indexing. */
export const SAMPLE_TIME = '2026-01-15T10:00:00Z';

type Json = { readonly [field: string]: unknown };

/** `count` copies of an event, each given a distinct id by `withId(event, i)`. */
export function repeatEvent<T>(event: T, count: number, withId: (event: T, i: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => withId(event, i));
}

/** Deep merge of plain objects: overrides replace arrays and scalars, merge objects. */
export function merge<T extends Json>(base: T, overrides: Json): T {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : (value as unknown);
  }
  return out as T;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
