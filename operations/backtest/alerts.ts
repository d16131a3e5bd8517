import type { Severity } from '../../detections/types';

/*
 * From a monitor's runs to the alerts a responder would have received, the way the deployed
 * monitors notify: a query-level monitor once when it starts firing and again only after its
 * throttle (its lookback) while it keeps firing; a bucket-level monitor once per bucket key each
 * time that key becomes active (NEW), not again while it stays active in consecutive runs.
 */

export interface SlotResult {
  readonly end: number;
  /** Whether the trigger held; false for runs not executed (they could not fire). */
  readonly triggered: boolean;
  /** Bucket-level: the keys of the buckets that fired, each with its documents. */
  readonly buckets: ReadonlyArray<{ readonly key: string; readonly docCount: number }>;
  /** Query-level: the documents behind the trigger. */
  readonly matchedEvents: number;
}

export interface BacktestAlert {
  readonly detection: string;
  readonly severity: Severity;
  /** The run that raised it (`period_end`, epoch ms). */
  readonly at: number;
  /** The bucket keys (bucket-level), or a summary of the window's principals (query-level, filled later). */
  readonly entity: string;
  readonly events: number;
}

export function alertsOf(
  detection: { readonly id: string; readonly severity: Severity; readonly lookbackMinutes: number },
  bucketLevel: boolean,
  slots: readonly SlotResult[],
): BacktestAlert[] {
  const alerts: BacktestAlert[] = [];
  const base = { detection: detection.id, severity: detection.severity };
  if (bucketLevel) {
    let active = new Set<string>();
    for (const slot of slots) {
      const now = new Set<string>();
      for (const bucket of slot.triggered ? slot.buckets : []) {
        now.add(bucket.key);
        if (!active.has(bucket.key))
          alerts.push({ ...base, at: slot.end, entity: bucket.key, events: bucket.docCount });
      }
      active = now;
    }
    return alerts;
  }
  const throttleMs = detection.lookbackMinutes * 60_000;
  let firing = false;
  let notifiedAt = -Infinity;
  for (const slot of slots) {
    if (slot.triggered && (!firing || slot.end - notifiedAt >= throttleMs)) {
      alerts.push({ ...base, at: slot.end, entity: '', events: slot.matchedEvents });
      notifiedAt = slot.end;
    }
    firing = slot.triggered;
  }
  return alerts;
}
