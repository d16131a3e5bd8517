/** Where the local test components live: everything downloaded or generated goes under the ignored `.cache/`. */
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const cacheDir = path.join(repoRoot, '.cache');
export const openSearchCacheDir = path.join(cacheDir, 'opensearch');
export const downloadsDir = path.join(openSearchCacheDir, 'downloads');
/** Written by `startOpenSearch`, read by `stopOpenSearch` and by later runs that may reuse the node. */
export const openSearchStateFile = path.join(openSearchCacheDir, 'node.json');
export const venvBin = path.join(repoRoot, '.venv', 'bin');
