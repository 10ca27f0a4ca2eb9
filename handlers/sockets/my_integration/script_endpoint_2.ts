// Written once by sockgen for script `script_endpoint_2` of socket `my_integration`; yours to edit.
// sockgen never overwrites this file. Delete it to get a fresh stub.
import { scripts } from '../../../generated/sockets/my_integration/scripts.js';

/** What `script_endpoint_2` reads from the request (query and body). Narrow it to type the client. */
export type Args = Record<string, unknown>;

/**
 * Handles my_integration: POST my_endpoint_2 by running specs/sockets/my_integration/scripts/script2.py (python) under the original script
 * contract. To port it, replace this export with a TypeScript function (see the other stubs).
 */
export default scripts.scriptEndpoint2;
