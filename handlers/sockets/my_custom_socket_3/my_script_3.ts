// Written once by sockgen for script `my_script_3` of socket `my_custom_socket_3`; yours to edit.
// sockgen never overwrites this file. Delete it to get a fresh stub.
import { scripts } from '../../../generated/sockets/my_custom_socket_3/scripts.js';

/** What `my_script_3` reads from the request (query and body). Narrow it to type the client. */
export type Args = Record<string, unknown>;

/**
 * Handles my_custom_socket_3: POST my_endpoint_3 by running its inline python source under the original script
 * contract. To port it, replace this export with a TypeScript function (see the other stubs).
 */
export default scripts.myScript3;
