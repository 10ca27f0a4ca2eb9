/**
 * Starts and stops one instance of Cluster Node Session (specs/services/services.json, up to 1 at once);
 * in the original this was x11vnc_desktop_session.py. Written once by sockgen and never overwritten: it is yours.
 *
 * This example starts a local TCP echo service. A real one would start x11vnc on `options.host`
 * (e.g. over ssh) and answer that host and its port.
 */
import type { ServiceInstance, StartContext, TcpTarget } from 'sockgen/runtime/tunnel';
import type { ClusterNodeSessionOptions } from '../../generated/services/types.js';
import { startEchoServer, type EchoServer } from './echo-server.js';

/** One running instance; the tunnel server creates one object per websocket. */
export class X11vncDesktopSession implements ServiceInstance<ClusterNodeSessionOptions> {
  private server: EchoServer | undefined;

  /**
   * Launches instance `index` (0..count-1: pick ports, displays, GPUs from it) and answers the
   * host and port it listens on. The tunnel connects there once this resolves.
   */
  async start(_index: number, _options: ClusterNodeSessionOptions, _context: StartContext): Promise<TcpTarget> {
    this.server = await startEchoServer();
    return { host: this.server.host, port: this.server.port };
  }

  /** Stops what start() launched; called once when the websocket closes. */
  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}
