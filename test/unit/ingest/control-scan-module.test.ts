import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import wabtInit from 'wabt';
import { firstControlOrNonAscii } from '../../../functions/ingest/control-scan';

/*
 * control-scan.ts carries its WebAssembly module as base64, beside its text form in a comment: the
 * build has no WebAssembly toolchain. Here the text is assembled with wabt (the reference
 * toolkit, a dev dependency), so the bytes that run are the text a reviewer reads.
 */

const SOURCE = join(__dirname, '..', '..', '..', 'functions', 'ingest', 'control-scan.ts');

function documented(): { text: string; base64: string } {
  const lines = readFileSync(SOURCE, 'utf8').split('\n');
  const start = lines.indexOf(' *   (module');
  const end = lines.indexOf(' *', start);
  const text = lines
    .slice(start, end)
    .map((l) => l.slice(' *   '.length))
    .join('\n');
  const literal = /^const MODULE =\n((?:\s+'[A-Za-z0-9+/=]+'(?: \+|;)\n)+)/m.exec(lines.join('\n'))![1]!;
  const base64 = [...literal.matchAll(/'([^']*)'/g)].map((m) => m[1]).join('');
  return { text, base64 };
}

describe('the control-scan WebAssembly module', () => {
  it('is the text form its comment shows, assembled', async () => {
    // Prepare
    const { text, base64 } = documented();
    const wabt = await wabtInit();

    // Act
    const assembled = wabt.parseWat('control-scan.wat', text, { simd: true }).toBinary({}).buffer;

    // Assess
    expect(text).toMatch(/^\(module\n[\s\S]*\(local\.get \$from\)\)\)$/);
    expect(Buffer.from(assembled).toString('base64')).toBe(base64);
  });

  it('finds the first control or non-ASCII byte at every position of a 16-byte block and after', () => {
    for (const length of [0, 1, 15, 16, 17, 100, 70_000]) {
      for (const at of new Set([0, 1, 15, 16, 17, length - 1].filter((i) => i >= 0 && i < length))) {
        for (const byte of [0x00, 0x0a, 0x1f, 0x80, 0xff]) {
          // Arrange
          const chunk = new Uint8Array(length).fill(0x61);
          chunk[at] = byte;

          // Act & Assess
          expect([length, at, byte, firstControlOrNonAscii(chunk)]).toEqual([length, at, byte, at]);
        }
      }
      expect(firstControlOrNonAscii(new Uint8Array(length).fill(0x7e))).toBe(length);
    }
  });
});
