import type { ColumnMetaData, Compressors, DataReader, DecodedArray, SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { convert, convertWithDictionary, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, isFlatColumn } from 'hyparquet/src/schema.js';

/*
 * One leaf column of a row group as Dremel wrote it: a definition and a repetition level per
 * entry, and the entry's value (converted by hyparquet's own converters, so a value is what its
 * row objects hold). No row assembly: hyparquet's nests an array per optional level per value
 * before the struct is inverted into objects, which was most of a Security Lake row's cost
 * (parquet-json.ts builds rows from the levels instead).
 */

export interface LeafColumn {
  readonly maxDefinition: number;
  readonly maxRepetition: number;
  /** Level entries (a value, a null, or an empty or null list or map above it). */
  readonly entries: number;
  /** Definition level per entry; undefined when every entry is at the maximum. */
  readonly definitions: ArrayLike<number> | undefined;
  /** Repetition level per entry; undefined when the column repeats nowhere. */
  readonly repetitions: ArrayLike<number> | undefined;
  /** Value per entry (at entries below the maximum definition: undefined). */
  readonly values: ArrayLike<unknown>;
  /** Rows whose first entry is at each index: `rowStarts[r]`, and `rowStarts[rows]` = entries. */
  readonly rowStarts: Int32Array | undefined;
}

interface Page {
  readonly entries: number;
  readonly definitions: ArrayLike<number> | undefined;
  readonly repetitions: ArrayLike<number> | undefined;
  readonly values: ArrayLike<unknown>;
}

/**
 * Decodes one column chunk (its bytes in `view`) of a row group of `rows` rows. Throws on a page
 * that does not fit the chunk, on a page type or encoding it cannot read, and when the chunk's
 * rows are not the group's.
 */
export function readLeafColumn(
  view: DataView,
  meta: ColumnMetaData,
  schemaPath: SchemaTree[],
  rows: number,
  compressors: Compressors,
): LeafColumn {
  const element = schemaPath[schemaPath.length - 1].element;
  const decoder = {
    pathInSchema: meta.path_in_schema,
    type: meta.type,
    element,
    schemaPath,
    codec: meta.codec,
    parsers: DEFAULT_PARSERS,
    compressors,
  };
  const maxDefinition = getMaxDefinitionLevel(schemaPath);
  const maxRepetition = getMaxRepetitionLevel(schemaPath);
  const flat = isFlatColumn(schemaPath);
  const reader: DataReader = { view, offset: 0 };
  const pages: Page[] = [];
  let dictionary: DecodedArray | undefined;
  let entries = 0;
  // As hyparquet's readColumn: a flat column ends at its rows, a nested one at its chunk's end.
  while (flat ? entries < rows : reader.offset < view.byteLength - 1) {
    if (reader.offset >= view.byteLength - 1) break;
    const header = parquetHeader(reader);
    const size = header.compressed_page_size;
    const remaining = view.byteLength - reader.offset;
    if (!Number.isInteger(size) || size < 0 || size > remaining) {
      throw new Error(
        `parquet page header compressed_page_size ${size} does not fit the ${remaining} bytes left in the column chunk`,
      );
    }
    const compressed = new Uint8Array(view.buffer, view.byteOffset + reader.offset, size);
    reader.offset += size;
    if (header.type === 'DICTIONARY_PAGE') {
      const dph = header.dictionary_page_header;
      if (!dph) throw new Error('parquet dictionary page header is undefined');
      const page = decompressPage(compressed, Number(header.uncompressed_page_size), meta.codec, compressors);
      const pageReader = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
      dictionary = convert(readPlain(pageReader, meta.type, dph.num_values, element.type_length), decoder);
    } else if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header;
      if (!daph) throw new Error('parquet data page header is undefined');
      const page = decompressPage(compressed, Number(header.uncompressed_page_size), meta.codec, compressors);
      const { definitionLevels, repetitionLevels, dataPage } = readDataPage(page, daph, decoder);
      const values = convertWithDictionary(dataPage, dictionary, daph.encoding, decoder);
      pages.push(pageOf(daph.num_values, definitionLevels, repetitionLevels, values, maxDefinition));
      entries += daph.num_values;
    } else if (header.type === 'DATA_PAGE_V2') {
      const daph2 = header.data_page_header_v2;
      if (!daph2) throw new Error('parquet data page header v2 is undefined');
      const { definitionLevels, repetitionLevels, dataPage } = readDataPageV2(compressed, header, decoder);
      const values = convertWithDictionary(dataPage, dictionary, daph2.encoding, decoder);
      pages.push(pageOf(daph2.num_values, definitionLevels, repetitionLevels, values, maxDefinition));
      entries += daph2.num_values;
    } else {
      throw new Error(`parquet unsupported page type: ${header.type}`);
    }
  }
  const column = joinPages(pages, entries, maxDefinition, maxRepetition);
  const columnRows = column.rowStarts ? column.rowStarts.length - 1 : column.entries;
  if (columnRows !== rows) {
    throw new Error(
      `parquet column ${meta.path_in_schema.join('.')} holds ${columnRows} rows of the group's ${rows}`,
    );
  }
  return column;
}

