/**
 * Writes test/fixtures/sigma/aws-cloudtrail-rules.json from a SigmaHQ/sigma git directory (a bare
 * mirror is enough): the id and title of every rule under rules/cloud/aws/cloudtrail/ at HEAD and
 * the commit, so the coverage test runs offline against a known set.
 * `npx tsx scripts/snapshot-sigma-rules.ts <sigma git dir>`
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RULES_DIR = 'rules/cloud/aws/cloudtrail';
const gitDir = process.argv[2];
if (!gitDir) {
  console.error('usage: tsx scripts/snapshot-sigma-rules.ts <sigma git dir>');
  process.exit(2);
}
const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8' });

/** A top-level `key: value` line of a rule (ids and titles are single-line scalars in SigmaHQ). */
function topLevel(yaml: string, key: string): string {
  const line = yaml.split('\n').find((l) => l.startsWith(`${key}:`));
  if (!line) throw new Error(`no top-level ${key}`);
  return line
    .slice(key.length + 1)
    .trim()
    .replace(/^['"](.*)['"]$/, '$1');
}

const commit = git('rev-parse', 'HEAD').trim();
const files = git('ls-tree', '-r', '--name-only', 'HEAD', RULES_DIR)
  .split('\n')
  .filter((f) => f.endsWith('.yml'));
const rules = files.map((file) => {
  const yaml = git('show', `HEAD:${file}`);
  return { id: topLevel(yaml, 'id'), title: topLevel(yaml, 'title'), file: file.slice(RULES_DIR.length + 1) };
});
const out = join(__dirname, '..', 'test', 'fixtures', 'sigma', 'aws-cloudtrail-rules.json');
writeFileSync(
  out,
  `${JSON.stringify({ repository: 'https://github.com/SigmaHQ/sigma', commit, path: RULES_DIR, rules }, null, 2)}\n`,
);
console.log(`${out}: ${rules.length} rules at ${commit}`);
