import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  PluginUnavailableError,
  fallbackZip,
  parseSha256Sums,
  sha256File,
} from '../../../scripts/local/opensearch-plugin-sources';

function folderWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-sources-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('parseSha256Sums', () => {
  it('reads sha256sum lines, text and binary mode, and ignores anything else', () => {
    const a = 'a'.repeat(64);
    const b = 'b'.repeat(64);
    const sums = parseSha256Sums(`${a}  one.zip\n${b} *two.zip\nnot a checksum line\n\n`);
    expect([...sums]).toEqual([
      ['one.zip', a],
      ['two.zip', b],
    ]);
  });
});

describe('fallbackZip', () => {
  it('returns the zip whose SHA-256 matches SHA256SUMS', () => {
    const dir = folderWith({ 'p.zip': 'plugin bytes' });
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), `${sha256File(path.join(dir, 'p.zip'))}  p.zip\n`);
    expect(fallbackZip('p.zip', [dir])).toEqual(
      expect.objectContaining({ zip: path.join(dir, 'p.zip'), origin: 'fallback' }),
    );
  });

  it('refuses a zip whose content does not match its checksum', () => {
    const dir = folderWith({ 'p.zip': 'tampered bytes', SHA256SUMS: `${'0'.repeat(64)}  p.zip\n` });
    expect(() => fallbackZip('p.zip', [dir])).toThrow(PluginUnavailableError);
    expect(() => fallbackZip('p.zip', [dir])).toThrow(/does not match/);
  });

  it('refuses a zip that SHA256SUMS does not list, or a folder without SHA256SUMS', () => {
    const listed = folderWith({ 'p.zip': 'x', SHA256SUMS: `${'0'.repeat(64)}  other.zip\n` });
    expect(() => fallbackZip('p.zip', [listed])).toThrow(/lists no checksum for p.zip/);
    const unlisted = folderWith({ 'p.zip': 'x' });
    expect(() => fallbackZip('p.zip', [unlisted])).toThrow(/no SHA256SUMS/);
  });

  it('looks through the folders in order and answers undefined when none has the zip', () => {
    const empty = folderWith({});
    const dir = folderWith({ 'p.zip': 'bytes' });
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), `${sha256File(path.join(dir, 'p.zip'))}  p.zip\n`);
    expect(fallbackZip('p.zip', [empty, dir])?.zip).toBe(path.join(dir, 'p.zip'));
    expect(fallbackZip('p.zip', [empty])).toBeUndefined();
  });
});
