/*
 * What to do with a document the mapping rejected (a field that is an object in one event and a
 * list or string in another, a value over Lucene's term limit...): move the offending part into
 * `siem.conflicts` as text and try again, so the record stays searchable instead of being lost.
 */

export interface BulkItemError {
  type?: string;
  reason?: string;
  caused_by?: BulkItemError;
}

type Json = Record<string, unknown>;

export interface ConflictEntry {
  field: string;
  value: string;
}

/** Every `[bracketed]` name and `field="..."` in the error chain, most specific first. */
export function candidateFields(error: BulkItemError): string[] {
  const out: string[] = [];
  for (let e: BulkItemError | undefined = error; e; e = e.caused_by) {
    const reason = e.reason ?? '';
    for (const m of reason.matchAll(/field="([^"]+)"/g)) out.push(m[1]);
    for (const m of reason.matchAll(/\[([^[\]\s]+)\]/g)) out.push(m[1]);
  }
  return [...new Set(out)];
}

/**
 * Resolves a dotted mapping path against a document. Returns the container and key to cut; the
 * cut stops at the first array on the way, since the offending element cannot be told apart.
 */
function locate(doc: Json, path: string): { parent: Json; key: string; path: string } | undefined {
  const parts = path.split('.');
  let parent: Json = doc;
  let walked: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    // Keys may themselves contain dots: try the longest key that exists at this level first.
    let key: string | undefined;
    let j = parts.length;
    for (; j > i; j--) {
      const candidate = parts.slice(i, j).join('.');
      if (Object.prototype.hasOwnProperty.call(parent, candidate)) {
        key = candidate;
        break;
      }
    }
    if (key === undefined) return undefined;
    walked = [...walked, key];
    const value = parent[key];
    if (j === parts.length || Array.isArray(value) || value === null || typeof value !== 'object') {
      return { parent, key, path: walked.join('.') };
    }
    parent = value as Json;
    i = j - 1;
  }
  return undefined;
}

function addConflict(doc: Json, entry: ConflictEntry): void {
  const siem = (doc.siem ??= {}) as { conflicts?: ConflictEntry[] };
  (siem.conflicts ??= []).push(entry);
}

/**
 * Moves the field named by the error into `siem.conflicts` (as its JSON text). Returns the new
 * document text, or undefined when the error names nothing found in the document.
 */
/** Longest value kept in a `flat_object`: its terms (path + value) must stay under Lucene's limit. */
const FLAT_VALUE_MAX_BYTES = 30_000;

/** Moves the string leaves too long to index out of a subtree; returns how many moved. */
function moveOversizedLeaves(value: unknown, path: string, doc: Json): number {
  if (value === null || typeof value !== 'object') return 0;
  let moved = 0;
  for (const [k, v] of Object.entries(value as Json)) {
    const p = Array.isArray(value) ? path : `${path}.${k}`;
    if (typeof v === 'string' && Buffer.byteLength(v) > FLAT_VALUE_MAX_BYTES) {
      addConflict(doc, { field: p, value: v });
      if (Array.isArray(value)) value[Number(k)] = null;
      else delete (value as Json)[k];
      moved++;
    } else moved += moveOversizedLeaves(v, p, doc);
  }
  return moved;
}

export function keepConflictAsText(docJson: string, error: BulkItemError): string | undefined {
  const doc = JSON.parse(docJson) as Json;
  for (const candidate of candidateFields(error)) {
    // flat_object reports its internal sub-fields: `requestParameters._value`.
    const flatObject = /\._value(?:AndPath)?$/.test(candidate);
    const field = candidate.replace(/\._value(?:AndPath)?$/, '');
    if (field === 'siem.conflicts' || field.startsWith('siem.')) continue;
    const at = locate(doc, field);
    if (!at) continue;
    const value = at.parent[at.key];
    // A too-long value somewhere inside a flat_object: move just that value, keep the rest searchable.
    if (flatObject && moveOversizedLeaves(value, at.path, doc) > 0) return JSON.stringify(doc);
    delete at.parent[at.key];
    addConflict(doc, { field: at.path, value: typeof value === 'string' ? value : JSON.stringify(value) });
    return JSON.stringify(doc);
  }
  return undefined;
}

/**
 * Last resort before the dead-letter index: only the common fields stay structured, the whole
 * record is kept as text.
 */
export function minimalDocument(originalJson: string): string {
  const doc = JSON.parse(originalJson) as Json;
  const minimal: Json = {};
  for (const key of ['@timestamp', 'event', 'cloud', 'source', 'user'])
    if (key in doc) minimal[key] = doc[key];
  const { siem: _siem, ...rest } = doc;
  for (const key of ['@timestamp', 'event', 'cloud', 'source', 'user']) delete rest[key];
  addConflict(minimal, { field: '_source', value: JSON.stringify(rest) });
  return JSON.stringify(minimal);
}
