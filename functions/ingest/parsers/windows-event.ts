/*
 * A Windows event as the CloudWatch agent ships it (`logs.logs_collected.windows_events`): the
 * event's XML (`event_format: "xml"`, the agent's default), or the legacy text rendering
 * (`event_format: "text"`): `[Channel] [LEVEL] [EventID] [Provider] [Computer] [rendered message]`.
 * Both are read into the event's own names (System members, EventData `Data Name=` pairs); the text
 * rendering has no EventData, so the Security log's documented message sections stand in for it.
 */

export interface WindowsEvent {
  readonly format: 'xml' | 'text';
  /** System members under Windows's names (EventID, Channel, Computer, Provider, Level...). */
  readonly system: Record<string, string>;
  /** EventData `Data Name=` pairs (XML), or the named values of the rendered message (text). */
  readonly data: Record<string, string>;
  /** Unnamed EventData values (classic events) and UserData leaves (1102 keeps its subject there). */
  readonly extra: Record<string, string>;
  readonly message?: string;
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(ENTITY, (whole, hex: string, dec: string, name: string) => {
    if (name) return NAMED[name];
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The text between `<tag ...>` and `</tag>`, first occurrence (undefined when absent or empty-tagged). */
function section(xml: string, tag: string): string | undefined {
  const open = new RegExp(`<${tag}(?:\\s[^<>]*)?>`).exec(xml);
  if (!open) return undefined;
  const end = xml.indexOf(`</${tag}>`, open.index + open[0].length);
  return end < 0 ? undefined : xml.slice(open.index + open[0].length, end);
}

function attribute(element: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}=(['"])([^'"]*)\\1`).exec(element);
  return m ? decode(m[2]) : undefined;
}

const SYSTEM_TEXT = [
  'EventID',
  'Version',
  'Level',
  'Task',
  'Opcode',
  'Keywords',
  'EventRecordID',
  'Channel',
  'Computer',
];

export function readWindowsXml(xml: string): WindowsEvent | undefined {
  const systemXml = section(xml, 'System');
  if (systemXml === undefined) return undefined;
  const system: Record<string, string> = {};
  for (const tag of SYSTEM_TEXT) {
    const m = new RegExp(`<${tag}(?:\\s[^<>]*)?>([^<]*)</${tag}>`).exec(systemXml);
    if (m && m[1] !== '') system[tag] = decode(m[1]);
  }
  const provider = /<Provider\s[^<>]*>/.exec(systemXml);
  if (provider) {
    const name = attribute(provider[0], 'Name') ?? attribute(provider[0], 'EventSourceName');
    if (name !== undefined) system.Provider = name;
  }
  const created = /<TimeCreated\s[^<>]*>/.exec(systemXml);
  const time = created && attribute(created[0], 'SystemTime');
  if (time) system.TimeCreated = time;
  const execution = /<Execution\s[^<>]*>/.exec(systemXml);
  const pid = execution && attribute(execution[0], 'ProcessID');
  if (pid) system.ExecutionProcessID = pid;
  const security = /<Security\s[^<>]*>/.exec(systemXml);
  const userId = security && attribute(security[0], 'UserID');
  if (userId) system.UserID = userId;

  const data: Record<string, string> = {};
  const extra: Record<string, string> = {};
  const eventData = section(xml, 'EventData');
  if (eventData !== undefined) {
    let unnamed = 0;
    // The open tag, then its text up to the next tag: no pattern here can backtrack over a long run.
    for (const m of eventData.matchAll(/<Data(\s[^<>]*)?>([^<]*)/g)) {
      const attributes = m[1] ?? '';
      const name = attribute(attributes, 'Name');
      const value = attributes.endsWith('/') ? '' : decode(m[2]);
      if (name !== undefined) data[name] = value;
      else if (value !== '') extra[`Data${unnamed++}`] = value;
    }
  }
  const userData = section(xml, 'UserData');
  if (userData !== undefined) {
    for (const m of userData.matchAll(/<([A-Za-z][\w.-]*)(?:\s[^<>]*)?>([^<]*)<\/\1>/g))
      extra[m[1]] = decode(m[2]);
  }
  const rendering = section(xml, 'RenderingInfo');
  const message = rendering === undefined ? undefined : section(rendering, 'Message');
  return { format: 'xml', system, data, extra, message: message === undefined ? undefined : decode(message) };
}

const TEXT_HEADER = /^\[([^\]]*)\] \[([^\]]*)\] \[(\d{0,5})\] \[([^\]]*)\] \[([^\]]*)\] \[([\s\S]*)\]\s*$/;

