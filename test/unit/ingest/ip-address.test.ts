import fc from 'fast-check';
import { isIpAddress } from '../../../functions/ingest/documents';

/** The previous pattern: the reference for what counts as an IPv6 literal. */
const IPV6_PATTERN = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*$/;
const IPV4_PATTERN = /^(?:\d{1,3}\.){3}\d{1,3}$/;

describe('isIpAddress', () => {
  it.each([
    ['192.0.2.1', true],
    ['2001:db8::1', true],
    ['::ffff:192.0.2.1', true],
    ['::', true],
    ['ec2.amazonaws.com', false],
    ['1.2:3', false],
    ['2001:db8::g', false],
    [':', false],
    ['', false],
  ])('%j -> %s', (value, expected) => {
    expect(isIpAddress(value)).toBe(expected);
  });

  it('answers on 200,000 colons (the pattern backtracked quadratically on them)', () => {
    // Act
    const result = isIpAddress(':'.repeat(200_000));

    // Assess: what the pattern says too, only linear
    expect(result).toBe(true);
    expect(isIpAddress(`${':'.repeat(200_000)}x`)).toBe(false);
  });

  it('accepts exactly what the previous patterns accepted', () => {
    const chars = fc.constantFrom('0', '9', 'a', 'F', 'g', ':', '.', ' ', '/');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }), (cs) => {
        const value = cs.join('');
        const before = IPV4_PATTERN.test(value) || (value.length >= 2 && IPV6_PATTERN.test(value));
        expect(isIpAddress(value)).toBe(before);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});
