import { isMapped, type SigmaGapCategory, type SigmaRuleCoverage } from './sigma-coverage';
import type { Detection } from './types';

/*
 * The SigmaHQ CloudTrail coverage as a markdown table and a count line, from the typed mapping,
 * so the documentation cannot drift from it (scripts/generate-sigma-table.ts prints both).
 */

const cell = (text: string) => text.replace(/\|/g, '\\|');

export interface SigmaCoverageCounts {
  readonly rules: number;
  readonly mapped: number;
  readonly notMapped: Readonly<Partial<Record<SigmaGapCategory, number>>>;
  /** Distinct detections of ours that some rule maps to. */
  readonly detectionsUsed: number;
}

export function sigmaCoverageCounts(coverage: readonly SigmaRuleCoverage[]): SigmaCoverageCounts {
  const notMapped: Partial<Record<SigmaGapCategory, number>> = {};
  const used = new Set<string>();
  for (const rule of coverage) {
    if (isMapped(rule)) rule.detectionIds.forEach((id) => used.add(id));
    else notMapped[rule.gap] = (notMapped[rule.gap] ?? 0) + 1;
  }
  return {
    rules: coverage.length,
    mapped: coverage.filter(isMapped).length,
    notMapped,
    detectionsUsed: used.size,
  };
}

/** One row per Sigma rule in `coverage` order; each mapped detection with its severity and technique. */
export function sigmaCoverageTable(
  coverage: readonly SigmaRuleCoverage[],
  detections: readonly Detection[],
): string {
  const byId = new Map(detections.map((d) => [d.id, d]));
  const rows = coverage.map((rule) => {
    if (!isMapped(rule)) {
      return `| ${cell(rule.title)} | not mapped: ${rule.gap} | ${cell(rule.reason)} |`;
    }
    const ours = rule.detectionIds
      .map((id) => {
        const d = byId.get(id);
        if (!d) throw new Error(`Sigma rule ${rule.sigmaId} maps to unknown detection ${id}`);
        return `\`${id}\` (${d.severity}, ${d.mitre.id})`;
      })
      .join('<br>');
    return `| ${cell(rule.title)} | ${ours} | ${cell(rule.note ?? '')} |`;
  });
  return [
    '| SigmaHQ rule | our detections (severity, ATT&CK) | note or reason |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export function sigmaCoverageSummary(counts: SigmaCoverageCounts): string {
  const gaps = Object.entries(counts.notMapped)
    .map(([category, n]) => `${n} ${category}`)
    .join(', ');
  return (
    `${counts.mapped} of ${counts.rules} SigmaHQ CloudTrail rules map to ${counts.detectionsUsed} of our detections; ` +
    `${counts.rules - counts.mapped} are not mapped (${gaps || 'none'}).`
  );
}
