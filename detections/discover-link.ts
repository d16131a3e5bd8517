import type { DslQuery } from './types';
import { RisonSlot, risonEncode, type RisonValue } from './rison';

/*
 * A Discover link in an alert message, filtered to the events behind the alert. It is a mustache
 * template: the time range and the bucket's key values are filled in by the Alerting plugin when
 * it sends the notification. The URL is the one OpenSearch Dashboards 2.x's Discover
 * (data-explorer) shares itself:
 *   <dashboards>/app/data-explorer/discover#?_a=(discover:(...),metadata:(indexPattern:'<id>',view:discover))
 *     &_g=(filters:!(),refreshInterval:(...),time:(from:'<iso>',to:'<iso>'))
 *     &_q=(filters:!(<filter>,...),query:(language:kuery,query:''))
 * Everything the monitor selected on is a filter pill (the detection's query, its time window,
 * each key value of the bucket), so the analyst sees, and can loosen, exactly what fired.
 */

/** A filter pill of the link. */
export type DiscoverFilter =
  /**
   * A query DSL clause, labelled (`alias`) since the DSL itself is unreadable in a pill. Each
   * key of `placeholders` found in one of its strings (`{{period_end}}`) is replaced by the
   * value of its mustache path when the alert is sent.
   */
  | {
      readonly kind: 'custom';
      readonly alias: string;
      readonly query: DslQuery;
      readonly placeholders?: Readonly<Record<string, string>>;
    }
  /** `field` has this value (a key of the alert's bucket). */
  | { readonly kind: 'phrase'; readonly field: string; readonly value: RisonValue }
  /** `field` has no value: the bucket of documents missing a key field. */
  | { readonly kind: 'missing'; readonly field: string }
  /** One of two filters, chosen when the alert is sent: `ifPresent` when `path` renders a value. */
  | {
      readonly kind: 'either';
      readonly path: string;
      readonly ifPresent: DiscoverFilter;
      readonly ifAbsent: DiscoverFilter;
    };

export interface DiscoverLinkSpec {
  /**
   * OpenSearch Dashboards base URL (`https://<domain>/_dashboards`). Without it the link is a
   * path from that base, which the reader appends to the address they open Dashboards at.
   */
  readonly dashboardsUrl?: string;
  readonly indexPatternId: string;
  /** Mustache text rendering the first and last event time (ISO 8601), the link's time range. */
  readonly from: string;
  readonly to: string;
  readonly filters: readonly DiscoverFilter[];
  readonly columns: readonly string[];
  /**
   * Filters rendered once per element of the list at `path` (mustache iteration), after the
   * others; paths inside them are relative to the element. None when the list is empty.
   */
  readonly each?: {
    readonly path: string;
    readonly filters: (valueOf: ValueOf) => readonly DiscoverFilter[];
  };
}

/** The part of the link after the Dashboards base URL. */
export const DISCOVER_PATH = '/app/data-explorer/discover#?';

/**
 * Rison in a URL fragment: percent-encoded like Dashboards' own links, leaving the characters
 * rison is made of readable (`:` `,` `'` `(` `)` `!` and `@` `$` of field names).
 */
function urlEncode(rison: string): string {
  return encodeURIComponent(rison).replace(/%(3A|2C|40|24|2F)/g, (match) => decodeURIComponent(match));
}

/** Tokens standing for mustache text until the URL is encoded; letters and digits survive encoding. */
class Slots {
  private readonly texts = new Map<string, string>();
  /** Tokens of repeated elements, which take the comma before them into their iteration. */
  private readonly leadingComma = new Set<string>();

  private add(text: string, quoted: boolean): RisonSlot {
    const token = `zslot${this.texts.size}z`;
    this.texts.set(token, text);
    return new RisonSlot(token, quoted);
  }

  /** A string value rendered from mustache `text`, URL-encoded by the plugin's mustache `url` function. */
  value(text: string): RisonSlot {
    return this.string([{ text }]);
  }

