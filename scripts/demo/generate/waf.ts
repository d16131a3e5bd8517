import { gzipSync } from 'node:zlib';
import { archiveBucketName } from '../../../config/archive-names';
import { MINUTE, byTime, compactTime, workloadAccount, type DemoContext, type DemoObject } from './context';
import { seededRandom } from './random';
import { wafRecord } from './waf-record';

/* AWS WAF logs of the shop's web ACL (newline-delimited JSON, as Firehose delivers them to S3). */

const REQUESTS = 80;
const PATHS = ['/', '/products', '/products/42', '/cart', '/checkout', '/api/orders', '/static/app.js'];
const COUNTRIES = ['IE', 'GB', 'DE', 'FR', 'US', 'NL'];
const SQL_INJECTION = '/products?id=42%27%20OR%20%271%27=%271';

function webAclArn(ctx: DemoContext, account: { id: string; region: string }): string {
  return (
    ctx.config.memberAccounts[0]?.wafWebAclArns[0] ??
    `arn:aws:wafv2:${account.region}:${account.id}:regional/webacl/shop-prod/a1b2c3d4-5678-90ab-cdef-111111111111`
  );
}

export function wafObjects(ctx: DemoContext): DemoObject[] {
  const account = workloadAccount(ctx.config);
  const acl = webAclArn(ctx, account);
  const aclName = acl.split('/')[2] ?? 'shop-prod';
  const random = seededRandom(4242);
  const entries = Array.from({ length: REQUESTS }, (_, i) => {
    // A few injection attempts, each from a different address: blocked, and below every alert threshold.
    const injection = i % 27 === 26;
    const uri = injection ? (SQL_INJECTION.split('?')[0] ?? '/') : random.pick(PATHS);
    return wafRecord({
      timestamp: ctx.now - random.int(1 * MINUTE, 55 * MINUTE),
      webaclId: acl,
      httpSourceId: `${account.id}-app/shop-prod/50dc6c495c0c9188`,
      ruleGroup: 'AWSManagedRulesSQLiRuleSet',
      blockedBy: injection
        ? {
            ruleId: 'SQLi_QUERYARGUMENTS',
            matchDetails: [
              { conditionType: 'SQL_INJECTION', location: 'QUERY_STRING', matchedData: ["'1'='1"] },
            ],
          }
        : undefined,
      clientIp: `192.0.2.${random.int(1, 250)}`,
      country: random.pick(COUNTRIES),
      uri,
      args: injection ? (SQL_INJECTION.split('?')[1] ?? '') : '',
      requestId: `1-6744${String(i).padStart(4, '0')}-0d1e2f3a4b5c6d7e8f901a2b`,
    });
  });
  const sorted = byTime(entries, (e) => e.timestamp);
  const key =
    `AWSLogs/${account.id}/WAFLogs/${account.region}/${aclName}/${new Date(ctx.now).toISOString().slice(0, 16).replace(/[-T:]/g, '/')}/` +
    `${account.id}_waflogs_${account.region}_${aclName}_${compactTime(ctx.now)}_demo.log.gz`;
  return [
    {
      bucket: archiveBucketName(ctx.config, 'waf'),
      key,
      body: gzipSync(sorted.map((e) => JSON.stringify(e)).join('\n') + '\n'),
      documents: { waf: sorted.length },
    },
  ];
}
