import { IsoFormatter, IsoParser } from '../../../functions/ingest/iso-time';

describe('IsoFormatter', () => {
  it('formats exactly like Date#toISOString, across days and at their edges', () => {
    // Prepare
    const formatter = new IsoFormatter();
    const day = 86_400_000;
    const base = Date.UTC(2024, 1, 28);
    const times = [
      base,
      base + day - 1,
      base + day,
      base + 2 * day + 12_345,
      base + 13 * 3_600_000 + 59 * 60_000 + 59_999,
      0,
      Date.UTC(1999, 11, 31, 23, 59, 59, 999),
      base + 0.5,
      -1,
      8.64e15,
    ];

    // Act & Assess
    for (const ms of times) expect(formatter.format(ms)).toBe(new Date(ms).toISOString());
  });

  it('formats a time again right after it and after others, also across days and fractions', () => {
    // Prepare: the formatter keeps the last time's text
    const formatter = new IsoFormatter();
    const t = Date.UTC(2024, 4, 1, 12, 30, 15, 250);
    const times = [t, t, t + 1, t, t, t + 86_400_000, t + 86_400_000, t, -1, -1, t, 0, 0, t + 0.5, t + 0.5];

    // Act & Assess
    for (const ms of times) expect([ms, formatter.format(ms)]).toEqual([ms, new Date(ms).toISOString()]);
    expect(() => formatter.format(NaN)).toThrow(RangeError);
  });
});

describe('IsoParser', () => {
  it.each([
    '2024-05-01T00:00:00Z',
    '2024-05-01T23:59:59Z',
    '2024-05-02T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T12:60:00Z',
    '2024-05-01T1a:00:00Z',
    '2024-05-01T12:00:00.123Z',
    '2024-05-01 12:00:00Z',
    '2024-02-30T00:00:00Z',
    'not a time',
  ])('parses %s exactly like Date.parse, after a time of the same day was seen', (text) => {
    // Prepare
    const parser = new IsoParser();
    parser.parse('2024-05-01T06:00:00Z');

    // Act
    const ms = parser.parse(text);

    // Assess
    expect(ms).toEqual(Date.parse(text));
  });
});