/** A page's entries, its values spread over them (a null entry holds undefined). */
function pageOf(
  count: number,
  definitionLevels: ArrayLike<number> | undefined,
  repetitionLevels: ArrayLike<number>,
  values: DecodedArray,
  maxDefinition: number,
): Page {
  const definitions =
    definitionLevels !== undefined && definitionLevels.length > 0 ? definitionLevels : undefined;
  const repetitions = repetitionLevels.length > 0 ? repetitionLevels : undefined;
  if ((definitions && definitions.length !== count) || (repetitions && repetitions.length !== count)) {
    throw new Error(`parquet page levels do not match its ${count} values`);
  }
  if (definitions === undefined || maxDefinition === 0) {
    if (values.length < count) throw new Error(`parquet page holds ${values.length} of its ${count} values`);
    return { entries: count, definitions: undefined, repetitions, values };
  }
  const spread: unknown[] = new Array(count);
  let v = 0;
  for (let i = 0; i < count; i++) if (definitions[i] === maxDefinition) spread[i] = values[v++];
  if (v > values.length) throw new Error(`parquet page holds ${values.length} of its ${v} defined values`);
  return { entries: count, definitions, repetitions, values: spread };
}

function joinPages(pages: Page[], entries: number, maxDefinition: number, maxRepetition: number): LeafColumn {
  let definitions: ArrayLike<number> | undefined;
  let repetitions: ArrayLike<number> | undefined;
  let values: ArrayLike<unknown>;
  if (pages.length === 1) {
    ({ definitions, repetitions, values } = pages[0]);
  } else {
    const defs = maxDefinition > 0 && pages.some((p) => p.definitions) ? new Uint8Array(entries) : undefined;
    const reps = maxRepetition > 0 ? new Uint8Array(entries) : undefined;
    const all: unknown[] = new Array(entries);
    let at = 0;
    for (const page of pages) {
      for (let i = 0; i < page.entries; i++) {
        if (defs) defs[at + i] = page.definitions ? page.definitions[i] : maxDefinition;
        if (reps) reps[at + i] = page.repetitions ? page.repetitions[i] : 0;
        all[at + i] = page.values[i];
      }
      at += page.entries;
    }
    definitions = defs;
    repetitions = reps;
    values = all;
  }
  if (maxRepetition > 0 && repetitions === undefined)
    throw new Error('parquet repeated column without repetition levels');
  let rowStarts: Int32Array | undefined;
  if (repetitions) {
    let rows = 0;
    for (let i = 0; i < entries; i++) if (repetitions[i] === 0) rows++;
    rowStarts = new Int32Array(rows + 1);
    let r = 0;
    for (let i = 0; i < entries; i++) if (repetitions[i] === 0) rowStarts[r++] = i;
    rowStarts[rows] = entries;
    if (entries > 0 && repetitions[0] !== 0) throw new Error('parquet column chunk starts inside a row');
  }
  return { maxDefinition, maxRepetition, entries, definitions, repetitions, values, rowStarts };
}
