/**
 * Rewrites the detections table in docs/detections.md from the definitions:
 * `npx tsx scripts/generate-detections-table.ts [--check]`. With `--check` it only reports
 * (exit 1) whether the table is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/load';
import { allDetections } from '../detections';
import { detectionsTable, replaceDetectionsTable } from '../detections/readme-table';

const root = join(__dirname, '..');
const readmePath = join(root, 'docs', 'detections.md');
// The example config: only the instance-type allow-list depends on it, and no table column shows it.
const detections = allDetections(loadConfig(join(root, 'siem.config.json')));

const current = readFileSync(readmePath, 'utf8');
const updated = replaceDetectionsTable(current, detectionsTable(detections));
if (process.argv.includes('--check')) {
  if (updated !== current) {
    console.error(
      'docs/detections.md detections table is stale: run npx tsx scripts/generate-detections-table.ts',
    );
    process.exit(1);
  }
  console.log(`docs/detections.md detections table is up to date (${detections.length} detections)`);
} else if (updated !== current) {
  writeFileSync(readmePath, updated);
  console.log(`docs/detections.md: wrote the table of ${detections.length} detections`);
} else {
  console.log('docs/detections.md: detections table already up to date');
}
