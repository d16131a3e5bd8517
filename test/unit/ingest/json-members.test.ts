import { firstMember, lastMember, topLevelMembers } from '../../../functions/ingest/json-fields';

/*
 * firstMember and lastMember read one member without the member object topLevelMembers builds.
 * firstMember is compared with topLevelMembers (first of duplicate names, names as written),
 * lastMember with JSON.parse (last of duplicate names, names decoded), on objects with repeated
 * and escaped names, strings holding brackets and quotes, whitespace, and cut-off text.
 */

const OBJECTS = [
  '{}',
  '{ }',
  '{"clientIp":"1.2.3.4","country":"FR"}',
  '{"country":"FR","clientIp":"1.2.3.4"}',
  '{ "clientIp" : "a" , "clientIp" : "b" }',
  '{"client\\u0049p":"escaped","clientIp":"plain"}',
  '{"clientIp\\"":"q","x":{"clientIp":"nested"},"clientIp":["]",{"}":"{"}]}',
  '{"a":[1,{"b":"]}"}],"clientIp":null,"c":true,"clientIp":-1.5e3}',
  '{"headers":[{"name":"clientIp","value":"h"}],"clientIp":"\\\\\\""}',
  '{"items":[],"items":[1,2],"other":"x"}',
  '{"instances\\u0053et":{"items":[1]},"instancesSet":{"items":[1,2,3]}}',
  '[1,2]',
  '"text"',
  'null',
];
const NAMES = ['clientIp', 'items', 'instancesSet', 'c', 'missing'];

describe('firstMember', () => {
  it('finds what topLevelMembers finds, whole and cut off anywhere', () => {
    // Arrange
    const texts = OBJECTS.flatMap((o) => Array.from({ length: o.length + 1 }, (_, n) => o.slice(0, n)));
    const cases = texts.flatMap((text) => NAMES.map((name) => [text, name] as const));

    // Act
    const found = cases.map(([text, name]) => firstMember(text, name));

    // Assess
    expect(found).toEqual(cases.map(([text, name]) => topLevelMembers(text, new Set([name]))[name]));
    expect(found.filter((f) => f !== undefined).length).toBeGreaterThan(100);
  });
});

describe('lastMember', () => {
  it('finds the member JSON.parse keeps, and undefined when there is none', () => {
    // Arrange
    const cases = OBJECTS.flatMap((text) => NAMES.map((name) => [text, name] as const));
    const reference = ([text, name]: readonly [string, string]): unknown => {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      return Object.hasOwn(parsed, name) ? (parsed as Record<string, unknown>)[name] : undefined;
    };

    // Act
    const found = cases.map(([text, name]) => {
      const raw = lastMember(text, name);
      return typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
    });

    // Assess
    expect(found).toEqual(cases.map(reference));
  });

  it('says null for a cut-off object rather than guess', () => {
    expect(lastMember('{"items":[1,2]', 'items')).toBeNull();
    expect(lastMember('{"items":[1,2],', 'items')).toBeNull();
    expect(lastMember('{"items" [1]}', 'items')).toBeNull();
  });
});
