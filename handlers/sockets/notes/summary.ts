// Written once by sockgen for script `summary` of socket `notes`; yours to edit.
// sockgen never overwrites this file. Delete it to get a fresh stub.
import { scripts } from '../../../generated/sockets/notes/scripts.js';

/** What `summary` reads from the request (query and body). Narrow it to type the client. */
export type Args = Record<string, unknown>;

/**
 * Handles notes: every method of summary by running specs/sockets/notes/scripts/summary.js (node) under the original script
 * contract. To port it, replace this export with a TypeScript function (see the other stubs).
 */
export default scripts.summary;
