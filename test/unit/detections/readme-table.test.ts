import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../config/load';
import { allDetections } from '../../../detections';
import {
  TABLE_END_MARKER,
  TABLE_START_MARKER,
  detectionsTable,
  replaceDetectionsTable,
} from '../../../detections/readme-table';

const root = join(__dirname, '..', '..', '..');

describe('docs/detections.md detections table', () => {
  it('matches the definitions (run `npx tsx scripts/generate-detections-table.ts` when this fails)', () => {
    // Prepare
    const readme = readFileSync(join(root, 'docs', 'detections.md'), 'utf8');
    const detections = allDetections(loadConfig(join(root, 'siem.config.json')));

    // Act
    const regenerated = replaceDetectionsTable(readme, detectionsTable(detections));

    // Assess
    expect(regenerated).toBe(readme);
  });

  it('replaces only the block between the markers', () => {
    // Prepare
    const readme = `# Title\n\nbefore\n${TABLE_START_MARKER}\nold table\n${TABLE_END_MARKER}\nafter\n`;

    // Act
    const updated = replaceDetectionsTable(readme, '| new |');

    // Assess
    expect(updated).toBe(`# Title\n\nbefore\n${TABLE_START_MARKER}\n| new |\n${TABLE_END_MARKER}\nafter\n`);
  });

  it('refuses a README without the markers rather than appending somewhere', () => {
    // Assess
    expect(() => replaceDetectionsTable('# no markers', '| t |')).toThrow(/detections:start/);
  });

  it('has one row per detection, pipes escaped', () => {
    // Prepare
    const [first] = allDetections(loadConfig(join(root, 'siem.config.json')));
    if (!first) throw new Error('no detections');

    // Act
    const table = detectionsTable([{ ...first, title: 'a | b' }]);

    // Assess
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('a \\| b');
  });
});
