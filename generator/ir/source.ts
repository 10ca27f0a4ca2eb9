/** Where an IR node came from: a spec file (project-relative) and a JSON pointer into it. */
export interface SourceRef {
  readonly file: string;
  readonly pointer: string;
}
