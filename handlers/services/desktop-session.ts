/**
 * Starts and stops one instance of Local Software Session (specs/services/services.json, up to 2 at once);
 * in the original this was desktop_session.py. Written once by sockgen and never overwritten: it is yours.
 *
 * This example starts a TCP echo service per instance. A real desktop session would start a VNC
 * server on display `display_base + index` (port 5900 + display) and answer that port.
 */
import type { ServiceInstance, StartContext, TcpTarget } from 'sockgen/runtime/tunnel';
import type { LocalSoftwareSessionOptions } from '../../generated/services/types.js';
import { startEchoServer, type EchoServer } from './echo-server.js';

/** One running instance; the tunnel server creates one object per websocket. */
export class DesktopSession implements ServiceInstance<LocalSoftwareSessionOptions> {
  private server: EchoServer | undefined;

  /** The display this instance would use; kept to show how `index` picks resources. */
  display: number | undefined;

  /**
   * Launches instance `index` (0..count-1: pick ports, displays, GPUs from it) and answers the
   * host and port it listens on. The tunnel connects there once this resolves.
   */
  async start(index: number, options: LocalSoftwareSessionOptions, _context: StartContext): Promise<TcpTarget> {
    this.display = options.display_base + index;
    this.server = await startEchoServer();
    return { host: this.server.host, port: this.server.port };
  }

  /** Stops what start() launched; called once when the websocket closes. */
  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}
