/** A generator fuzz case and what came of it; shared by the driver process and the test. */

/** A small project: files by project-relative path, and the CLI arguments to run in it. */
export interface FuzzCase {
  readonly id: number;
  readonly kind: string;
  /** What was done to the seed, for the report of a failing case. */
  readonly mutations: readonly string[];
  readonly files: Readonly<Record<string, string>>;
  readonly argv: readonly string[];
  /** Set when the case contains a planted payload: import the generated modules afterwards. */
  readonly planted: boolean;
}

export type Outcome = 'generated' | 'spec-error' | 'usage-error' | 'crash' | 'hang' | 'malformed-diagnostic' | 'wrote-on-error' | 'wrote-outside' | 'leaked-secret' | 'payload-ran';

export interface CaseResult {
  readonly id: number;
  readonly outcome: Outcome;
  readonly exitCode: number | null;
  readonly ms: number;
  /** The first offending line or path, for outcomes that are defects. */
  readonly detail?: string;
  /** The case's project folder when it generated (kept for the type-check sample). */
  readonly project?: string;
}

/** Every line a run prints on stderr that is not a progress line must be a diagnostic of this shape. */
export const diagnosticLine = /^\S+:\d+:\d+ (error|warning|info) [A-Z]+\d+ .+$/;

/** Written outside the project; a spec that makes its text appear in output has read it. */
export const secretMarker = 'SOCKGEN-FUZZ-SECRET-4b1d';

/** Outcomes that are defects: any of them fails the suite. */
export const defects: readonly Outcome[] = ['crash', 'hang', 'malformed-diagnostic', 'wrote-on-error', 'wrote-outside', 'leaked-secret', 'payload-ran'];
