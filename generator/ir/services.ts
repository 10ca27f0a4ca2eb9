/** IR of the services kind. Filled in by the issue that adds the kind. */
export interface ServicesIR {
  readonly items: readonly unknown[];
}
