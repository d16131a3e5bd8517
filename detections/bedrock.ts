import { MITRE } from './mitre';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION, merge, sampleUuid } from './samples';
import type { Detection } from './types';

/*
 * Amazon Bedrock model invocation logs: LLMjacking (stolen credentials spent on model invocations)
 * and a principal probing models it may not call.
 */

const BEDROCK_SCHEDULE_MINUTES = 10;
/** Invocation logs are delivered within minutes; an hour of tokens is the spend that matters. */
const TOKEN_LOOKBACK_MINUTES = 60;
const DENIED_LOOKBACK_MINUTES = 15;
/** Input tokens one principal sends in an hour: 10 full 200k-token contexts. */
export const TOKEN_SPIKE_INPUT_TOKENS = 2_000_000;
/** Denied invocations of one principal in the lookback. */
const DENIED_INVOCATIONS = 10;

const ROLE_ARN = `arn:aws:sts::${SAMPLE_ACCOUNT_ID}:assumed-role/app-backend/i-0a1b2c3d4e5f60718`;
const OTHER_ARN = `arn:aws:iam::${SAMPLE_ACCOUNT_ID}:user/leaked-key`;

type Invocation = { readonly [field: string]: unknown };

/** One model invocation log record; `overrides` are deep-merged. */
export function bedrockInvocation(seed: string, overrides: Invocation = {}): Invocation {
  return merge(
    {
      schemaType: 'ModelInvocationLog',
      schemaVersion: '1.0',
      timestamp: '2026-01-15T10:00:00Z',
      accountId: SAMPLE_ACCOUNT_ID,
      identity: { arn: ROLE_ARN },
      region: SAMPLE_REGION,
      requestId: sampleUuid(`bedrock/${seed}`),
      operation: 'InvokeModel',
      modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
      input: {
        inputContentType: 'application/json',
        inputBodyJson: { messages: [{ role: 'user', content: 'Summarise the ticket' }] },
        inputTokenCount: 150,
      },
      output: {
        outputContentType: 'application/json',
        outputBodyJson: { stop_reason: 'end_turn' },
        outputTokenCount: 60,
      },
    },
    overrides,
  );
}

const invocations = (count: number, seed: string, overrides: Invocation) =>
  Array.from({ length: count }, (_, i) => bedrockInvocation(`${seed}/${i}`, overrides));

const denied = {
  errorCode: 'AccessDeniedException',
  input: { inputTokenCount: 0 },
  output: { outputTokenCount: 0 },
};
const bigContext = { operation: 'Converse', input: { inputTokenCount: 200_000 } };

export const bedrockDetections: readonly Detection[] = [
  {
    id: 'bedrock-input-token-spike',
    title: 'Bedrock: one principal sent millions of tokens in an hour',
    description: `A principal sent ${TOKEN_SPIKE_INPUT_TOKENS.toLocaleString('en')} or more input tokens to Bedrock models within an hour: the pattern of LLMjacking (stolen credentials spent on model invocations), or a runaway job.`,
    severity: 2,
    mitre: MITRE.resourceHijacking,
    logType: 'bedrock',
    query: { bool: { filter: [{ term: { schemaType: 'ModelInvocationLog' } }] } },
    condition: {
      kind: 'sum',
      field: 'input.inputTokenCount',
      minCount: TOKEN_SPIKE_INPUT_TOKENS,
      groupBy: ['cloud.account.id', 'identity.arn'],
    },
    scheduleMinutes: BEDROCK_SCHEDULE_MINUTES,
    lookbackMinutes: TOKEN_LOOKBACK_MINUTES,
    positiveSamples: invocations(10, 'spike', { identity: { arn: OTHER_ARN }, ...bigContext }),
    negativeSamples: [
      // The same volume spread over two principals, each under the threshold.
      ...invocations(5, 'split-a', bigContext),
      ...invocations(5, 'split-b', { identity: { arn: OTHER_ARN }, ...bigContext }),
    ],
  },
  {
    id: 'bedrock-access-denied-burst',
    title: 'Bedrock: burst of denied model invocations by one principal',
    description: `${DENIED_INVOCATIONS} or more Bedrock invocations of one principal were denied within ${DENIED_LOOKBACK_MINUTES} minutes: a principal probing which models its credentials may call (an early step of LLMjacking).`,
    severity: 3,
    mitre: MITRE.cloudInfraDiscovery,
    logType: 'bedrock',
    query: { bool: { filter: [{ term: { errorCode: 'AccessDeniedException' } }] } },
    condition: {
      kind: 'bucket',
      field: 'identity.arn',
      alsoBy: ['cloud.account.id'],
      minCount: DENIED_INVOCATIONS,
    },
    scheduleMinutes: BEDROCK_SCHEDULE_MINUTES,
    lookbackMinutes: DENIED_LOOKBACK_MINUTES,
    positiveSamples: invocations(DENIED_INVOCATIONS, 'denied', { identity: { arn: OTHER_ARN }, ...denied }),
    negativeSamples: [
      ...invocations(DENIED_INVOCATIONS - 1, 'few-denied', denied),
      // Throttled, not denied.
      ...invocations(DENIED_INVOCATIONS, 'throttled', { errorCode: 'ThrottlingException' }),
    ],
  },
];
