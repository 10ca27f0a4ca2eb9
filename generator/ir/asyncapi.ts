/** IR of the asyncapi kind. Filled in by the issue that adds the kind. */
export interface AsyncApiIR {
  readonly items: readonly unknown[];
}
