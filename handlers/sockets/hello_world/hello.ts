// Written once by sockgen for script `hello` of socket `hello_world`; yours to edit.
// sockgen never overwrites this file. Delete it to get a fresh stub.
import type { HelloWorldContext } from '../../../generated/sockets/hello_world/types.js';

/** What `hello` reads from the request (query and body). The typed client uses it too. */
export interface Args {
  /** Who to greet; "world" when absent. */
  name?: string;
}

/** Handles hello_world: GET hello. */
export default async function hello({ args }: HelloWorldContext<Args>) {
  return { message: `Hello, ${args.name ?? 'world'}!` };
}
