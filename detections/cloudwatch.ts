import { MITRE } from './mitre';
import { SAMPLE_EXTERNAL_IP, SAMPLE_OTHER_EXTERNAL_IP } from './samples';
import type { Detection, DslQuery } from './types';

/*
 * CloudWatch Logs: operating system logs shipped by the CloudWatch agent (sshd and sudo lines of
 * /var/log/secure or auth.log, one log stream per instance) and Lambda function logs.
 */

/** Subscription delivery is near real time through Firehose (buffered up to 5 minutes). */
const CLOUDWATCH_SCHEDULE_MINUTES = 5;
const CLOUDWATCH_LOOKBACK_MINUTES = 15;
const SSH_FAILURES_PER_INSTANCE = 10;
const LAMBDA_ERRORS_PER_FUNCTION = 20;

const INSTANCE_STREAM = 'i-0a1b2c3d4e5f60718';
const OTHER_INSTANCE_STREAM = 'i-0f1e2d3c4b5a60798';
const SECURE_LOG_GROUP = '/ec2/var/log/secure';
const LAMBDA_LOG_GROUP = '/aws/lambda/orders';

/** A CloudWatch Logs event as the subscription delivers it (the sample writer adds id and time). */
export interface CloudWatchEvent {
  readonly [field: string]: unknown;
  readonly logGroup: string;
  readonly logStream: string;
  readonly message: string;
}

const secureLog = (line: string, logStream = INSTANCE_STREAM): CloudWatchEvent => ({
  logGroup: SECURE_LOG_GROUP,
  logStream,
  message: `Jan 15 10:00:00 ip-10-20-1-15 ${line}`,
});

const sshFailure = (i: number, from = SAMPLE_EXTERNAL_IP, logStream = INSTANCE_STREAM) =>
  secureLog(
    i % 2
      ? `sshd[${2000 + i}]: Failed password for invalid user admin${i} from ${from} port ${50000 + i} ssh2`
      : `sshd[${2000 + i}]: Failed password for ec2-user from ${from} port ${50000 + i} ssh2`,
    logStream,
  );

const phrases = (field: string, texts: readonly string[]): DslQuery => ({
  bool: { should: texts.map((text) => ({ match_phrase: { [field]: text } })), minimum_should_match: 1 },
});

const lambdaLog = (message: string, logGroup = LAMBDA_LOG_GROUP): CloudWatchEvent => ({
  logGroup,
  logStream: '2026/01/15/[$LATEST]0123456789abcdef0123456789abcdef',
  message,
});

/** What failing invocations write, by runtime: Node.js, JSON log format, timeouts, runtime crashes. */
const lambdaErrors = (count: number, logGroup = LAMBDA_LOG_GROUP) =>
  Array.from({ length: count }, (_, i) => {
    const requestId = `5c2b2c35-0000-4000-8000-${String(i).padStart(12, '0')}`;
    switch (i % 4) {
      case 0:
        return lambdaLog(
          `2026-01-15T10:00:00.000Z\t${requestId}\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'id')"}\n`,
          logGroup,
        );
      case 1:
        return lambdaLog(
          JSON.stringify({
            timestamp: '2026-01-15T10:00:00Z',
            level: 'ERROR',
            requestId,
            message: 'payment failed',
          }),
          logGroup,
        );
      case 2:
        return lambdaLog(
          `2026-01-15T10:00:03.000Z ${requestId} Task timed out after 3.00 seconds\n`,
          logGroup,
        );
      default:
        return lambdaLog(
          `RequestId: ${requestId} Error: Runtime exited with error: signal: killed\nRuntime.ExitError\n`,
          logGroup,
        );
    }
  });

