import type { SchemaTree } from 'hyparquet';
import { isListLike, isMapLike } from 'hyparquet/src/schema.js';
import type { LeafColumn } from './parquet-leaves';

/*
 * Parquet rows built straight from their leaf columns' levels (Dremel), without hyparquet's row
 * assembly: a cursor per leaf column walks the schema. A row becomes plain objects of JSON-ready
 * values whose JSON.stringify text is what the replacer in parsers/ocsf.ts writes for hyparquet's
 * row object (member order, nulls left out of objects and kept in lists, maps built as hyparquet
 * builds them); parquet-columnar.test.ts compares the two on odd and generated schemas.
 *
 * Only the shapes whose objects are certain are compiled: optional or required leaves and
 * structs, LIST-annotated three-level lists and MAPs of two leaves (`key`, `value`). A schema with
 * anything else (a bare repeated field, a two-level list, a VARIANT, a member name that an object
 * would reorder or swallow: `"1"`, `__proto__`, a duplicate) is not compiled, and its rows are read
 * as objects.
 */

export type ParquetNode = LeafNode | StructNode | ListNode | MapNode;

interface NodeBase {
  /** The definition level from which the node is not null. */
  readonly threshold: number;
  /** Repetition levels above and at the node. */
  readonly repetition: number;
  /** Leaf columns below the node (itself, for a leaf). */
  readonly leaves: readonly number[];
}
export interface LeafNode extends NodeBase {
  readonly kind: 'leaf';
  readonly leaf: number;
}
export interface StructNode extends NodeBase {
  readonly kind: 'struct';
  readonly names: readonly string[];
  /** `"name":` of each member. */
  readonly keys: readonly string[];
  readonly children: readonly ParquetNode[];
}
interface ListNode extends NodeBase {
  readonly kind: 'list';
  /** The definition level from which the list has an element. */
  readonly elementThreshold: number;
  /** The repetition level of its elements. */
  readonly elementRepetition: number;
  readonly element: ParquetNode;
}
interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly entryThreshold: number;
  readonly entryRepetition: number;
  readonly key: number;
  readonly keyThreshold: number;
  readonly value: number;
  readonly valueThreshold: number;
}

export interface CompiledSchema {
  /** The row: a required struct of the top-level columns. */
  readonly root: StructNode;
  /** Dotted path of each leaf column, in schema order. */
  readonly leafPaths: readonly string[];
}

class Unsupported extends Error {}

/** A member name an object keeps in place: not an array index, not `__proto__`. */
const plainName = (name: string) => name !== '__proto__' && !/^(?:0|[1-9]\d*)$/.test(name);

