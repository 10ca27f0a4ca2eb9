/**
 * Security requirement lists, read the same way for the Socket.IO and the plain WebSocket
 * targets: 2.x/`x-security` style (`[{name: [scopes]}]`, each entry an alternative whose schemes
 * must all pass) or 3.x style (a list of scheme objects, each an alternative; oauth2 scopes from
 * the scheme's `scopes`). `{}` in a list means "no security" is one alternative.
 */
import type { AsyncApiSecurityRequirementIR } from '../../ir/asyncapi.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The alternatives of `list`; `accept(name, pointer)` reads the scheme (reporting what it must)
 * and says whether it can be checked; schemes it refuses are left out of their alternative.
 */
export function readRequirements(list: unknown, pointer: string, schemes: Json, accept: (name: string, at: string) => boolean): AsyncApiSecurityRequirementIR[][] {
  if (!Array.isArray(list)) return [];
  const alternatives: AsyncApiSecurityRequirementIR[][] = [];
  list.forEach((entry, index) => {
    if (!isObject(entry)) return;
    const at = `${pointer}/${index}`;
    // 3.x lists the (resolved) scheme objects themselves: find the component that is this object.
    const asScheme = Object.entries(schemes).find(([, value]) => value === entry)?.[0];
    const pairs: [string, unknown][] = asScheme ? [[asScheme, entry.scopes]] : Object.entries(entry);
    const alternative: AsyncApiSecurityRequirementIR[] = [];
    for (const [name, scopes] of pairs) if (accept(name, at)) alternative.push({ scheme: name, scopes: Array.isArray(scopes) ? scopes.map(String) : [] });
    alternative.sort((a, b) => (a.scheme < b.scheme ? -1 : 1));
    alternatives.push(alternative);
  });
  return alternatives;
}
