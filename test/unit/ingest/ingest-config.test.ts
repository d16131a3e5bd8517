import { ingestConfigFromEnv, securityLakeAccessFromEnv } from '../../../functions/ingest/config';

/** What modules/ingestion-pipeline.ts sets, with Lambda's AWS_REGION; the lake's four when configured. */
const stackEnv = {
  OPENSEARCH_ENDPOINT: 'https://search-siem-abc123.eu-west-1.es.amazonaws.com',
  NAME_PREFIX: 'siem',
  ARCHIVE_ACCOUNT_ID: '222222222222',
  HOT_DAYS: '30',
  INDEX_PERIODS: 'cloudtrail=week,vpcflow=day',
  AWS_REGION: 'eu-west-1',
};
const lakeEnv = {
  SECURITY_LAKE_BUCKET: 'aws-security-data-lake-eu-west-1-abc',
  SECURITY_LAKE_REGION: 'eu-west-1',
  SECURITY_LAKE_ROLE_ARN: 'arn:aws:iam::555555555555:role/AmazonSecurityLake-siem',
  SECURITY_LAKE_EXTERNAL_ID: 'siem-external-id',
};

describe('ingestConfigFromEnv', () => {
  it('reads what the stack sets, with the defaults for the rest', () => {
    // Act
    const config = ingestConfigFromEnv(stackEnv);

    // Assess
    expect(config).toMatchObject({
      endpoint: stackEnv.OPENSEARCH_ENDPOINT,
      auth: 'sigv4',
      region: 'eu-west-1',
      indexPrefix: undefined,
      flushBytes: undefined,
      concurrency: undefined,
      securityLake: undefined,
      s3Endpoint: undefined,
      logLevel: 'info',
      guards: { bounds: { window: { hotDays: 30, futureDays: 1 }, maxDailyIndices: 3 } },
    });
    expect(config.periodOf('cloudtrail')).toBe('week');
    expect(config.periodOf('waf')).toBe('day');
    expect(config.guards.provenance.bucketKind('siem-222222222222-cloudtrail')).toBe('cloudtrail');
  });

  it('reads the Security Lake variables, the writer’s limits and a local run’s settings', () => {
    // Act
    const config = ingestConfigFromEnv({
      ...stackEnv,
      ...lakeEnv,
      OPENSEARCH_ENDPOINT: 'http://localhost:9200',
      INDEX_PERIODS: '',
      INDEX_PREFIX: 'test-siem-',
      BULK_FLUSH_BYTES: '1048576',
      BULK_CONCURRENCY: '8',
      S3_ENDPOINT: 'http://127.0.0.1:5000',
      LOG_LEVEL: 'debug',
    });

    // Assess
    expect(config).toMatchObject({
      auth: 'none',
      indexPrefix: 'test-siem-',
      flushBytes: 1_048_576,
      concurrency: 8,
      s3Endpoint: 'http://127.0.0.1:5000',
      logLevel: 'debug',
      securityLake: {
        bucket: lakeEnv.SECURITY_LAKE_BUCKET,
        region: 'eu-west-1',
        roleArn: lakeEnv.SECURITY_LAKE_ROLE_ARN,
        externalId: 'siem-external-id',
      },
    });
    expect(config.periodOf('cloudtrail')).toBe('day');
    expect(config.guards.provenance.bucketKind(lakeEnv.SECURITY_LAKE_BUCKET)).toBeDefined();
  });

  it.each([
    ['OPENSEARCH_ENDPOINT', { OPENSEARCH_ENDPOINT: undefined }, 'OPENSEARCH_ENDPOINT is not set'],
    [
      'a bare host name',
      { OPENSEARCH_ENDPOINT: 'search-x.es.amazonaws.com' },
      'OPENSEARCH_ENDPOINT must be an http(s) URL',
    ],
    ['an unknown auth', { OPENSEARCH_AUTH: 'iam' }, 'OPENSEARCH_AUTH must be sigv4 or none'],
    ['a malformed region', { AWS_REGION: 'Europe' }, 'AWS_REGION must be an AWS region'],
    [
      'a text BULK_FLUSH_BYTES',
      { BULK_FLUSH_BYTES: '5MB' },
      'BULK_FLUSH_BYTES must be a whole number ≥ 65536 and ≤ 104857600',
    ],
    [
      'a tiny BULK_FLUSH_BYTES',
      { BULK_FLUSH_BYTES: '100' },
      'BULK_FLUSH_BYTES must be a whole number ≥ 65536',
    ],
    [
      'a zero BULK_CONCURRENCY',
      { BULK_CONCURRENCY: '0' },
      'BULK_CONCURRENCY must be a whole number ≥ 1 and ≤ 64',
    ],
    ['a fractional HOT_DAYS', { HOT_DAYS: '1.5' }, 'HOT_DAYS must be a whole number ≥ 1'],
    ['an upper-case INDEX_PREFIX', { INDEX_PREFIX: 'SIEM-' }, 'INDEX_PREFIX must be lowercase'],
    [
      'a malformed INDEX_PERIODS',
      { INDEX_PERIODS: 'cloudtrail=year' },
      'INDEX_PERIODS: "cloudtrail=year" is not',
    ],
    ['a malformed S3_ENDPOINT', { S3_ENDPOINT: 'localhost:5000' }, 'S3_ENDPOINT must be an http(s) URL'],
    [
      'a malformed lake role',
      { ...lakeEnv, SECURITY_LAKE_ROLE_ARN: 'AmazonSecurityLake' },
      'SECURITY_LAKE_ROLE_ARN must be an IAM role ARN',
    ],
    [
      'part of the lake',
      { SECURITY_LAKE_BUCKET: 'lake' },
      'SECURITY_LAKE_REGION, SECURITY_LAKE_ROLE_ARN, SECURITY_LAKE_EXTERNAL_ID not set',
    ],
  ])('refuses to start with %s, naming the variable', (_name, change, error) => {
    // Act & Assess
    expect(() => ingestConfigFromEnv({ ...stackEnv, ...change })).toThrow(
      `ingestion function environment: ${error}`,
    );
  });

  it('names every variable at fault at once', () => {
    // Act & Assess
    expect(() => ingestConfigFromEnv({ ...stackEnv, HOT_DAYS: undefined, BULK_CONCURRENCY: 'many' })).toThrow(
      /HOT_DAYS is not set; BULK_CONCURRENCY must be a whole number/,
    );
  });
});

describe('securityLakeAccessFromEnv', () => {
  it('is undefined without the lake and complete with it', () => {
    expect(securityLakeAccessFromEnv(stackEnv)).toBeUndefined();
    expect(securityLakeAccessFromEnv(lakeEnv)).toEqual({
      bucket: lakeEnv.SECURITY_LAKE_BUCKET,
      region: 'eu-west-1',
      roleArn: lakeEnv.SECURITY_LAKE_ROLE_ARN,
      externalId: 'siem-external-id',
    });
  });
});
