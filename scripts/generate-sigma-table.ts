/**
 * Prints the SigmaHQ CloudTrail coverage table (markdown) and its counts from
 * detections/sigma-coverage.ts: `npm run sigma:table`.
 */
import { join } from 'node:path';
import { loadConfig } from '../config/load';
import { allDetections } from '../detections';
import { SIGMA_CLOUDTRAIL_COVERAGE, SIGMA_COMMIT } from '../detections/sigma-coverage';
import { sigmaCoverageCounts, sigmaCoverageSummary, sigmaCoverageTable } from '../detections/sigma-table';

const root = join(__dirname, '..');
// The example config: only config-dependent samples differ, and no column shows them.
const detections = allDetections(loadConfig(join(root, 'siem.config.json')));

console.log(sigmaCoverageSummary(sigmaCoverageCounts(SIGMA_CLOUDTRAIL_COVERAGE)));
console.log(`Rules of SigmaHQ/sigma ${SIGMA_COMMIT.slice(0, 12)}, rules/cloud/aws/cloudtrail/.\n`);
console.log(sigmaCoverageTable(SIGMA_CLOUDTRAIL_COVERAGE, detections));
