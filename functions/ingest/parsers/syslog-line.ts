/*
 * The header of a syslog line as rsyslog writes it to /var/log/secure, /var/log/auth.log and
 * /var/log/messages (and so as the CloudWatch agent ships it): the traditional RFC 3164 file format
 * (`Jan  5 10:00:00 host prog[pid]: msg`), the high-precision ISO 8601 one that Debian 12, Ubuntu
 * 24.04 and RSYSLOG_FileFormat write (`2025-01-05T10:00:00.123456+00:00 host prog[pid]: msg`),
 * either one after an optional `<PRI>`. The header's time is kept as text: RFC 3164 has no year
 * and no zone, so the document is dated by the log event, as every routed document is.
 */

export interface SyslogLine {
  readonly format: 'rfc3164' | 'iso8601';
  /** `<PRI>` when the line starts with one. */
  readonly priority?: number;
  readonly facility?: number;
  readonly severity?: number;
  /** The header's time as written. */
  readonly timestamp: string;
  readonly hostname: string;
  /** The tag before `[pid]:` or `:`; absent for a line with no tag (`-- MARK --`, kernel continuations). */
  readonly program?: string;
  readonly pid?: number;
  readonly message: string;
}

const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
// Sticky patterns read the line in place: no slice of the rest per header part.
const PRI = /<(\d{1,3})>/y;
const RFC3164_TIME = new RegExp(`(?:${MONTHS}) [ \\d]\\d \\d{2}:\\d{2}:\\d{2}(?=\\s)`, 'y');
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})(?=\s)/y;
const SPACES = /\s*/y;
const NEXT_SPACE = /\s/g;
/** `prog[pid]: ` or `prog: `; a tag holds no whitespace, colon or bracket (systemd units keep dots and @). */
const TAG = /([^\s:[\]]{1,128})(?:\[(\d{1,10})\])?: ?/y;

/** Index after the match of sticky `pattern` at `at`, or -1. */
function skip(pattern: RegExp, line: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(line) ? pattern.lastIndex : -1;
}

/** Undefined when the line has no syslog header: the caller keeps it as a bare message. */
export function parseSyslogLine(line: string): SyslogLine | undefined {
  let at = 0;
  let priority: number | undefined;
  if (line.charCodeAt(0) === 60 /* < */) {
    PRI.lastIndex = 0;
    const pri = PRI.exec(line);
    if (pri) {
      priority = Number(pri[1]);
      if (priority > 191) return undefined;
      at = PRI.lastIndex;
    }
  }
  let format: SyslogLine['format'] = 'rfc3164';
  let timeEnd = skip(RFC3164_TIME, line, at);
  if (timeEnd < 0) {
    timeEnd = skip(ISO_TIME, line, at);
    if (timeEnd < 0) return undefined;
    format = 'iso8601';
  }
  const timestamp = line.slice(at, timeEnd);
  const hostStart = skip(SPACES, line, timeEnd);
  NEXT_SPACE.lastIndex = hostStart;
  const space = NEXT_SPACE.test(line) ? NEXT_SPACE.lastIndex - 1 : -1;
  const hostname = space < 0 ? line.slice(hostStart) : line.slice(hostStart, space);
  if (hostname === '') return undefined;
  const facility = priority === undefined ? undefined : priority >> 3;
  const severity = priority === undefined ? undefined : priority & 7;
  if (space < 0) return { format, priority, facility, severity, timestamp, hostname, message: '' };
  const rest = space + 1;
  TAG.lastIndex = rest;
  const tag = TAG.exec(line);
  if (!tag) return { format, priority, facility, severity, timestamp, hostname, message: line.slice(rest) };
  const pid = tag[2] === undefined ? undefined : Number(tag[2]);
  return {
    format,
    priority,
    facility,
    severity,
    timestamp,
    hostname,
    program: tag[1],
    pid: pid !== undefined && Number.isSafeInteger(pid) ? pid : undefined,
    message: line.slice(TAG.lastIndex),
  };
}
