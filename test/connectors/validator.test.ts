/** validatorFor, which every typed MQTT client checks payloads with: boolean schemas included. */
import { describe, expect, it } from 'vitest';
import { validatorFor } from '../../runtime/mqtt-client/validator.js';

describe('validatorFor', () => {
  it('accepts the boolean schemas `true` (anything) and `false` (nothing)', () => {
    expect(validatorFor(true)({ any: 'thing' })).toBeUndefined();
    expect(validatorFor(false)(1)).toMatch(/must not be present/);
  });

  it('checks object schemas and names the problem', () => {
    const check = validatorFor({ type: 'number', minimum: 5 });
    expect(check(6)).toBeUndefined();
    expect(check(1)).toMatch(/payload must be >= 5/);
  });
});
