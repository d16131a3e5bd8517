import { savedSearchTitle } from '../../../detections/monitors';
import { LOG_TYPES } from '../../../opensearch/log-types';
import { buildSavedObjects, toNdjson, type SiemSavedObject } from '../../../saved-objects';
import { detectionVisId } from '../../../saved-objects/dashboards/detection-panels';
import { detectionSearchId } from '../../../saved-objects/searches';
import type { DashboardPanel, SearchSource, VisState } from '../../../saved-objects/types';
import { sampleDetections } from './fixtures';

const objects = buildSavedObjects(sampleDetections);
const ofType = <T extends SiemSavedObject['type']>(type: T) =>
  objects.filter((o): o is Extract<SiemSavedObject, { type: T }> => o.type === type);

describe('buildSavedObjects', () => {
  it('is deterministic, so importing twice changes nothing', () => {
    // Act
    const again = toNdjson(buildSavedObjects(sampleDetections));

    // Assess
    expect(again).toBe(toNdjson(objects));
  });

  it('generates at least 100 visualizations', () => {
    expect(ofType('visualization').length).toBeGreaterThanOrEqual(100);
  });

  it.each(LOG_TYPES)(
    'has an index pattern for %s with a stable id and @timestamp as time field',
    (logType) => {
      // Act
      const pattern = ofType('index-pattern').find((p) => p.id === `siem-${logType}`);

      // Assess
      expect(pattern?.attributes).toEqual({ title: `siem-${logType}-*`, timeFieldName: '@timestamp' });
    },
  );

  it('has an index pattern for the indices siem restore brings back, apart from the live ones', () => {
    // Act
    const patterns = ofType('index-pattern');
    const restored = patterns.find((p) => p.id === 'siem-restored');

    // Assess
    expect(restored?.attributes).toEqual({ title: 'restored-siem-*', timeFieldName: '@timestamp' });
    expect(patterns.filter((p) => p.id !== 'siem-restored').map((p) => p.attributes.title)).not.toEqual(
      expect.arrayContaining([expect.stringContaining('restored-')]),
    );
  });

  it.each(sampleDetections)('has a saved search for detection $id filtering on its query', (detection) => {
    // Act
    const search = ofType('search').find((s) => s.id === detectionSearchId(detection.id))!;
    const source = JSON.parse(search.attributes.kibanaSavedObjectMeta.searchSourceJSON) as SearchSource;

    // Assess
    expect(search.attributes.title).toBe(savedSearchTitle(detection));
    expect(source.filter).toHaveLength(1);
    expect(source.filter[0]!.query).toEqual(detection.query);
    expect(source.filter[0]!.meta.negate).toBe(false);
    expect(search.references).toContainEqual({
      name: 'kibanaSavedObjectMeta.searchSourceJSON.index',
      type: 'index-pattern',
      id: `siem-${detection.logType}`,
    });
  });

  it('puts one count-over-time panel per CloudTrail detection on the CloudTrail dashboard, built on its saved search', () => {
    // Prepare
    const dashboard = ofType('dashboard').find((d) => d.id === 'siem-dashboard-cloudtrail')!;
    const cloudTrailDetections = sampleDetections.filter((d) => d.logType === 'cloudtrail');

    // Act
    const panelVisIds = dashboard.references.map((r) => r.id);

    // Assess
    for (const detection of cloudTrailDetections) {
      expect(panelVisIds).toContain(detectionVisId(detection));
      const vis = ofType('visualization').find((v) => v.id === detectionVisId(detection))!;
      expect(vis.references).toEqual([
        { name: 'search_0', type: 'search', id: detectionSearchId(detection.id) },
      ]);
      const state = JSON.parse(vis.attributes.visState) as VisState;
      expect(state.aggs.map((a) => a.type)).toEqual(['count', 'date_histogram']);
    }
    expect(panelVisIds).not.toContain(detectionVisId(sampleDetections[1]!));
  });

  it('puts the VPC flow detection on the VPC flow dashboard', () => {
    // Act
    const dashboard = ofType('dashboard').find((d) => d.id === 'siem-dashboard-vpcflow')!;

    // Assess
    expect(dashboard.references.map((r) => r.id)).toContain(
      'siem-vis-vpcflow-detection-vpc-ssh-from-internet',
    );
  });

  it.each([
    ['siem-dashboard-main', 10],
    ['siem-dashboard-waf', 10],
    ['siem-dashboard-securityhub', 12],
    ['siem-dashboard-vpcflow', 8],
    ['siem-dashboard-ingestion', 4],
  ])(
    'dashboard %s has at least %i panels, each with a panel_N reference and a grid slot',
    (id, minPanels) => {
      // Prepare
      const dashboard = ofType('dashboard').find((d) => d.id === id)!;

      // Act
      const panels = JSON.parse(dashboard.attributes.panelsJSON) as DashboardPanel[];

      // Assess
      expect(panels.length).toBeGreaterThanOrEqual(minPanels);
      panels.forEach((panel, i) => {
        expect(panel.panelRefName).toBe(`panel_${i}`);
        expect(dashboard.references[i]).toEqual(
          expect.objectContaining({ name: `panel_${i}`, type: 'visualization' }),
        );
        expect(panel.gridData.x + panel.gridData.w).toBeLessThanOrEqual(48);
      });
    },
  );

  it.each(ofType('dashboard').map((d) => [d.id, d] as const))(
    'lays out %s without overlapping panels',
    (_id, dashboard) => {
      // Prepare
      const panels = JSON.parse(dashboard.attributes.panelsJSON) as DashboardPanel[];
      const cells = new Set<string>();
      let overlapping = 0;

      // Act
      for (const { gridData: g } of panels)
        for (let x = g.x; x < g.x + g.w; x++)
          for (let y = g.y; y < g.y + g.h; y++) {
            if (cells.has(`${x},${y}`)) overlapping++;
            cells.add(`${x},${y}`);
          }

      // Assess
      expect(overlapping).toBe(0);
    },
  );

  it('declares the migration version of every object type', () => {
    for (const o of objects) expect(Object.keys(o.migrationVersion)).toEqual([o.type]);
  });
});