/** Message sections and labels of the Security log, to the EventData names the XML uses. */
const SECTION_NAMES: Record<string, Record<string, string>> = {
  Subject: {
    'Security ID': 'SubjectUserSid',
    'Account Name': 'SubjectUserName',
    'Account Domain': 'SubjectDomainName',
    'Logon ID': 'SubjectLogonId',
  },
  Target: {
    'Security ID': 'TargetUserSid',
    'Account Name': 'TargetUserName',
    'Account Domain': 'TargetDomainName',
    'Logon ID': 'TargetLogonId',
    'Group Name': 'TargetUserName',
    'Group Domain': 'TargetDomainName',
  },
  Member: { 'Security ID': 'MemberSid', 'Account Name': 'MemberName' },
  Any: {
    'Logon Type': 'LogonType',
    'Source Network Address': 'IpAddress',
    'Source Port': 'IpPort',
    'Workstation Name': 'WorkstationName',
    Status: 'Status',
    'Sub Status': 'SubStatus',
    'Failure Reason': 'FailureReason',
    'Process Name': 'ProcessName',
    'Caller Process Name': 'ProcessName',
    'New Process Name': 'NewProcessName',
    'New Process ID': 'NewProcessId',
    'Creator Process Name': 'ParentProcessName',
    'Process Command Line': 'CommandLine',
    'Logon Process': 'LogonProcessName',
    'Authentication Package': 'AuthenticationPackageName',
    Privileges: 'PrivilegeList',
    'Elevated Token': 'ElevatedToken',
  },
};

const TARGET_SECTIONS = new Set([
  'New Logon',
  'Account For Which Logon Failed',
  'New Account',
  'Target Account',
  'Group',
  'Account Whose Credentials Were Used',
  'Target Subject',
]);

function sectionKind(heading: string): keyof typeof SECTION_NAMES {
  if (heading === 'Subject' || heading === 'Creator Subject') return 'Subject';
  if (TARGET_SECTIONS.has(heading)) return 'Target';
  if (heading === 'Member') return 'Member';
  return 'Any';
}

function readRenderedMessage(message: string): Record<string, string> {
  const data: Record<string, string> = {};
  let kind: keyof typeof SECTION_NAMES = 'Any';
  for (const raw of message.split(/\r?\n/)) {
    // trimEnd, not /\s+$/: the regex retries from every space of a long run (quadratic; a fuzzed
    // line of 490 KB of spaces never ended). Same whitespace set.
    const line = raw.trimEnd();
    if (line === '') continue;
    const heading = /^([A-Z][A-Za-z ]*):$/.exec(line);
    if (heading && !/^\s/.test(raw)) {
      kind = sectionKind(heading[1]);
      continue;
    }
    const pair = /^\s*([A-Z][A-Za-z ]*?):\s+(.*)$/.exec(line);
    if (!pair) continue;
    const name = SECTION_NAMES[kind][pair[1]] ?? SECTION_NAMES.Any[pair[1]];
    // The first value of a name wins: a later section that reuses a label never overwrites it.
    if (name !== undefined && data[name] === undefined) data[name] = pair[2];
  }
  return data;
}

export function readWindowsText(line: string): WindowsEvent | undefined {
  const m = TEXT_HEADER.exec(line);
  if (!m) return undefined;
  const [, channel, level, eventId, provider, computer, message] = m;
  const system: Record<string, string> = {};
  if (channel !== '') system.Channel = channel;
  if (level !== '') system.LevelName = level;
  if (eventId !== '') system.EventID = eventId;
  if (provider !== '') system.Provider = provider;
  if (computer !== '') system.Computer = computer;
  return { format: 'text', system, data: readRenderedMessage(message), extra: {}, message };
}

/** The XML or text rendering of one event; undefined for a message in neither. */
export function readWindowsEvent(message: string): WindowsEvent | undefined {
  const start = message.trimStart();
  if (start.startsWith('<')) return readWindowsXml(start);
  if (start.startsWith('[')) return readWindowsText(start);
  return undefined;
}
