import { App, TerraformStack, Testing } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../config/load';
import type { SiemConfig, SiemConfigInput } from '../../../config/schema';
import { FunctionBundle, writeFunctionZip } from '../../../modules/function-bundle';
import exampleConfig from '../../../siem.config.json';

/** Synthesized Terraform JSON of one stack, with the parts the tests read. */
export interface SynthesizedStack {
  readonly json: string;
  readonly provider: Record<string, Array<Record<string, unknown>>>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
  readonly output: Record<string, { value: unknown }>;
  readonly terraform: Record<string, unknown>;
}

/** The example config, optionally changed, validated exactly as the CLI does. */
export function exampleSiemConfig(change: (raw: SiemConfigInput) => void = () => undefined): SiemConfig {
  const raw = structuredClone(exampleConfig) as SiemConfigInput;
  change(raw);
  return parseConfig(raw, 'test');
}

let fakeBundle: FunctionBundle | undefined;

/** A stand-in package: stack tests check the infrastructure, not the handlers' bundling. */
export function fakeBundler(): FunctionBundle {
  fakeBundle ??= writeFunctionZip(mkdtempSync(join(tmpdir(), 'siem-fake-fn-')), 'fake', [
    { name: 'index.js', data: Buffer.from('exports.handler = async () => undefined;\n') },
  ]);
  return fakeBundle;
}

export function testApp(): App {
  return Testing.app();
}

export function synthStack(stack: TerraformStack): SynthesizedStack {
  const json = Testing.synth(stack);
  const parsed = JSON.parse(json) as Partial<SynthesizedStack>;
  return {
    json,
    provider: parsed.provider ?? {},
    resource: parsed.resource ?? {},
    data: parsed.data ?? {},
    output: parsed.output ?? {},
    terraform: parsed.terraform ?? {},
  };
}

/** All resources of one type, as [logical name, body] pairs. */
export function resourcesOf(stack: SynthesizedStack, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(stack.resource[type] ?? {});
}

export function onlyResource(
  stack: SynthesizedStack,
  type: string,
  nameIncludes = '',
): Record<string, unknown> {
  const matches = resourcesOf(stack, type).filter(([name]) => name.includes(nameIncludes));
  if (matches.length !== 1) {
    throw new Error(`expected one ${type} matching '${nameIncludes}', found ${matches.length}`);
  }
  return matches[0]![1];
}

/** Logical name (`aws_x.name`) of the resource whose construct path includes `pathPart`. */
export function reference(stack: SynthesizedStack, type: string, nameIncludes: string): string {
  const matches = resourcesOf(stack, type).filter(([name]) => name.includes(nameIncludes));
  if (matches.length !== 1) throw new Error(`expected one ${type} matching '${nameIncludes}'`);
  return `${type}.${matches[0]![0]}`;
}

export interface PolicyStatementJson {
  readonly Effect?: string;
  readonly Sid?: string;
  readonly Principal?: unknown;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(policy: unknown): PolicyStatementJson[] {
  const doc = JSON.parse(String(policy)) as { Statement: PolicyStatementJson | PolicyStatementJson[] };
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

export const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Whether IAM's `ArnLike` would match `arn` against `pattern`: each of the six colon-separated
 * parts (the last one takes the rest) is matched on its own, `*` any run, `?` one character.
 */
export function arnLikeMatches(pattern: string, arn: string): boolean {
  const parts = (value: string): string[] => {
    const split = value.split(':');
    return [...split.slice(0, 5), split.slice(5).join(':')];
  };
  const glob = (part: string): RegExp =>
    new RegExp(
      `^${part
        .split('')
        .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
        .join('')}$`,
    );
  const [patternParts, arnParts] = [parts(pattern), parts(arn)];
  return arn.split(':').length >= 6 && patternParts.every((part, i) => glob(part).test(arnParts[i]!));
}
