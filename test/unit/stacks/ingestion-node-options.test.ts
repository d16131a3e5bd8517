import { LogArchiveStack } from '../../../stacks/log-archive-stack';
import { exampleSiemConfig, fakeBundler, onlyResource, synthStack, testApp } from './synth-helpers';

/*
 * The ingestion function runs with V8's default young generation. A larger one
 * (--max-semi-space-size=64) cut the Security Lake Parquet path's CPU by a quarter but raised
 * VPC flow and WAF CPU, and one function serves every source (docs/performance.md). Setting it
 * again needs new figures, so this test names the measurement to redo.
 */
describe('LogArchiveStack ingestion function Node options', () => {
  it('runs the ingestion function with source maps and the default young generation', () => {
    // Arrange
    const stack = synthStack(
      new LogArchiveStack(testApp(), { config: exampleSiemConfig(), functionBundler: fakeBundler }),
    );

    // Act
    const fn = onlyResource(stack, 'aws_lambda_function', 'ingestion_ingest');
    const variables = (fn.environment as { variables: Record<string, string> }).variables;

    // Assess
    expect(fn.memory_size).toBe(1024);
    expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
  });
});
