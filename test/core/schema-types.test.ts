/** The shared JSON Schema → TypeScript renderer with hostile property names (found by the generator fuzzer). */
import { describe, expect, it } from 'vitest';
import { renderSchemaTypes } from '../../generator/targets/shared/schema-types.js';

describe('renderSchemaTypes', () => {
  it('keeps properties named like Object.prototype members (hasOwnProperty made json-schema-to-typescript throw)', async () => {
    const schema = JSON.parse('{"type":"object","properties":{"hasOwnProperty":{"type":"string"},"constructor":{"type":"number"},"__proto__":{"type":"boolean"},"plain":{"type":"object","properties":{"toString":{"type":"integer"}}}},"required":["hasOwnProperty"]}');
    const text = await renderSchemaTypes({ Reading: schema }, { rootName: 'Root' });
    expect(text).toMatch(/"hasOwnProperty": string/);
    expect(text).toMatch(/"constructor"\?: number/);
    expect(text).toMatch(/"__proto__"\?: boolean/);
    expect(text).toMatch(/"toString"\?: number/);
    expect(text).not.toContain('__sockgen_key_');
  });
});
