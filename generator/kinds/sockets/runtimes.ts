/**
 * Script runtimes of the original platform (custom-sockets.md § socket.yml) and how sockgen runs
 * each: Python as a subprocess, Node in-process, sockgen's own `typescript` as a handler stub.
 */
import type { ScriptRunner } from '../../ir/types.js';

/** runtime_name → how sockgen runs it, or `unsupported` for runtimes it knows but cannot run. */
export const runtimeRunners: Readonly<Record<string, ScriptRunner | 'unsupported'>> = {
  'python_library_v5.0': 'python',
  'python_library_v4.2': 'python',
  python: 'python',
  python3: 'python',
  'nodejs_library_v1.0': 'node',
  'nodejs_library_v0.4': 'node',
  nodejs: 'node',
  typescript: 'typescript',
  golang: 'unsupported',
  ruby: 'unsupported',
  php: 'unsupported',
  swift: 'unsupported',
};

/** Runtime names a user may write, for the "unknown runtime" hint. */
export const validRuntimeNames = Object.keys(runtimeRunners)
  .filter((name) => runtimeRunners[name] !== 'unsupported')
  .sort();

/** Runtimes of the original platform that sockgen recognises but cannot run. */
export const unsupportedRuntimeNames = Object.keys(runtimeRunners)
  .filter((name) => runtimeRunners[name] === 'unsupported')
  .sort();
