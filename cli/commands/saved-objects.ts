import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load';
import { allDetections } from '../../detections';
import { indexTemplates } from '../../opensearch/index-templates';
import { buildSavedObjects, toNdjson } from '../../saved-objects';
import { fieldCatalogFromTemplates, type IndexTemplateLike } from '../../saved-objects/field-catalog';
import { validateSavedObjects } from '../../saved-objects/validate';
import type { CliCommand } from '../siem';

export const command: CliCommand = {
  summary:
    'Generates the Dashboards saved objects (index patterns, saved searches, visualizations, dashboards) as NDJSON and validates them.',
  usage: 'siem saved-objects [--config siem.config.json] [--out build/saved-objects.ndjson]',
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string', default: process.env.SIEM_CONFIG || 'siem.config.json' },
        out: { type: 'string', default: 'build/saved-objects.ndjson' },
      },
      strict: true,
    });
    const objects = buildSavedObjects(allDetections(loadConfig(values.config)));
    const ndjson = toNdjson(objects);
    const fields = fieldCatalogFromTemplates(indexTemplates() as unknown as IndexTemplateLike[]);
    const problems = validateSavedObjects(ndjson, { fields });
    if (problems.length > 0) {
      for (const p of problems) console.error(`${p.object}: [${p.check}] ${p.message}`);
      console.error(`${problems.length} problem(s); nothing written`);
      return 1;
    }
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, ndjson);
    const count = (type: string) => objects.filter((o) => o.type === type).length;
    console.log(
      `${values.out}: ${objects.length} objects (${count('index-pattern')} index patterns, ${count('search')} saved searches, ` +
        `${count('visualization')} visualizations, ${count('dashboard')} dashboards), ${Buffer.byteLength(ndjson)} bytes, valid`,
    );
    return 0;
  },
};