  /** A string of fixed parts and values rendered from mustache text. */
  string(parts: ReadonlyArray<string | { readonly text: string }>): RisonSlot {
    const text = parts
      .map((part) =>
        typeof part === 'string'
          ? urlEncode(part.replace(/['!]/g, (c) => `!${c}`))
          : `{{#url}}${part.text}{{/url}}`,
      )
      .join('');
    return this.add(text, true);
  }

  /**
   * Elements after the last one of a list: `,<elements>` once per element of the list at `path`.
   * The token stands in the list as its last element; its comma is taken into the iteration.
   */
  repeated(path: string, elements: readonly string[]): RisonSlot {
    const slot = this.add(`{{#${path}}},${elements.join(',')}{{/${path}}}`, false);
    this.leadingComma.add(slot.token);
    return slot;
  }

  /** A whole element: `ifPresent` when `path` renders (a value), `ifAbsent` otherwise. */
  either(path: string, ifPresent: string, ifAbsent: string): RisonSlot {
    return this.add(`{{#${path}}}${ifPresent}{{/${path}}}{{^${path}}}${ifAbsent}{{/${path}}}`, false);
  }

  fill(text: string): string {
    let out = text;
    // Later slots may sit inside earlier ones' text (a value inside an either): replace newest first.
    for (const [token, replacement] of [...this.texts].reverse()) {
      const at = this.leadingComma.has(token) ? `,${token}` : token;
      out = out.split(at).join(replacement);
    }
    return out;
  }
}

/** `value` with every string holding a placeholder turned into a slot filled when the alert is sent. */
function withPlaceholders(
  value: unknown,
  placeholders: Readonly<Record<string, string>>,
  slots: Slots,
): RisonValue {
  if (typeof value === 'string') {
    const keys = Object.keys(placeholders).filter((k) => value.includes(k));
    if (keys.length === 0) return value;
    const pattern = new RegExp(`(${keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);
    const parts = value
      .split(pattern)
      .filter((part) => part !== '')
      .map((part) => (part in placeholders ? { text: `{{${placeholders[part]!}}}` } : part));
    return slots.string(parts);
  }
  if (Array.isArray(value)) return value.map((v) => withPlaceholders(v, placeholders, slots));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withPlaceholders(v, placeholders, slots)]),
    );
  return value as RisonValue;
}

function filterValue(filter: DiscoverFilter, index: string, slots: Slots): RisonValue {
  const state = { store: 'appState' };
  const meta = { alias: null, disabled: false, index, negate: false } as const;
  switch (filter.kind) {
    case 'custom':
      return {
        $state: state,
        meta: { ...meta, alias: filter.alias, key: 'query', type: 'custom' },
        query: withPlaceholders(filter.query, filter.placeholders ?? {}, slots),
      };
    case 'phrase':
      return {
        $state: state,
        meta: { ...meta, key: filter.field, params: { query: filter.value }, type: 'phrase' },
        query: { match_phrase: { [filter.field]: filter.value } },
      };
    case 'missing':
      return {
        $state: state,
        meta: { ...meta, key: filter.field, negate: true, type: 'exists', value: 'exists' },
        query: { exists: { field: filter.field } },
      };
    case 'either':
      return slots.either(
        filter.path,
        urlEncode(risonEncode(filterValue(filter.ifPresent, index, slots))),
        urlEncode(risonEncode(filterValue(filter.ifAbsent, index, slots))),
      );
  }
}

/** A mustache path's value as a link value (a key of the bucket), for {@link DiscoverFilter}s. */
export type ValueOf = (path: string) => RisonValue;

/**
 * The link as a mustache template. `filters` is called with a function turning a mustache path
 * into a link value, for filters on values known only when the alert is sent.
 */
export function discoverLinkTemplate(
  spec: Omit<DiscoverLinkSpec, 'filters'> & {
    readonly filters: (valueOf: ValueOf) => readonly DiscoverFilter[];
  },
): string {
  const slots = new Slots();
  const index = spec.indexPatternId;
  const valueOf = (path: string) => slots.value(`{{${path}}}`);
  const filters: RisonValue[] = spec.filters(valueOf).map((f) => filterValue(f, index, slots));
  if (spec.each) {
    const elements = spec.each
      .filters(valueOf)
      .map((f) => urlEncode(risonEncode(filterValue(f, index, slots))));
    if (filters.length === 0) throw new Error('repeated filters need a filter before them');
    filters.push(slots.repeated(spec.each.path, elements));
  }
  const app = {
    discover: { columns: [...spec.columns], isDirty: false, sort: [] },
    metadata: { indexPattern: index, view: 'discover' },
  };
  const global = {
    filters: [],
    refreshInterval: { pause: true, value: 0 },
    time: { from: slots.value(spec.from), to: slots.value(spec.to) },
  };
  const query = { filters, query: { language: 'kuery', query: '' } };
  const fragment = [
    `_a=${urlEncode(risonEncode(app))}`,
    `_g=${urlEncode(risonEncode(global))}`,
    `_q=${urlEncode(risonEncode(query))}`,
  ].join('&');
  return slots.fill(`${(spec.dashboardsUrl ?? '').replace(/\/+$/, '')}${DISCOVER_PATH}${fragment}`);
}
