import { ipOf } from './safe-json';

/*
 * What the authentication programs write to /var/log/secure and /var/log/auth.log, read into
 * facts: sshd logins (method, user, address, port, outcome), sudo and su (who became whom, with
 * what command, and refusals), PAM authentication failures, and accounts and group memberships
 * made by useradd, groupadd and usermod. Message texts are OpenSSH's, sudo's, util-linux's and
 * shadow-utils' own; anything else keeps its header facts only.
 */

export interface LinuxAuthFacts {
  readonly action?: string;
  readonly outcome?: 'success' | 'failure';
  /** The account acted on or logged in as (`user.name`). */
  readonly user?: string;
  readonly sourceIp?: string;
  readonly ssh?: {
    readonly method?: string;
    readonly port?: number;
    readonly invalid_user?: boolean;
    readonly key_fingerprint?: string;
  };
  readonly sudo?: {
    readonly run_as?: string;
    readonly tty?: string;
    readonly pwd?: string;
    readonly command?: string;
    readonly error?: string;
  };
  /** The account that became another (su, sudo sessions) or `target` of useradd/usermod. */
  readonly target_user?: string;
  readonly group?: string;
  readonly pam?: { readonly service?: string; readonly type?: string };
}

const port = (text: string | undefined) => {
  const n = Number(text);
  return text !== undefined && /^\d{1,5}$/.test(text) && n <= 65535 ? n : undefined;
};

const SSH_ACCEPTED = /^Accepted (\S+) for (.+?) from (\S+) port (\d+)(?: ssh2)?(?:: (\S+) (\S+))?/;
const SSH_FAILED = /^Failed (\S+) for (invalid user )?(.*?) from (\S+) port (\d+)/;
const SSH_INVALID = /^Invalid user (.*?) from (\S+)(?: port (\d+))?/;
const SSH_CLOSED_PREAUTH =
  /^(?:Connection closed|Disconnected) by (?:(invalid|authenticating) user (.*?) )?(\S+) port (\d+) \[preauth\]/;
const SSH_MAX_AUTH =
  /^(?:error: )?maximum authentication attempts exceeded for (invalid user )?(.*?) from (\S+) port (\d+)/;
