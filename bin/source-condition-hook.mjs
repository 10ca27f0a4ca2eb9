// Module hook: prefer the `sockgen-source` export condition, so `sockgen/runtime` loads the
// TypeScript sources when sockgen runs through its own CLI.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('sockgen-source')
    ? context.conditions
    : ['sockgen-source', ...context.conditions];
  return nextResolve(specifier, { ...context, conditions });
}
