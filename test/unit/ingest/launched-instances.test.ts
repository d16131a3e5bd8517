import { launchedInstances, launchedParsed } from '../../../functions/ingest/parsers/cloudtrail';

/*
 * launchedInstances counts a RunInstances response's items by walking its text instead of parsing
 * it. Here it is compared with the count read through JSON.parse, on responses that repeat or
 * escape names, nest brackets and commas in strings, or are not what the walk expects.
 */

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
    expect(counts).toEqual(cases.map(([request, response]) => launchedParsed(request, response)));
    expect(new Set(counts).size).toBeGreaterThan(5);
  });
});
