import type { DetectionLike } from '../searches';
import type { DashboardSpec } from '../spec';
import { F, logs, visId } from './common';
import { detectionPanels } from './detection-panels';

const id = (name: string) => visId('bedrock', name);
const bedrock = logs('bedrock');

/** Who calls which Bedrock models, how many tokens they spend, and what is refused. */
export function bedrockDashboard(detections: readonly DetectionLike[]): DashboardSpec {
  return {
    id: 'siem-dashboard-bedrock',
    title: 'SIEM: Bedrock model invocations',
    description:
      'Amazon Bedrock invocations per model and principal, input and output tokens over time, and errors (denied, throttled) per principal.',
    panels: [
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('invocations'),
          title: 'Invocations',
          source: bedrock,
          metrics: [{ type: 'count', label: 'Invocations' }],
        },
      },
      {
        width: 12,
        height: 8,
        visualization: {
          kind: 'metric',
          id: id('tokens'),
          title: 'Tokens in and out',
          source: bedrock,
          metrics: [
            { type: 'sum', field: 'input.inputTokenCount', label: 'Input tokens' },
            { type: 'sum', field: 'output.outputTokenCount', label: 'Output tokens' },
          ],
        },
      },
      {
        width: 24,
        height: 8,
        visualization: {
          kind: 'pie',
          id: id('models'),
          title: 'Models',
          source: bedrock,
          slices: { field: 'modelId', size: 10, label: 'Model' },
        },
      },
      {
        width: 48,
        visualization: {
          kind: 'histogram',
          id: id('input-tokens-by-principal'),
          title: 'Input tokens over time by principal',
          source: bedrock,
          metric: { type: 'sum', field: 'input.inputTokenCount', label: 'Input tokens' },
          splitBy: { field: 'identity.arn', size: 10, label: 'Principal' },
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'table',
          id: id('principals-and-models'),
          title: 'Principals, models and tokens',
          source: bedrock,
          rows: [
            { field: 'identity.arn', size: 20, label: 'Principal' },
            { field: 'modelId', size: 10, label: 'Model' },
          ],
          metrics: [
            { type: 'count', label: 'Invocations' },
            { type: 'sum', field: 'input.inputTokenCount', label: 'Input tokens' },
            { type: 'sum', field: 'output.outputTokenCount', label: 'Output tokens' },
          ],
        },
      },
      {
        width: 24,
        visualization: {
          kind: 'horizontal_bar',
          id: id('errors-by-principal'),
          title: 'Errors by principal',
          source: bedrock,
          query: `${F.outcome}:failure`,
          bars: { field: 'identity.arn', size: 15, label: 'Principal' },
          splitBy: { field: 'errorCode', size: 5, label: 'Error' },
        },
      },
      ...detectionPanels(detections, 'bedrock'),
    ],
  };
}
