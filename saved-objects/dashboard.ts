import type { DashboardSpec } from './spec';
import type { DashboardObject, DashboardPanel, SavedObjectReference } from './types';
import { MIGRATION_VERSIONS } from './visualization';

const GRID_COLUMNS = 48;
const DEFAULT_WIDTH = 24;
const DEFAULT_HEIGHT = 15;
/** Dashboards version that wrote the panel layout; panels of this version need no migration. */
const PANELS_VERSION = '2.19.0';

/** Flows panels left to right, starting a new row when the next one does not fit. */
export function layoutPanels(spec: DashboardSpec): DashboardPanel[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return spec.panels.map((panel, i) => {
    const w = panel.width ?? DEFAULT_WIDTH;
    const h = panel.height ?? DEFAULT_HEIGHT;
    if (x + w > GRID_COLUMNS) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const panelIndex = String(i + 1);
    const out: DashboardPanel = {
      version: PANELS_VERSION,
      gridData: { x, y, w, h, i: panelIndex },
      panelIndex,
      embeddableConfig: {},
      panelRefName: `panel_${i}`,
    };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return out;
  });
}

export function buildDashboard(spec: DashboardSpec): DashboardObject {
  const references: SavedObjectReference[] = spec.panels.map((panel, i) => ({
    name: `panel_${i}`,
    type: 'visualization',
    id: panel.visualization.id,
  }));
  return {
    type: 'dashboard',
    id: spec.id,
    attributes: {
      title: spec.title,
      description: spec.description,
      hits: 0,
      panelsJSON: JSON.stringify(layoutPanels(spec)),
      optionsJSON: JSON.stringify({ hidePanelTitles: false, useMargins: true }),
      version: 1,
      timeRestore: true,
      timeFrom: spec.timeFrom ?? 'now-24h',
      timeTo: 'now',
      refreshInterval: { pause: false, value: 300_000 },
      kibanaSavedObjectMeta: {
        searchSourceJSON: JSON.stringify({ query: { query: '', language: 'lucene' }, filter: [] }),
      },
    },
    references,
    migrationVersion: { dashboard: MIGRATION_VERSIONS.dashboard },
  };
}
