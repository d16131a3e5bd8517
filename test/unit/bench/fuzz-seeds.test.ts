import { isParquetBuffer } from '../../../functions/ingest/random-access';
import { run, seeds } from '../../../scripts/bench/fuzz-parsers';

/*
 * The fuzzer's seeds, unmutated, must parse cleanly: a seed that fails before any mutation makes
 * every case drawn from it a false finding (fixture folders that hold no log objects, or a Parquet
 * object fed as a stream, which production never does).
 */

describe('fuzz-parsers seeds', () => {
  const all = seeds();

  it('are log objects of a known source only', () => {
    expect(all.length).toBeGreaterThan(30);
    expect(all.map((s) => s.name.split('/')[0])).not.toContain('sigma');
    expect(all.find((s) => s.name.startsWith('routed-dead-letters/'))?.source).toBe('cloudwatch');
  });

  const streamed = all.filter((s) => !isParquetBuffer(s.bytes));

  it.each(all.map((s) => [s.name, s] as const))(
    '%s parses whole without throwing or refusal',
    async (_, seed) => {
      const whole = await run(seed.bytes, seed.source);
      expect(whole.thrown).toBeUndefined();
      expect(whole.refused).toBeUndefined();
    },
  );

  it.each(streamed.map((s) => [s.name, s] as const))('%s parses alike in 64-byte chunks', async (_, seed) => {
    expect(await run(seed.bytes, seed.source, 64)).toEqual(await run(seed.bytes, seed.source));
  });
});
