import { launchedInstances } from '../../../functions/ingest/parsers/cloudtrail';

/*
 * launchedInstances counts a RunInstances response's items by walking its text instead of parsing
 * it. Here it is compared with the count read through JSON.parse, on responses that repeat or
 * escape names, nest brackets and commas in strings, or are not what the walk expects.
 */

type InstancesSet = { instancesSet?: { items?: Array<{ minCount?: unknown } | null> } } | null;

/** The count read through JSON.parse: the reference. */
function referenceCount(request?: string, response?: string): number {
  try {
    const parsed = response ? (JSON.parse(response) as InstancesSet) : null;
    const launched = parsed?.instancesSet?.items;
    if (Array.isArray(launched) && launched.length > 0) return launched.length;
    const asked = (request ? (JSON.parse(request) as InstancesSet) : null)?.instancesSet?.items;
    const min = Array.isArray(asked)
      ? asked.reduce((n, item) => n + (Number.isInteger(item?.minCount) ? Number(item?.minCount) : 0), 0)
      : 0;
    return Math.max(1, min);
  } catch {
    return 1;
  }
}

const item = (i: number) =>
  JSON.stringify({ instanceId: `i-${i}`, note: `a,b]}{[ "q\\" ${i}`, tags: [[1, 2], {}] });
const items = (n: number) => `[${Array.from({ length: n }, (_, i) => item(i)).join(',')}]`;

const RESPONSES: Array<string | undefined> = [
  undefined,
  'null',
  '{}',
  '[]',
  '"text"',
  `{"instancesSet":{"items":${items(3)}}}`,
  `{ "requestId" : "r" , "instancesSet" : { "items" : ${items(2)} } }`,
  `{"instancesSet":{"items":[]}}`,
  `{"instancesSet":{"items":[ ]}}`,
  `{"instancesSet":{"items":{"0":1}}}`,
  `{"instancesSet":{"items":null}}`,
  `{"instancesSet":[{"items":${items(2)}}]}`,
  `{"instancesSet":"items"}`,
  `{"instancesSet":{"items":${items(1)}},"instancesSet":{"items":${items(4)}}}`,
  `{"instancesSet":{"items":${items(4)}},"instancesSet":null}`,
  `{"instancesSet":{"items":${items(2)},"items":[]}}`,
  `{"instances\\u0053et":{"item\\u0073":${items(5)}}}`,
  `{"instancesSet\\"":{"items":${items(2)}}}`,
  `{"x":{"instancesSet":{"items":${items(2)}}}}`,
  `{"instancesSet":{"items":[1,"two",null,true,{"a":[]},[],-0.5e3]}}`,
  `{"instancesSet":{"items":["]","[",",","\\\\"]}}`,
  `{"instancesSet":{"items":${items(40)}}}`,
];
const REQUESTS: Array<string | undefined> = [
  undefined,
  '{"instancesSet":{"items":[{"minCount":4},{"minCount":2.5},{"minCount":"3"},null,{"minCount":3}]}}',
  '{"instancesSet":{"items":[]}}',
  'null',
];

describe('launchedInstances', () => {
  it('counts what JSON.parse finds, response by response', () => {
    // Arrange
    const cases = RESPONSES.flatMap((response) => REQUESTS.map((request) => [request, response] as const));

    // Act
    const counts = cases.map(([request, response]) => launchedInstances(request, response));

    // Assess
    expect(counts).toEqual(cases.map(([request, response]) => referenceCount(request, response)));
    expect(new Set(counts).size).toBeGreaterThan(5);
  });
});
