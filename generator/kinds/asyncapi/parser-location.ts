/** The Parser's location: the modules it stands on are resolved from there, as the Parser requires them. */
import { createRequire } from 'node:module';

export const fromParser = createRequire(createRequire(import.meta.url).resolve('@asyncapi/parser'));
