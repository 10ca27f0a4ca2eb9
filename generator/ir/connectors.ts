/** IR of the connectors kind. Filled in by the issue that adds the kind. */
export interface ConnectorsIR {
  readonly items: readonly unknown[];
}
