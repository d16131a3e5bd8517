import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP } from './samples';
import type { Detection } from './types';

/*
 * Client VPN connection logs: one user's connection attempts refused over and over (a guessed or
 * revoked credential), and one address failing as many different users (password spraying). Both
 * read the attempt status the parser turns into `event.outcome`.
 */

const VPN_SCHEDULE_MINUTES = 5;
const VPN_LOOKBACK_MINUTES = 15;
const FAILURES_PER_USER = 10;
// Three distinct users is rare from one address in 15 minutes even behind an office NAT; the
// threshold also shares its trigger script with other cardinality detections (painless cache).
const USERS_PER_SOURCE = 3;

const ENDPOINT = 'cvpn-endpoint-0123456789abcdef0';

/** One connection-log record as Client VPN writes it (every value a string, `NA` when empty). */
export function clientVpnLogEvent(fields: {
  username: string;
  deviceIp: string;
  status: 'successful' | 'failed';
  seed: number;
  failureReason?: string;
}) {
  return {
    logGroup: `/aws/clientvpn/${ENDPOINT}`,
    logStream: `${ENDPOINT}-eu-west-1-2026/01/15-AbCdEfGhIjKl`,
    message: JSON.stringify({
      'connection-log-type': 'connection-attempt',
      'connection-attempt-status': fields.status,
      'connection-reset-status': 'NA',
      'connection-attempt-failure-reason':
        fields.failureReason ?? (fields.status === 'failed' ? 'client-auth-failed' : 'NA'),
      'connection-id': `cvpn-connection-${String(fields.seed).padStart(17, '0')}`,
      'client-vpn-endpoint-id': ENDPOINT,
      'transport-protocol': 'udp',
      'connection-start-time': '2026-01-15 10:00:00',
      'connection-last-update-time': '2026-01-15 10:00:00',
      'client-ip': fields.status === 'successful' ? `172.16.0.${(fields.seed % 200) + 2}` : 'NA',
      'client-ipv6': 'NA',
      'common-name': 'client1.vpn.example.com',
      'device-type': 'windows',
      'device-ip': fields.deviceIp,
      port: String(40000 + fields.seed),
      'ingress-bytes': '0',
      'egress-bytes': '0',
      'ingress-packets': '0',
      'egress-packets': '0',
      'connection-end-time': 'NA',
      'connection-duration-seconds': '0',
      username: fields.username,
    }),
  };
}

const failed = (username: string, deviceIp: string, seed: number) =>
  clientVpnLogEvent({ username, deviceIp, status: 'failed', seed });

export const clientVpnDetections: readonly Detection[] = [
  {
    id: 'clientvpn-auth-failure-burst',
    title: 'Repeated Client VPN connection failures for one user',
    description: `${FAILURES_PER_USER} or more refused Client VPN connection attempts for one user in the window: a guessed password against the directory behind the endpoint, or a user whose access was revoked still trying.`,
    severity: 3,
    mitre: MITRE.passwordGuessing,
    logType: 'clientvpn',
    query: {
      bool: {
        filter: [
          { term: { 'event.action': 'connection-attempt' } },
          { term: { 'event.outcome': 'failure' } },
        ],
      },
    },
    condition: {
      kind: 'bucket',
      field: 'user.name',
      alsoBy: ['cloud.account.id'],
      minCount: FAILURES_PER_USER,
    },
    scheduleMinutes: VPN_SCHEDULE_MINUTES,
    lookbackMinutes: VPN_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: FAILURES_PER_USER }, (_, i) =>
      failed('bob', SAMPLE_EXTERNAL_IP, i),
    ),
    negativeSamples: [
      ...Array.from({ length: FAILURES_PER_USER - 1 }, (_, i) => failed('bob', SAMPLE_EXTERNAL_IP, i)),
      ...Array.from({ length: FAILURES_PER_USER }, (_, i) =>
        clientVpnLogEvent({
          username: 'bob',
          deviceIp: SAMPLE_EXTERNAL_IP,
          status: 'successful',
          seed: 100 + i,
        }),
      ),
    ],
  },
  {
    id: 'clientvpn-password-spraying',
    title: 'One address failing Client VPN logins as many users',
    description: `Refused Client VPN connection attempts for ${USERS_PER_SOURCE} or more different users from one device address in the window: password spraying against the endpoint.`,
    severity: 2,
    mitre: MITRE.passwordSpraying,
    logType: 'clientvpn',
    query: { bool: { filter: [{ term: { 'event.outcome': 'failure' } }] } },
    condition: {
      kind: 'cardinality',
      field: 'source.ip',
      distinctField: 'user.name',
      minCount: USERS_PER_SOURCE,
    },
    scheduleMinutes: VPN_SCHEDULE_MINUTES,
    lookbackMinutes: VPN_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: USERS_PER_SOURCE }, (_, i) =>
      failed(`user${i}`, SAMPLE_OTHER_EXTERNAL_IP, 200 + i),
    ),
    negativeSamples: [
      // Many failures for few users from one address, and fewer users than the threshold.
      ...Array.from({ length: USERS_PER_SOURCE * 3 }, (_, i) =>
        failed(`user${i % 2}`, SAMPLE_EXTERNAL_IP, 300 + i),
      ),
      ...Array.from({ length: USERS_PER_SOURCE - 1 }, (_, i) =>
        failed(`user${i}`, SAMPLE_OTHER_EXTERNAL_IP, 400 + i),
      ),
    ],
  },
];
