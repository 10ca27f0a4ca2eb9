/**
 * Headless Chromium for the browser tests (docs, ws, services). Skips with a message when
 * /usr/bin/chromium is missing; under CI=true a missing browser fails the run instead.
 */
import { existsSync } from 'node:fs';

export const chromiumPath = '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** True when the browser tests can run. */
export function requireChromium(): boolean {
  if (existsSync(chromiumPath)) return true;
  const message = `Chromium is not installed at ${chromiumPath}`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI machines must have it`);
  console.warn(`skipping browser tests: ${message}`);
  return false;
}
