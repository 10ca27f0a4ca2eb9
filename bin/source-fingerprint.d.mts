// Types of source-fingerprint.mjs (plain JavaScript, run before any build).

/** What a build compiled: the hash of its inputs and their shape (count, path list, newest time). */
export interface SourceFingerprint {
  fingerprint: string;
  files: number;
  pathsHash: string;
  newestMtimeMs: number;
}
/** Folders and files whose content decides what dist/ holds and what the generator emits. */
export declare const fingerprintInputs: readonly string[];
/** The build stamp, relative to the package root. */
export declare const buildInfoPath: string;
/** Hash of every input's path and bytes, plus the shape the freshness check compares first. */
export declare function sourceFingerprint(root: string): SourceFingerprint;
/** The stamp of the last successful build, or undefined. */
export declare function readBuildInfo(root: string): SourceFingerprint | undefined;
/** True when dist/ was built from exactly the sources now beside it. */
export declare function distIsFresh(root: string): boolean;
