import { crc32, inflateRawSync } from 'node:zlib';
import { zipArchive } from '../../../modules/zip-archive';

/** Reads a ZIP through its central directory, as unzip and Lambda do. */
function readZip(zip: Buffer): Array<{ name: string; data: Buffer; crcOk: boolean }> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = inflateRawSync(zip.subarray(dataStart, dataStart + compressedSize));
    entries.push({ name, data, crcOk: crc32(data) === crc });
    at += 46 + nameLength;
  }
  return entries;
}

describe('zipArchive', () => {
  const entries = [
    { name: 'index.js', data: Buffer.from('exports.handler = async () => 42;\n'.repeat(50)) },
    { name: 'index.js.map', data: Buffer.from('{"version":3}') },
  ];

  it('round-trips every entry with its name, content and CRC', () => {
    // Act
    const read = readZip(zipArchive(entries));

    // Assess
    expect(read.map((e) => [e.name, e.data.toString(), e.crcOk])).toEqual(
      entries.map((e) => [e.name, e.data.toString(), true]),
    );
  });

  it('is byte-identical for identical input, so Lambda code only changes when the code does', () => {
    // Act
    const first = zipArchive(entries);
    const second = zipArchive(entries.map((e) => ({ ...e, data: Buffer.from(e.data) })));

    // Assess
    expect(first.equals(second)).toBe(true);
    expect(first.equals(zipArchive([entries[0]!]))).toBe(false);
  });
});
