/** A `sockgen <command>`: its help line and how it runs (returns the exit code). */
export interface Command {
  readonly name: string;
  /** One line for the command list in `sockgen --help`. */
  readonly summary: string;
  run(argv: readonly string[]): Promise<number>;
}
