/**
 * Synth time of the whole app for growing organizations (`npm run bench:synth [-- 10 100 500]`).
 * Printed, not asserted: it shows how synth grows with member accounts before a big rollout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../config/load';
import type { SiemConfigInput } from '../../config/schema';
import { synthesize } from '../../main';
import exampleConfig from '../../siem.config.json';

/** A config with `members` accounts, each logging two regions and every VPC, like a typical landing zone. */
function generatedConfig(members: number): SiemConfigInput {
  const base = structuredClone(exampleConfig) as SiemConfigInput;
  base.memberAccounts = Array.from({ length: members }, (_, i) => ({
    id: String(100000000000 + i),
    name: `account-${i}`,
    regions: ['eu-west-1', 'eu-central-1'],
    vpcs: 'all',
    wave: i < 3 ? 'canary' : 'main',
  }));
  return base;
}

function measure(members: number): { seconds: number; heapMb: number } {
  const config = parseConfig(generatedConfig(members), `generated-${members}`);
  const outdir = mkdtempSync(join(tmpdir(), `siem-synth-bench-${members}-`));
  try {
    const start = process.hrtime.bigint();
    synthesize(config, outdir);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    return { seconds, heapMb: process.memoryUsage().heapUsed / 2 ** 20 };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): void {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  // Bundling happens once per process; a warm-up keeps it out of the first measurement.
  measure(1);
  console.log('members  stacks  synth (s)  per member (ms)  heap (MiB)');
  for (const members of sizes.length ? sizes : [10, 100, 500]) {
    const { seconds, heapMb } = measure(members);
    console.log(
      [
        String(members).padStart(7),
        String(members + 2).padStart(7),
        seconds.toFixed(2).padStart(10),
        ((seconds * 1000) / members).toFixed(1).padStart(16),
        heapMb.toFixed(0).padStart(11),
      ].join(' '),
    );
  }
}

main();
