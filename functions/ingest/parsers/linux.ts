import { isValidEventTime } from '../iso-time';
import {
  emitRoutedDocument,
  logEventBasics,
  withoutTrailingNewline,
  type LogEventContext,
  type LogEventSink,
} from './cloudwatch-event';
import { linuxAuthFacts } from './linux-auth';
import { parseSyslogLine } from './syslog-line';

/*
 * Linux OS logs shipped by the CloudWatch agent (`logs.logs_collected.files`): /var/log/secure,
 * /var/log/auth.log and /var/log/messages or syslog, one line per log event. The agent's log
 * group names are the owner's choice, so the SIEM names them: the member stack makes
 * `/siem/os/linux/<name>` for each configured name (config `osLogs.linux`), and the agent's
 * `log_group_name` points there. A line without a syslog header is kept as a bare message.
 */

/** Log groups of Linux hosts' logs, as the member stack names them. */
export const LINUX_LOG_GROUP = /^\/siem\/os\/linux\/[^/]/;

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

export function parseLinuxLogEvent(
  logEvent: Record<string, unknown>,
  ctx: LogEventContext,
  sink: LogEventSink,
): void {
  const basics = logEventBasics(logEvent, ctx, sink, isValidEventTime);
  if (!basics) return;
  const line = withoutTrailingNewline(basics.message);
  const syslog = parseSyslogLine(line);
  const facts = linuxAuthFacts(syslog?.program, syslog?.message ?? line);
  const { action, outcome, user, sourceIp, ...details } = facts ?? {};
  emitRoutedDocument(ctx, basics, sink, {
    common: {
      logType: 'linux',
      sourceIp,
      action,
      outcome,
    },
    userName: nonEmpty(user),
    siem: {},
    body: {
      message: line,
      host: syslog ? { name: syslog.hostname } : undefined,
      process: syslog?.program === undefined ? undefined : { name: syslog.program, pid: syslog.pid },
      linux: { syslog, ...details },
    },
  });
}
