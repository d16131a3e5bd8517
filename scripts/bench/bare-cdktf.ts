/**
 * The "bare cdktf" baseline of the synth benchmark: an app with the same stacks, providers,
 * backends, resources, data sources and outputs as ours (same types, logical ids, arguments and
 * references, read back from our synthesized JSON), written as a hand-made cdktf app would be:
 * the generated provider classes, flat in each stack, references as tokens. None of our
 * constructs, no config validation, no policy building, no bundling, no Lambda package copied,
 * no checkov baselines: what cdktf and the AWS provider bindings need for these resources.
 */
/* eslint-disable no-restricted-imports -- the baseline is a cdktf app: it measures the IaC tool itself. */
import {
  App,
  TerraformDataSource,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
} from 'cdktf';
import { Construct } from 'constructs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

type Attributes = Record<string, unknown>;

/** One stack's Terraform JSON, as cdktf wrote it. */
export interface StackJson {
  readonly name: string;
  readonly json: {
    readonly terraform?: {
      readonly backend?: Attributes;
      readonly required_providers?: Record<string, { source?: string; version?: string }>;
    };
    readonly provider?: Record<string, Attributes[]>;
    readonly resource?: Record<string, Record<string, Attributes>>;
    readonly data?: Record<string, Record<string, Attributes>>;
    readonly output?: Record<string, { value: unknown }>;
  };
}

/** Every `stacks/<name>/cdk.tf.json` of a synth output. */
export function readStacks(outdir: string): StackJson[] {
  return readdirSync(join(outdir, 'stacks')).map((name) => ({
    name,
    json: JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as StackJson['json'],
  }));
}

/** Meta-arguments, which cdktf synthesizes from the element's own properties, not from its arguments. */
const META_ARGUMENTS = ['depends_on', 'lifecycle', 'for_each', 'count', 'connection', 'provisioner'];

/** `attributes` without cdktf's metadata, split into arguments and meta-arguments (but `provider`). */
function split(attributes: Attributes): { args: Attributes; meta: Attributes; provider?: string } {
  const args: Attributes = {};
  const meta: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (key === '//' || key === 'provider') continue;
    (META_ARGUMENTS.includes(key) ? meta : args)[key] = value;
  }
  return { args, meta, provider: attributes.provider as string | undefined };
}

/** What the generated provider classes have in common, for this replay. */
type Element = TerraformResource | TerraformDataSource | TerraformProvider;
type ElementClass = new (scope: Construct, id: string, config: Attributes) => Element;

const classes = new Map<string, ElementClass>();

/**
 * The generated class of `type` (`aws_lambda_function` → `LambdaFunction` in
 * `@cdktf/provider-aws/lib/lambda-function`), loaded once, before anything is timed.
 */
function elementClass(type: string, kind: 'resource' | 'data' | 'provider'): ElementClass {
  const key = `${kind}:${type}`;
  let found = classes.get(key);
  if (!found) {
    const module = {
      provider: 'provider',
      resource: type.replace(/^aws_/, '').replace(/_/g, '-'),
      data: `data-${type.replace(/_/g, '-')}`,
    }[kind];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named by the resource type.
    const exports = require(`@cdktf/provider-aws/lib/${module}`) as Record<string, unknown>;
    found = Object.values(exports).find(
      (value): value is ElementClass =>
        typeof value === 'function' &&
        (value as { tfResourceType?: string }).tfResourceType === type &&
        (kind === 'provider') === (value as { prototype: object }).prototype instanceof TerraformProvider,
    );
    if (!found) throw new Error(`no generated class for ${kind} ${type} in ${module}`);
    classes.set(key, found);
  }
  return found;
}

/** Loads the generated classes `stacks` use: module loading is not what the baseline measures. */
export function preloadClasses(stacks: readonly StackJson[]): void {
  for (const { json } of stacks) {
    for (const type of Object.keys(json.provider ?? {})) elementClass(type, 'provider');
    for (const type of Object.keys(json.resource ?? {})) elementClass(type, 'resource');
    for (const type of Object.keys(json.data ?? {})) elementClass(type, 'data');
  }
}

/** Gives `element` exactly `attributes` as its Terraform arguments. */
function replay(element: Element, attributes: () => Attributes): void {
  Object.defineProperty(element, 'synthesizeAttributes', { value: attributes });
}

const REFERENCE = /\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

/**
 * `value` with every plain `${type.name.attribute}` reference turned into the cdktf token of that
 * attribute, as `role: role.arn` in a hand-written app makes one, resolved again at synth.
 */
function withReferences(value: unknown, elements: ReadonlyMap<string, Element>): unknown {
  if (typeof value === 'string') {
    return value.replace(REFERENCE, (match, address: string, attribute: string) => {
      const target = elements.get(address);
      return target && !(target instanceof TerraformProvider) ? target.getStringAttribute(attribute) : match;
    });
  }
  if (Array.isArray(value)) return value.map((item) => withReferences(item, elements));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withReferences(v, elements)]));
  }
  return value;
}

/**
 * Builds the bare app of `stacks` in `outdir` (call `synth()` on it): each provider, resource and
 * data source an instance of its generated class (whose constructor builds its attribute
 * references, as in any cdktf app), with our JSON as its arguments and its references as tokens.
 */
export function buildBareApp(stacks: readonly StackJson[], outdir: string): App {
  const app = new App({ outdir, skipValidation: false });
  for (const { name, json } of stacks) {
    const stack = new TerraformStack(app, name);
    if (json.terraform?.backend) stack.addOverride('terraform.backend', json.terraform.backend);
    const elements = new Map<string, Element>();
    const providers = new Map<string, TerraformProvider>();
    const pending: Array<[TerraformResource | TerraformDataSource, Attributes]> = [];
    for (const [type, blocks] of Object.entries(json.provider ?? {})) {
      blocks.forEach((attributes, i) => {
        const Provider = elementClass(type, 'provider');
        const provider = new Provider(stack, `${type}-${i}`, {
          alias: attributes.alias,
        }) as TerraformProvider;
        replay(provider, () => attributes);
        providers.set(attributes.alias ? `${type}.${String(attributes.alias)}` : type, provider);
      });
    }
    const add = (kind: 'resource' | 'data', byType: Record<string, Record<string, Attributes>>) => {
      for (const [type, byName] of Object.entries(byType)) {
        const Element = elementClass(type, kind);
        for (const [logicalId, attributes] of Object.entries(byName)) {
          const element = new Element(stack, logicalId, {}) as TerraformResource | TerraformDataSource;
          element.overrideLogicalId(logicalId);
          elements.set(`${kind === 'data' ? 'data.' : ''}${type}.${logicalId}`, element);
          const { args, meta, provider } = split(attributes);
          if (provider) element.provider = providers.get(provider);
          for (const [key, value] of Object.entries(meta)) element.addOverride(key, value);
          pending.push([element, args]);
        }
      }
    };
    add('resource', json.resource ?? {});
    add('data', json.data ?? {});
    for (const [element, attributes] of pending) {
      const tokenized = withReferences(attributes, elements) as Attributes;
      replay(element, () => tokenized);
    }
    for (const [logicalId, { value }] of Object.entries(json.output ?? {})) {
      new TerraformOutput(stack, logicalId, { value: withReferences(value, elements) }).overrideLogicalId(
        logicalId,
      );
    }
  }
  return app;
}
