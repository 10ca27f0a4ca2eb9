/**
 * Dispatch of one direction's messages on a plain WebSocket: the discriminator is a property
 * every message fixes (`const` / one-value `enum`) to a different value (`event: ping`). With
 * none, the runtime tries the validators most specific first, and each pair of messages no fixed
 * value tells apart is reported as a warning (AAPI040) at the messages, naming the clash.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SpecFile } from '../../core/spec-file.js';
import type { WsDispatchIR } from '../../ir/asyncapi-ws.js';
import { specificity, type SchemaFacts } from './ws-schema-facts.js';

/** Names people give the field that tells messages apart, most usual first. */
const preferred = ['event', 'type', 'op', 'action', 'method', 'channel', 'kind', 'name', 'topic'];

/** One message as dispatch sees it: its name, what its schema fixes, and whether it is a JSON frame. */
export interface DispatchInput {
  readonly name: string;
  readonly facts: SchemaFacts;
  /** Binary and plain-text messages are not JSON frames: they never compete with JSON ones. */
  readonly binary: boolean;
  readonly pointer: string;
}

/** Decides the dispatch of `messages` (one direction of one address). */
export function chooseDispatch(messages: readonly DispatchInput[], file: SpecFile, where: string): { dispatch: WsDispatchIR; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const order = [...messages].sort((a, b) => specificity(b.facts) - specificity(a.facts) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((m) => m.name);
  const text = messages.filter((m) => !m.binary);
  if (text.length < 2) return { dispatch: { tags: [], order }, diagnostics };
  const candidates = [...text[0]!.facts.consts.keys()].filter((property) => {
    const values = text.map((m) => m.facts.consts.get(property));
    return values.every((v) => v !== undefined) && new Set(values).size === values.length;
  });
  candidates.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const discriminator = candidates[0];
  if (discriminator !== undefined) {
    const tags = text.map((m) => ({ message: m.name, value: m.facts.consts.get(discriminator)! })).sort((a, b) => (a.message < b.message ? -1 : 1));
    return { dispatch: { discriminator, tags, order }, diagnostics };
  }
  for (let i = 0; i < text.length; i++)
    for (let j = i + 1; j < text.length; j++) {
      const a = text[i]!;
      const b = text[j]!;
      const apart = [...a.facts.consts].some(([property, value]) => b.facts.consts.has(property) && b.facts.consts.get(property) !== value);
      if (!apart)
        diagnostics.push(
          file.diagnostic(
            'warning',
            'AAPI040',
            a.pointer,
            `messages ${a.name} and ${b.name} ${where} have no field with a fixed value that tells them apart; a frame goes to the first whose schema accepts it (${order.join(', ')})`,
            `give both a property with a different const, e.g. type: { const: ${a.name} } (the other is at ${b.pointer})`,
          ),
        );
    }
  return { dispatch: { tags: [], order }, diagnostics };
}

function rank(property: string): number {
  const index = preferred.indexOf(property);
  return index < 0 ? preferred.length : index;
}
