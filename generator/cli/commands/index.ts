/** Every `sockgen <command>`. A first argument that is not a command name means `generate`. */
import { generateCommand } from './generate.js';
import { initCommand } from './init.js';
import { mockCommand } from './mock.js';
import { serveCommand } from './serve.js';
import { tunnelCommand } from './tunnel.js';
import { connectCommand } from './connect.js';
import type { Command } from './types.js';

export const commands: readonly Command[] = [generateCommand, serveCommand, mockCommand, tunnelCommand, connectCommand, initCommand];
