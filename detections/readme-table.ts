import type { Detection } from './types';

/*
 * The README's detections table, generated from the definitions so the documentation cannot
 * drift from what is deployed (a unit test fails when the committed table is stale).
 */

export const TABLE_START_MARKER = '<!-- detections:start -->';
export const TABLE_END_MARKER = '<!-- detections:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function detectionsTable(detections: readonly Detection[]): string {
  const rows = detections.map(
    (d) =>
      `| \`${d.id}\` | ${cell(d.title)} | ${d.severity} | ${d.mitre.id} ${cell(d.mitre.name)} | ${d.logType} |`,
  );
  return [
    '| id | title | severity | MITRE ATT&CK | log type |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The README with the block between the markers replaced by `table`; throws when the markers are missing. */
export function replaceDetectionsTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START_MARKER);
  const end = readme.indexOf(TABLE_END_MARKER);
  if (start < 0 || end < start) {
    throw new Error(`README has no ${TABLE_START_MARKER} ... ${TABLE_END_MARKER} block`);
  }
  return `${readme.slice(0, start + TABLE_START_MARKER.length)}\n${table}\n${readme.slice(end)}`;
}
