/**
 * `sockgen docs <asyncapi-file> [--port N] [--host addr]`: the AsyncAPI docs page of any document
 * (Socket.IO, plain WebSocket, MQTT) on its own, for documents no generated server serves, such
 * as an MQTT connector's. The same page and handler as the generated servers and `sockgen mock`
 * (runtime/socketio/docs.ts): `/docs`, `/docs/plain`, `/docs/asyncapi.json`. Document errors print
 * as MOCK001/MOCK002 diagnostics (exit 1); usage mistakes exit 2; SIGINT/SIGTERM stop it (exit 0).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatDiagnostic } from '../../core/diagnostics.js';
import type { FlagDefinition } from '../flags.js';
import { helpText, parseArgs, UsageError } from '../parse-args.js';
import { loadAsyncApi } from './mock.js';
import { stopSignal } from './stop-signal.js';
import type { Command } from './types.js';

const docsFlags: readonly FlagDefinition[] = [
  { name: 'port', value: 'number', description: 'TCP port to listen on (0 picks a free one; default 4000)' },
  { name: 'host', value: 'address', description: 'interface to listen on (default 127.0.0.1)' },
  { name: 'help', description: 'show this help' },
];
const usage = 'sockgen docs <asyncapi-file> [--port N] [--host addr]';
const summary = [
  'Serves the docs page of an AsyncAPI document (any protocol) on the AsyncAPI community renderer:',
  '/docs, a script-free /docs/plain and the resolved /docs/asyncapi.json.',
  'Exit codes: 0 stopped by a signal, 1 unreadable or invalid document or port in use, 2 usage error.',
].join('\n');

export const docsCommand: Command = {
  name: 'docs',
  summary: 'serve the docs page of an AsyncAPI document (Socket.IO, WebSocket, MQTT)',
  async run(argv) {
    const { flags, positionals } = parseArgs(argv, docsFlags);
    if (flags.help) {
      process.stdout.write(helpText(usage, summary, docsFlags) + '\n');
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`docs needs exactly one AsyncAPI file (usage: ${usage})`);
    const portText = typeof flags.port === 'string' ? flags.port : '4000';
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be a port number from 0 to 65535, got ${portText}`);
    const host = typeof flags.host === 'string' ? flags.host : '127.0.0.1';

    const loaded = await loadAsyncApi(positionals[0]!, false);
    for (const diagnostic of loaded.diagnostics) process.stderr.write(formatDiagnostic(diagnostic) + '\n');
    if (loaded.document === undefined) {
      process.stderr.write('sockgen: the document has errors; no docs were served.\n');
      return 1;
    }
    const { createDocsHandler } = await import('../../../runtime/socketio/docs.js');
    const handler = createDocsHandler({ document: loaded.document, base: '/' });
    const server = createServer((req, res) => {
      if (handler(req, res)) return;
      // `/` leads to the page; anything else is not ours.
      if ((req.url ?? '/').replace(/[?#].*$/, '') === '/') res.writeHead(302, { location: '/docs' }).end();
      else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(Number(portText), host, () => resolve());
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      process.stderr.write(`sockgen: cannot listen on ${host}:${portText} (${code ?? (error as Error).message}); choose another --port or --host\n`);
      return 1;
    }
    const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
    process.stdout.write(`sockgen docs at http://${shownHost}:${(server.address() as AddressInfo).port}/docs\n`);
    await stopSignal();
    await new Promise((resolve) => server.close(resolve));
    return 0;
  },
};
