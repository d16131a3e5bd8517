/**
 * Synth of the whole app for growing organizations (`npm run bench:synth [-- 100 300 500]`),
 * beside a "bare cdktf" app with the same stacks and resources (see bare-cdktf.ts). Printed, not
 * asserted: it shows how synth time, peak memory and the size of cdktf.out grow with member
 * accounts before a big rollout. Each measurement runs in its own Node process, so its peak RSS
 * is its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../config/load';
import type { SiemConfigInput } from '../../config/schema';
import { synthesize } from '../../main';
import exampleConfig from '../../siem.config.json';
import { buildBareApp, preloadClasses, readStacks } from './bare-cdktf';

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

interface Figures {
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds (user + system) of the measuring process: steadier than wall time on a shared machine. */
  readonly cpuSeconds: number;
  /** Peak resident set size of the measuring process, MiB. */
  readonly peakRssMb: number;
  readonly outBytes: number;
  readonly zipFiles: number;
  readonly stacks: number;
  readonly resources: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function figures({ seconds, cpuSeconds }: Timing, outdir: string): Figures {
  const files = filesUnder(outdir);
  const stacks = readStacks(outdir);
  return {
    seconds,
    cpuSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    outBytes: files.reduce((sum, file) => sum + statSync(file).size, 0),
    zipFiles: files.filter((file) => file.endsWith('.zip')).length,
    stacks: stacks.length,
    resources: stacks.reduce(
      (sum, { json }) =>
        sum + Object.values(json.resource ?? {}).reduce((n, r) => n + Object.keys(r).length, 0),
      0,
    ),
  };
}

interface Timing {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

function timed(run: () => void): Timing {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(cpu);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (user + system) / 1e6 };
}

/** Our app: config validation, stacks, synth, checkov baselines. Bundling is warmed up first. */
function measureOurs(members: number, outdir: string): Figures {
  const warmUp = mkdtempSync(join(tmpdir(), 'siem-synth-warmup-'));
  synthesize(parseConfig(generatedConfig(1), 'generated-1'), warmUp);
  rmSync(warmUp, { recursive: true, force: true });
  const timing = timed(() =>
    synthesize(parseConfig(generatedConfig(members), `generated-${members}`), outdir),
  );
  return figures(timing, outdir);
}

/** The bare app of the stacks our app wrote to `source` (reading them and loading classes is not timed). */
function measureBare(source: string, outdir: string): Figures {
  const stacks = readStacks(source);
  preloadClasses(stacks);
  const timing = timed(() => buildBareApp(stacks, outdir).synth());
  return figures(timing, outdir);
}

function child(kind: string, members: number, outdir: string, source?: string): Figures {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, __filename, '--child', kind, String(members), outdir, ...(source ? [source] : [])],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 2 ** 20 },
  );
  if (result.status !== 0) throw new Error(`${kind} synth of ${members} members failed (${result.status})`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Figures;
}

const MIB = 2 ** 20;

function row(members: number, app: string, f: Figures): string {
  return [
    String(members).padStart(8),
    app.padEnd(9),
    String(f.stacks).padStart(6),
    String(f.resources).padStart(9),
    f.seconds.toFixed(2).padStart(9),
    f.cpuSeconds.toFixed(2).padStart(7),
    f.peakRssMb.toFixed(0).padStart(14),
    (f.outBytes / MIB).toFixed(1).padStart(15),
    String(f.zipFiles).padStart(9),
  ].join('  ');
}

function ratioRow(members: number, ours: Figures, bare: Figures): string {
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  return [
    String(members).padStart(8),
    'ours/bare',
    ''.padStart(6),
    ''.padStart(9),
    ratio(ours.seconds, bare.seconds).padStart(9),
    ratio(ours.cpuSeconds, bare.cpuSeconds).padStart(7),
    ratio(ours.peakRssMb, bare.peakRssMb).padStart(14),
    ratio(ours.outBytes, bare.outBytes).padStart(15),
  ].join('  ');
}

function main(): void {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  console.log(
    'accounts  app        stacks  resources  synth (s)  cpu (s)  peak RSS (MiB)  cdktf.out (MiB)  zip files',
  );
  for (const members of sizes.length ? sizes : [100, 300, 500]) {
    const oursDir = mkdtempSync(join(tmpdir(), `siem-synth-bench-${members}-`));
    const bareDir = mkdtempSync(join(tmpdir(), `siem-synth-bare-${members}-`));
    try {
      const ours = child('ours', members, oursDir);
      const bare = child('bare', members, bareDir, oursDir);
      console.log(row(members, 'ours', ours));
      console.log(row(members, 'bare', bare));
      console.log(ratioRow(members, ours, bare));
    } finally {
      rmSync(oursDir, { recursive: true, force: true });
      rmSync(bareDir, { recursive: true, force: true });
    }
  }
}

const [flag, kind, members, outdir, source] = process.argv.slice(2);
if (flag === '--child') {
  const result = kind === 'ours' ? measureOurs(Number(members), outdir!) : measureBare(source!, outdir!);
  console.log(JSON.stringify(result));
} else {
  main();
}
