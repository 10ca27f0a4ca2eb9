/** Every output target, in the order they plan (order does not affect output: files are sorted). */
import type { Target } from './types.js';

export const targets: readonly Target[] = [];
