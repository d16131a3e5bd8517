import { isLogType, LOG_TYPES, type LogType } from '../opensearch/log-types';

/** The options of a command that works on one log type over a range of UTC days. */
export const SOURCE_RANGE_OPTIONS = {
  source: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

/** `--source`, `--from` and `--to`, checked: a known log type and both days given. */
export function sourceAndRange(values: {
  readonly source?: string;
  readonly from?: string;
  readonly to?: string;
}): { source: LogType; from: string; to: string } {
  const { source, from, to } = values;
  if (!source || !isLogType(source)) throw new Error(`--source must be one of ${LOG_TYPES.join(', ')}`);
  if (!from || !to) throw new Error('--from and --to are required (YYYY-MM-DD, UTC days, both included)');
  return { source, from, to };
}
