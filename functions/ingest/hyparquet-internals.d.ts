/*
 * hyparquet's own modules below its index (its package exports `./src/*.js`): the page decoder the
 * columnar Parquet path (parquet-leaves.ts) reads leaf columns with, without its row assembly.
 * Types come from the package's declarations of the same modules.
 */
declare module 'hyparquet/src/column.js' {
  export { parquetHeader } from 'hyparquet/types/column';
}
declare module 'hyparquet/src/datapage.js' {
  export { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/types/datapage';
}
declare module 'hyparquet/src/convert.js' {
  export { convert, convertWithDictionary, DEFAULT_PARSERS } from 'hyparquet/types/convert';
}
declare module 'hyparquet/src/plain.js' {
  export { readPlain } from 'hyparquet/types/plain';
}
declare module 'hyparquet/src/schema.js' {
  export {
    getMaxDefinitionLevel,
    getMaxRepetitionLevel,
    getTreePath,
    isFlatColumn,
    isListLike,
    isMapLike,
  } from 'hyparquet/types/schema';
}