/** The schema compiled for writing, or undefined if it has a shape this file does not write. */
export function compileSchema(tree: SchemaTree): CompiledSchema | undefined {
  const leafPaths: string[] = [];
  const compile = (node: SchemaTree, parentDef: number, parentRep: number): ParquetNode => {
    const type = node.element.repetition_type;
    const threshold = parentDef + (type === 'REQUIRED' ? 0 : 1);
    const repetition = parentRep + (type === 'REPEATED' ? 1 : 0);
    if (type === 'REPEATED') throw new Unsupported();
    if (node.children.length === 0) {
      const leaf = leafPaths.push(node.path.join('.')) - 1;
      return { kind: 'leaf', threshold, repetition, leaf, leaves: [leaf] };
    }
    if (isListLike(node)) {
      const repeated = node.children[0];
      if (repeated.children.length !== 1) throw new Unsupported();
      const element = compile(repeated.children[0], threshold + 1, repetition + 1);
      return {
        kind: 'list',
        threshold,
        repetition,
        elementThreshold: threshold + 1,
        elementRepetition: repetition + 1,
        element,
        leaves: element.leaves,
      };
    }
    if (isMapLike(node)) {
      const entries = node.children[0];
      const [keyNode, valueNode] = entries.children;
      if (keyNode.element.name !== 'key' || valueNode.element.name !== 'value') throw new Unsupported();
      const key = compile(keyNode, threshold + 1, repetition + 1);
      const value = compile(valueNode, threshold + 1, repetition + 1);
      if (key.kind !== 'leaf' || value.kind !== 'leaf') throw new Unsupported();
      return {
        kind: 'map',
        threshold,
        repetition,
        entryThreshold: threshold + 1,
        entryRepetition: repetition + 1,
        key: key.leaf,
        keyThreshold: key.threshold,
        value: value.leaf,
        valueThreshold: value.threshold,
        leaves: [key.leaf, value.leaf],
      };
    }
    if (node.element.logical_type?.type === 'VARIANT') throw new Unsupported();
    return struct(node, threshold, repetition);
  };
  const struct = (node: SchemaTree, threshold: number, repetition: number): StructNode => {
    const names = node.children.map((child) => child.element.name);
    if (new Set(names).size !== names.length || !names.every(plainName)) throw new Unsupported();
    const children = node.children.map((child) => compile(child, threshold, repetition));
    return {
      kind: 'struct',
      threshold,
      repetition,
      names,
      keys: names.map((name) => JSON.stringify(name) + ':'),
      children,
      leaves: children.flatMap((child) => child.leaves),
    };
  };
  try {
    return { root: struct(tree, 0, 0), leafPaths };
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

/** The node at a path of member names below a struct, or undefined. */
export function nodeAt(node: ParquetNode, path: readonly string[]): ParquetNode | undefined {
  let at: ParquetNode | undefined = node;
  for (const name of path) {
    if (at?.kind !== 'struct') return undefined;
    const i: number = at.names.indexOf(name);
    at = i < 0 ? undefined : at.children[i];
  }
  return at;
}

/**
 * A leaf value as JSON.stringify should see it (a date as its epoch milliseconds, a 64-bit
 * integer as a number while exact…), null for one an object leaves out, or NOT_COLUMNAR for a
 * value the rows of this group are better read as objects for.
 */
export type JsonValue = (value: unknown) => unknown;

export const NOT_COLUMNAR: unique symbol = Symbol('not columnar');

/** A row group whose leaf values JsonValue refuses: read it as row objects. */
export class NotColumnarGroup extends Error {}

/**
 * The rows of one row group, built from its leaf columns as plain objects of JSON-ready values
 * (members that are null left out) for the native JSON.stringify, which then needs no replacer.
 */
export class ColumnarRows {
  /** Next entry of each leaf column. */
  private readonly at: Int32Array;
  /** Each leaf column's values, JSON-ready, per entry. */
  private readonly ready: ArrayLike<unknown>[];

  constructor(
    readonly schema: CompiledSchema,
    private readonly columns: readonly LeafColumn[],
    readonly rows: number,
    jsonValue: JsonValue,
  ) {
    this.at = new Int32Array(columns.length);
    this.ready = columns.map((column) => readyValues(column, jsonValue));
    for (const node of mapNodes(schema.root)) {
      // A map's members are named by its keys as hyparquet has them: strings only.
      const keys = columns[node.key].values;
      for (let i = 0; i < keys.length; i++)
        if (keys[i] !== undefined && typeof keys[i] !== 'string') throw new NotColumnarGroup();
    }
  }

  /** Value of a leaf outside any list or map at a row (undefined for null), as hyparquet has it. */
  value(node: LeafNode, row: number): unknown {
    const column = this.columns[node.leaf];
    const def = column.definitions === undefined ? column.maxDefinition : column.definitions[row];
    return def < node.threshold ? undefined : column.values[row];
  }

  /** Whether a node outside any list or map is not null at a row. */
  present(node: ParquetNode, row: number): boolean {
    const column = this.columns[node.leaves[0]];
    const def = column.definitions === undefined ? column.maxDefinition : column.definitions[row];
    return def >= node.threshold;
  }

  /** JSON text of a node (a top-level column or one below structs only) at a row; undefined for null. */
  json(node: ParquetNode, row: number): string | undefined {
    this.seek(node, row);
    const value = this.build(node);
    return value === undefined ? undefined : JSON.stringify(value);
  }

  /** A struct's members at a row as JSON text without braces; `skip` names members left out. */
  members(node: StructNode, row: number, skip?: ReadonlySet<string>): string {
    this.seek(node, row);
    const object: Record<string, unknown> = {};
    for (let i = 0; i < node.children.length; i++) {
      if (skip?.has(node.names[i])) continue;
      const value = this.build(node.children[i]);
      if (value !== undefined) object[node.names[i]] = value;
    }
    const text = JSON.stringify(object);
    return text.length === 2 ? '' : text.slice(1, -1);
  }

  private seek(node: ParquetNode, row: number): void {
    for (const leaf of node.leaves) {
      const starts = this.columns[leaf].rowStarts;
      this.at[leaf] = starts === undefined ? row : starts[row];
    }
  }

  private definition(leaf: number): number {
    const column = this.columns[leaf];
    return column.definitions === undefined ? column.maxDefinition : column.definitions[this.at[leaf]];
  }

  /** Whether the next entry of a leaf continues a list or map at `repetition`. */
  private continues(leaf: number, repetition: number): boolean {
    const column = this.columns[leaf];
    const next = this.at[leaf];
    return (
      next < column.entries && column.repetitions !== undefined && column.repetitions[next] === repetition
    );
  }

  /** Steps every leaf below a null or empty node past its one entry. */
  private skip(node: ParquetNode): void {
    for (const leaf of node.leaves) this.at[leaf]++;
  }

  /** The next entry's JSON-ready value: null below the threshold (or for a value JSON leaves out). */
  private take(leaf: number, threshold: number): unknown {
    const column = this.columns[leaf];
    const entry = this.at[leaf]++;
    const def = column.definitions === undefined ? column.maxDefinition : column.definitions[entry];
    return def < threshold ? null : this.ready[leaf][entry];
  }

  /** A node's value at the cursors, undefined for null. */
  private build(node: ParquetNode): unknown {
    switch (node.kind) {
      case 'leaf': {
        const value = this.take(node.leaf, node.threshold);
        return value === null ? undefined : value;
      }
      case 'struct': {
        if (this.definition(node.leaves[0]) < node.threshold) {
          this.skip(node);
          return undefined;
        }
        const object: Record<string, unknown> = {};
        for (let i = 0; i < node.children.length; i++) {
          const value = this.build(node.children[i]);
          if (value !== undefined) object[node.names[i]] = value;
        }
        return object;
      }
      case 'list': {
        const leaf = node.leaves[0];
        const def = this.definition(leaf);
        if (def < node.elementThreshold) {
          this.skip(node);
          return def < node.threshold ? undefined : [];
        }
        const list: unknown[] = [];
        do {
          const value = this.build(node.element);
          list.push(value === undefined ? null : value);
        } while (this.continues(leaf, node.elementRepetition));
        return list;
      }
      case 'map': {
        const def = this.definition(node.key);
        if (def < node.threshold) {
          this.skip(node);
          return undefined;
        }
        const map: Record<string, unknown> = {};
        if (def < node.entryThreshold) {
          this.skip(node);
          return map;
        }
        // Built as hyparquet builds it (a later duplicate key keeps the first one's place; `__proto__`
        // sets the prototype), then the null members dropped as JSON.stringify's replacer drops them.
        let nulls = false;
        do {
          const key = this.take(node.key, node.keyThreshold);
          const value = this.take(node.value, node.valueThreshold);
          map[key as string] = value;
          if (value === null) nulls = true;
        } while (this.continues(node.key, node.entryRepetition));
        if (nulls) for (const key of Object.keys(map)) if (map[key] === null) delete map[key];
        return map;
      }
    }
  }
}

function* mapNodes(node: ParquetNode): Iterable<MapNode> {
  if (node.kind === 'map') yield node;
  else if (node.kind === 'struct') for (const child of node.children) yield* mapNodes(child);
  else if (node.kind === 'list') yield* mapNodes(node.element);
}

/** A leaf column's values made JSON-ready; strings, booleans and 32-bit integers are already. */
function readyValues(column: LeafColumn, jsonValue: JsonValue): ArrayLike<unknown> {
  const { values } = column;
  if (values instanceof Int32Array) return values;
  let out: unknown[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const type = typeof value;
    if (
      type === 'string' ||
      type === 'boolean' ||
      type === 'undefined' ||
      (type === 'number' && Number.isFinite(value))
    ) {
      if (out) out[i] = value;
      continue;
    }
    const ready = jsonValue(value);
    if (ready === NOT_COLUMNAR) throw new NotColumnarGroup();
    if (!out) {
      out = new Array<unknown>(values.length);
      for (let j = 0; j < i; j++) out[j] = values[j];
    }
    out[i] = ready;
  }
  return out ?? values;
}
