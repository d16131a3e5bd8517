import { join } from 'node:path';
import { loadConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import { SIGMA_CLOUDTRAIL_COVERAGE, SIGMA_COMMIT, isMapped } from '../../../detections/sigma-coverage';
import { sigmaCoverageCounts, sigmaCoverageTable } from '../../../detections/sigma-table';
import { fixture } from '../ingest/fixtures';

interface SigmaSnapshot {
  readonly commit: string;
  readonly path: string;
  readonly rules: ReadonlyArray<{ readonly id: string; readonly title: string; readonly file: string }>;
}

const snapshot = JSON.parse(fixture('sigma/aws-cloudtrail-rules.json').toString()) as SigmaSnapshot;
const detections = allDetections(loadConfig(join(__dirname, '..', '..', '..', 'siem.config.json')));
const detectionIds = new Set(detections.map((d) => d.id));

describe('SigmaHQ CloudTrail coverage', () => {
  it('covers the snapshot taken at the same Sigma commit', () => {
    // Assess
    expect(snapshot.commit).toBe(SIGMA_COMMIT);
    expect(snapshot.path).toBe('rules/cloud/aws/cloudtrail');
    expect(snapshot.rules.length).toBeGreaterThanOrEqual(57);
  });

  it("maps exactly the snapshot's rule ids, each once, with the rule's own title", () => {
    // Prepare
    const mapped = SIGMA_CLOUDTRAIL_COVERAGE.map((r) => r.sigmaId);

    // Assess
    expect(new Set(mapped).size).toBe(mapped.length);
    expect([...mapped].sort()).toEqual(snapshot.rules.map((r) => r.id).sort());
    const titles = new Map(snapshot.rules.map((r) => [r.id, r.title]));
    for (const rule of SIGMA_CLOUDTRAIL_COVERAGE) expect(rule.title).toBe(titles.get(rule.sigmaId));
  });

  it.each(SIGMA_CLOUDTRAIL_COVERAGE.filter(isMapped).map((r) => [r.title, r] as const))(
    '%s maps to detections that exist',
    (_title, rule) => {
      // Assess
      for (const id of rule.detectionIds) expect(detectionIds).toContain(id);
    },
  );

  it('gives every unmapped rule a reason', () => {
    // Prepare
    const reasons = SIGMA_CLOUDTRAIL_COVERAGE.flatMap((rule) => (isMapped(rule) ? [] : [rule.reason]));

    // Assess
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(40);
  });

  it('counts mapped and unmapped rules by reason, and renders one row per rule', () => {
    // Act
    const counts = sigmaCoverageCounts(SIGMA_CLOUDTRAIL_COVERAGE);
    const table = sigmaCoverageTable(SIGMA_CLOUDTRAIL_COVERAGE, detections);

    // Assess
    const unmapped = Object.values(counts.notMapped).reduce((a, b) => a + b, 0);
    expect(counts.mapped + unmapped).toBe(snapshot.rules.length);
    expect(counts.mapped).toBeGreaterThanOrEqual(50);
    expect(table.split('\n')).toHaveLength(snapshot.rules.length + 2);
  });

  it('refuses to render a mapping to a detection that does not exist', () => {
    // Assess
    expect(() =>
      sigmaCoverageTable([{ sigmaId: 'x', title: 'X', detectionIds: ['no-such-detection'] }], detections),
    ).toThrow(/unknown detection no-such-detection/);
  });
});

describe('every detection', () => {
  it.each(detections.map((d) => [d.id, d] as const))('%s names its MITRE ATT&CK technique', (_id, d) => {
    // Assess
    expect(d.mitre.id).toMatch(/^T\d{4}(\.\d{3})?$/);
    expect(d.mitre.name.length).toBeGreaterThan(3);
  });
});
