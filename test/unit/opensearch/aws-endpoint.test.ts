import { awsEndpointOf, awsRegionOf, isAwsEndpoint } from '../../../opensearch/aws-endpoint';

describe('awsEndpointOf', () => {
  it.each([
    ['https://search-siem-abc123.eu-west-1.es.amazonaws.com', 'eu-west-1', 'es'],
    ['https://search-siem-abc123.eu-west-1.es.amazonaws.com/_dashboards', 'eu-west-1', 'es'],
    ['https://search-siem-abc123.us-gov-west-1.es.amazonaws.com', 'us-gov-west-1', 'es'],
    ['https://vpc-siem-abc123.us-gov-east-1.es.amazonaws.com:443', 'us-gov-east-1', 'es'],
    ['https://vpc-siem-abc123.ap-southeast-5.es.amazonaws.com', 'ap-southeast-5', 'es'],
    ['https://search-siem-abc123.cn-north-1.es.amazonaws.com.cn', 'cn-north-1', 'es'],
    ['https://vpc-siem-abc123.cn-northwest-1.es.amazonaws.com.cn', 'cn-northwest-1', 'es'],
    ['https://0a1b2c3d4e5f.us-east-1.aoss.amazonaws.com', 'us-east-1', 'aoss'],
    ['https://0a1b2c3d4e5f.us-gov-west-1.aoss.amazonaws.com', 'us-gov-west-1', 'aoss'],
    ['https://search-siem-abc123.aos.eu-central-1.on.aws', 'eu-central-1', 'es'],
    ['search-siem-abc123.il-central-1.es.amazonaws.com', 'il-central-1', 'es'],
    ['HTTPS://SEARCH-SIEM-ABC123.EU-WEST-1.ES.AMAZONAWS.COM', 'eu-west-1', 'es'],
  ])('reads %s as %s, service %s', (endpoint, region, service) => {
    expect(awsEndpointOf(endpoint)).toEqual({ region, service });
    expect(awsRegionOf(endpoint)).toBe(region);
    expect(isAwsEndpoint(endpoint)).toBe(true);
  });

  it.each([
    'http://localhost:9200',
    'https://opensearch.example.com',
    // The region must be in the host name, not in its path or a look-alike domain.
    'https://proxy.example.com/search-x.eu-west-1.es.amazonaws.com',
    'https://search-x.eu-west-1.es.amazonaws.com.attacker.example',
    'https://s3.eu-west-1.amazonaws.com',
    'not a url at all',
    '',
  ])('finds no AWS endpoint in %j', (endpoint) => {
    expect(awsEndpointOf(endpoint)).toBeUndefined();
    expect(isAwsEndpoint(endpoint)).toBe(false);
  });
});
