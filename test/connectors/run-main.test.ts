/** The connector as a program: start-up problems are one line and an exit code, never a stack. */
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runConnectorMain } from '../../runtime/connector/run-main.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('runConnectorMain', () => {
  it('says the embedded broker port is taken, with a hint, and sets exit code 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => (lines.push(String(text)), true));
    const previous = process.exitCode;
    try {
      const env = { CONNECTOR_NAME: 'taken', MQTT_BROKER_PORT: String(port), SERVER_PORT: '9' };
      expect(await runConnectorMain({}, { version: '1', actuators: {} }, { env, envFile: undefined })).toBeUndefined();
      expect(process.exitCode).toBe(1);
      expect(lines.join('')).toContain(`connector: cannot start the embedded MQTT broker on 127.0.0.1:${port}: the port is taken (hint: set MQTT_BROKER_HOST`);
    } finally {
      process.exitCode = previous;
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