export const cloudWatchDetections: readonly Detection[] = [
  {
    id: 'cloudwatch-ssh-authentication-failures',
    title: 'SSH password failures on one instance',
    description: `${SSH_FAILURES_PER_INSTANCE} or more failed SSH logins (wrong password or unknown user) in one instance's OS log in the window: password guessing against an exposed sshd. Needs the CloudWatch agent shipping /var/log/secure or auth.log, one stream per instance.`,
    severity: 3,
    mitre: MITRE.passwordGuessing,
    logType: 'cloudwatch',
    query: {
      bool: {
        filter: [
          { match: { message: 'sshd' } },
          phrases('message', ['Failed password for', 'Invalid user', 'authentication failure']),
        ],
      },
    },
    condition: { kind: 'bucket', field: 'logStream', minCount: SSH_FAILURES_PER_INSTANCE },
    scheduleMinutes: CLOUDWATCH_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDWATCH_LOOKBACK_MINUTES,
    positiveSamples: Array.from({ length: SSH_FAILURES_PER_INSTANCE }, (_, i) => sshFailure(i)),
    negativeSamples: [
      ...Array.from({ length: SSH_FAILURES_PER_INSTANCE - 1 }, (_, i) => sshFailure(i)),
      ...Array.from({ length: SSH_FAILURES_PER_INSTANCE - 1 }, (_, i) =>
        sshFailure(i, SAMPLE_OTHER_EXTERNAL_IP, OTHER_INSTANCE_STREAM),
      ),
      ...Array.from({ length: SSH_FAILURES_PER_INSTANCE * 2 }, (_, i) =>
        secureLog(
          `sshd[${3000 + i}]: Accepted publickey for ec2-user from 10.20.2.9 port ${50000 + i} ssh2: RSA SHA256:abc`,
        ),
      ),
    ],
  },
  {
    id: 'cloudwatch-sudo-failures',
    title: 'sudo refused on an instance',
    description:
      'sudo refused a user on an instance: not in the sudoers file, or three wrong passwords. Someone on the host is trying to become root.',
    severity: 3,
    mitre: MITRE.sudo,
    logType: 'cloudwatch',
    query: {
      bool: {
        filter: [
          { match: { message: 'sudo' } },
          phrases('message', [
            'user NOT in sudoers',
            'incorrect password attempts',
            'NOT allowed to execute',
          ]),
        ],
      },
    },
    condition: { kind: 'threshold', minCount: 1 },
    scheduleMinutes: CLOUDWATCH_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDWATCH_LOOKBACK_MINUTES,
    positiveSamples: [
      secureLog(
        'sudo[4242]:   webapp : user NOT in sudoers ; TTY=pts/0 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash',
      ),
      secureLog(
        'sudo[4243]: ec2-user : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/usr/bin/cat /etc/shadow',
      ),
    ],
    negativeSamples: [
      secureLog(
        'sudo[4244]: ec2-user : TTY=pts/1 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx',
      ),
      secureLog(
        'sudo[4245]: pam_unix(sudo:session): session opened for user root(uid=0) by ec2-user(uid=1000)',
      ),
    ],
  },
  {
    id: 'cloudwatch-lambda-error-burst',
    title: 'Burst of Lambda function errors',
    description: `${LAMBDA_ERRORS_PER_FUNCTION} or more failed invocations of one function in the window (uncaught errors, ERROR-level JSON logs, timeouts, runtime crashes): the function is broken or being fed malicious input.`,
    severity: 4,
    mitre: MITRE.endpointDos,
    logType: 'cloudwatch',
    query: {
      bool: {
        filter: [
          { prefix: { logGroup: '/aws/lambda/' } },
          {
            bool: {
              should: [
                phrases('message', [
                  'Invoke Error',
                  'Task timed out after',
                  'Runtime.ExitError',
                  'Runtime.ImportModuleError',
                ]),
                { terms: { 'json.level': ['ERROR', 'FATAL'] } },
              ],
              minimum_should_match: 1,
            },
          },
        ],
      },
    },
    condition: { kind: 'bucket', field: 'logGroup', minCount: LAMBDA_ERRORS_PER_FUNCTION },
    scheduleMinutes: CLOUDWATCH_SCHEDULE_MINUTES,
    lookbackMinutes: CLOUDWATCH_LOOKBACK_MINUTES,
    positiveSamples: lambdaErrors(LAMBDA_ERRORS_PER_FUNCTION),
    negativeSamples: [
      ...lambdaErrors(LAMBDA_ERRORS_PER_FUNCTION - 1),
      ...lambdaErrors(LAMBDA_ERRORS_PER_FUNCTION - 1, '/aws/lambda/payments'),
      ...Array.from({ length: LAMBDA_ERRORS_PER_FUNCTION * 2 }, (_, i) =>
        lambdaLog(
          i % 2
            ? `REPORT RequestId: 5c2b2c35-${i} Duration: 12.5 ms Billed Duration: 13 ms Memory Size: 128 MB`
            : JSON.stringify({ level: 'INFO', message: 'no error: order accepted' }),
        ),
      ),
      // The same messages from a log group that is not a function's.
      ...lambdaErrors(LAMBDA_ERRORS_PER_FUNCTION, '/ecs/orders-worker'),
    ],
  },
];
