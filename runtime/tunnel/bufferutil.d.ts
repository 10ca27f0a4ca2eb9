// bufferutil (ws's native masking helper, a dependency) ships no types; the tunnel uses one call.
declare module 'bufferutil' {
  /** XORs `buffer` in place with the 4-byte `mask`, starting at the mask's first byte. */
  export function unmask(buffer: Buffer, mask: Buffer): void;
  const bufferUtil: { unmask: typeof unmask };
  export default bufferUtil;
}
