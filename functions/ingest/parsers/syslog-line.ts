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
const PRI = /^<(\d{1,3})>/;
const RFC3164_TIME = new RegExp(`^(?:${MONTHS}) [ \\d]\\d \\d{2}:\\d{2}:\\d{2}(?=\\s)`);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})(?=\s)/;
/** `prog[pid]: ` or `prog: `; a tag holds no whitespace, colon or bracket (systemd units keep dots and @). */
const TAG = /^([^\s:[\]]{1,128})(?:\[(\d{1,10})\])?: ?/;

/** Undefined when the line has no syslog header: the caller keeps it as a bare message. */
export function parseSyslogLine(line: string): SyslogLine | undefined {
  let rest = line;
  let priority: number | undefined;
  const pri = PRI.exec(rest);
  if (pri) {
    priority = Number(pri[1]);
    if (priority > 191) return undefined;
    rest = rest.slice(pri[0].length);
  }
  let format: SyslogLine['format'];
  let time = RFC3164_TIME.exec(rest);
  if (time) format = 'rfc3164';
  else {
    time = ISO_TIME.exec(rest);
    if (!time) return undefined;
    format = 'iso8601';
  }
  rest = rest.slice(time[0].length).replace(/^\s+/, '');
  const space = rest.search(/\s/);
  const hostname = space < 0 ? rest : rest.slice(0, space);
  if (hostname === '') return undefined;
  rest = space < 0 ? '' : rest.slice(space + 1);
  const tag = TAG.exec(rest);
  const common = {
    format,
    priority,
    facility: priority === undefined ? undefined : priority >> 3,
    severity: priority === undefined ? undefined : priority & 7,
    timestamp: time[0],
    hostname,
  };
  if (!tag) return { ...common, message: rest };
  const pid = tag[2] === undefined ? undefined : Number(tag[2]);
  return {
    ...common,
    program: tag[1],
    pid: pid !== undefined && Number.isSafeInteger(pid) ? pid : undefined,
    message: rest.slice(tag[0].length),
  };
}
