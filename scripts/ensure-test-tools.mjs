// Installs the system tools the test suites drive (Debian's chromium for the headless page
// tests) when they are missing. Under CI=true a tool that cannot be installed fails the run;
// elsewhere the suites that need it skip with a message.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const tools = [{ binary: '/usr/bin/chromium', debianPackage: 'chromium' }];

export function ensureTestTools() {
  const missing = tools.filter((tool) => !existsSync(tool.binary));
  if (missing.length === 0) return;
  const packages = missing.map((tool) => tool.debianPackage);
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) {
    const message = `missing test tools: ${packages.join(', ')} (install them with apt-get)`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(`${message}; the tests that need them will skip`);
    return;
  }
  console.log(`installing test tools with apt-get: ${packages.join(', ')} (one-time, a minute or two)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  if (update.status !== 0 || install.status !== 0) {
    if (process.env.CI === 'true') throw new Error(`could not install ${packages.join(', ')}`);
    console.warn(`could not install ${packages.join(', ')}; the tests that need them will skip`);
  }
}
