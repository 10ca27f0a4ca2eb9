/** Names from specs made legal: identifiers, reserved words, collisions. */
import { describe, expect, it } from 'vitest';
import { camelCase, kebabCase, pascalCase, uniqueNames } from '../../generator/core/naming.js';

describe('naming', () => {
  it.each([
    ['my_endpoint_1', 'myEndpoint1', 'MyEndpoint1', 'my-endpoint-1'],
    ['get-stats', 'getStats', 'GetStats', 'get-stats'],
    ['HTTPServer', 'httpServer', 'HttpServer', 'http-server'],
    ['user sign up', 'userSignUp', 'UserSignUp', 'user-sign-up'],
    ['1st', '_1st', '_1st', '1st'],
    ['delete', 'delete_', 'Delete', 'delete'],
    ['class', 'class_', 'Class', 'class'],
    ['Ünïcode näme', 'unicodeName', 'UnicodeName', 'unicode-name'],
    ['', 'unnamed', 'Unnamed', 'unnamed'],
    ['---', 'unnamed', 'Unnamed', 'unnamed'],
  ])('%j → %s / %s / %s', (raw, camel, pascal, kebab) => {
    expect(camelCase(raw)).toBe(camel);
    expect(pascalCase(raw)).toBe(pascal);
    expect(kebabCase(raw)).toBe(kebab);
  });

  it('suffixes collisions in the order given and avoids taken names', () => {
    const names = uniqueNames(['get-stats', 'get_stats', 'getStats', 'other'], camelCase, ['other']);
    expect([...names.values()]).toEqual(['getStats', 'getStats2', 'getStats3', 'other2']);
  });
});
