/** Raw HTTP over TCP for the run-time fuzz suites: malformed requests must reach the server too. */
import { connect } from 'node:net';

/**
 * Writes raw bytes to 127.0.0.1:`port` (then half-closes), and resolves the answer's status code,
 * 'closed' (the server closed without an HTTP answer) or 'hang' (nothing within `limitMs`).
 */
export function rawExchange(port: number, bytes: Buffer, limitMs = 3000): Promise<number | 'closed' | 'hang'> {
  return new Promise((resolve) => {
    const client = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      client.destroy();
      resolve('hang');
    }, limitMs);
    client.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    client.on('error', () => undefined);
    client.on('close', () => {
      clearTimeout(timer);
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      resolve(match ? Number(match[1]) : 'closed');
    });
    client.end(bytes);
  });
}