/** `  alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash` (older sudo indents the user). */
const SUDO = /^\s*(\S+) : (.*)$/;
const SUDO_PAIR = /^([A-Z]+)=(.*)$/;
const PAM = /^pam_unix\(([^:)]+):([^)]+)\): (.*)$/;
const PAM_AUTH_FAILURE = /^authentication failure;.*?\brhost=(\S*)\s+user=(\S+)/;
const PAM_SESSION_OPENED = /^session opened for user ([^\s(]+)(?:\(uid=\d+\))? by ([^\s(]*)/;
const SU_FAILED = /^FAILED SU \(to (\S+)\) (\S+) on (\S+)/;
const SU_OK = /^\(to (\S+)\) (\S+) on (\S+)/;
const USERADD = /^new user: name=([^,]+),/;
const GROUPADD = /^new group: name=([^,]+),/;
const USERMOD_GROUP = /^add '([^']+)' to (?:shadow )?group '([^']+)'/;
const GPASSWD_GROUP = /^user (\S+) added by (\S+) to group (\S+)/;

function sshd(message: string): LinuxAuthFacts | undefined {
  let m = SSH_ACCEPTED.exec(message);
  if (m) {
    return {
      action: 'ssh-login',
      outcome: 'success',
      user: m[2],
      sourceIp: ipOf(m[3]),
      ssh: { method: m[1], port: port(m[4]), key_fingerprint: m[6] },
    };
  }
  m = SSH_FAILED.exec(message);
  if (m) {
    return {
      action: 'ssh-login',
      outcome: 'failure',
      user: m[3],
      sourceIp: ipOf(m[4]),
      ssh: { method: m[1], port: port(m[5]), invalid_user: m[2] !== undefined },
    };
  }
  m = SSH_INVALID.exec(message);
  if (m) {
    return {
      action: 'ssh-invalid-user',
      outcome: 'failure',
      user: m[1] === '' ? undefined : m[1],
      sourceIp: ipOf(m[2]),
      ssh: { port: port(m[3]), invalid_user: true },
    };
  }
  m = SSH_MAX_AUTH.exec(message);
  if (m) {
    return {
      action: 'ssh-max-auth-exceeded',
      outcome: 'failure',
      user: m[2],
      sourceIp: ipOf(m[3]),
      ssh: { port: port(m[4]), invalid_user: m[1] !== undefined },
    };
  }
  m = SSH_CLOSED_PREAUTH.exec(message);
  if (m) {
    return {
      action: 'ssh-closed-preauth',
      user: m[2],
      sourceIp: ipOf(m[3]),
      ssh: { port: port(m[4]), invalid_user: m[1] === 'invalid' ? true : undefined },
    };
  }
  return pam(message);
}

function sudo(message: string): LinuxAuthFacts | undefined {
  const m = SUDO.exec(message);
  if (!m) return pam(message);
  const pairs: Record<string, string> = {};
  const errors: string[] = [];
  const parts = m[2].split(' ; ');
  for (let i = 0; i < parts.length; i++) {
    const pair = SUDO_PAIR.exec(parts[i]);
    if (!pair) {
      if (Object.keys(pairs).length === 0) errors.push(parts[i]);
      continue;
    }
    // The command is last and may itself hold ` ; `.
    if (pair[1] === 'COMMAND') {
      pairs.COMMAND = [pair[2], ...parts.slice(i + 1)].join(' ; ');
      break;
    }
    pairs[pair[1]] = pair[2];
  }
  if (pairs.USER === undefined && pairs.TTY === undefined) return pam(message);
  const error = errors.length > 0 ? errors.join(' ; ') : undefined;
  return {
    action: 'sudo',
    // sudo logs a refusal (`user NOT in sudoers`, `3 incorrect password attempts`) before TTY=.
    outcome: error === undefined ? 'success' : 'failure',
    user: m[1],
    target_user: pairs.USER,
    sudo: { run_as: pairs.USER, tty: pairs.TTY, pwd: pairs.PWD, command: pairs.COMMAND, error },
  };
}

function su(message: string): LinuxAuthFacts | undefined {
  let m = SU_FAILED.exec(message);
  if (m) return { action: 'su', outcome: 'failure', user: m[2], target_user: m[1], sudo: { tty: m[3] } };
  m = SU_OK.exec(message);
  if (m) return { action: 'su', outcome: 'success', user: m[2], target_user: m[1], sudo: { tty: m[3] } };
  return pam(message);
}

function pam(message: string): LinuxAuthFacts | undefined {
  const m = PAM.exec(message);
  if (!m) return undefined;
  const [, service, type, text] = m;
  const failure = PAM_AUTH_FAILURE.exec(text);
  if (failure) {
    return {
      action: 'authentication-failure',
      outcome: 'failure',
      user: failure[2],
      sourceIp: ipOf(failure[1]),
      pam: { service, type },
    };
  }
  const opened = PAM_SESSION_OPENED.exec(text);
  if (opened) {
    return {
      action: 'session-opened',
      outcome: 'success',
      user: opened[2] === '' ? opened[1] : opened[2],
      target_user: opened[1],
      pam: { service, type },
    };
  }
  return { pam: { service, type } };
}

function accounts(message: string): LinuxAuthFacts | undefined {
  let m = USERADD.exec(message);
  if (m) return { action: 'user-created', outcome: 'success', target_user: m[1], user: m[1] };
  m = GROUPADD.exec(message);
  if (m) return { action: 'group-created', outcome: 'success', group: m[1] };
  m = USERMOD_GROUP.exec(message);
  if (m)
    return { action: 'user-added-to-group', outcome: 'success', user: m[1], target_user: m[1], group: m[2] };
  m = GPASSWD_GROUP.exec(message);
  if (m)
    return { action: 'user-added-to-group', outcome: 'success', user: m[1], target_user: m[1], group: m[3] };
  return undefined;
}

/** The facts of one message of `program`, or undefined for messages these programs do not explain. */
export function linuxAuthFacts(program: string | undefined, message: string): LinuxAuthFacts | undefined {
  switch (program) {
    case 'sshd':
    case 'sshd-session':
      return sshd(message);
    case 'sudo':
      return sudo(message);
    case 'su':
      return su(message);
    case 'useradd':
    case 'groupadd':
    case 'usermod':
    case 'gpasswd':
      return accounts(message);
    default:
      return pam(message);
  }
}
