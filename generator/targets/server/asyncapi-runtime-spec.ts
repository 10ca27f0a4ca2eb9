/**
 * The parts of the runtime's `ApiSpec` that are plain data, from the IR: a security scheme as the
 * runtime checks it, and the query parameters it converts from text. The generated server.ts and
 * `sockgen mock` (its twin) both use them, so both check a handshake the same way.
 */
import type { AsyncApiDocumentIR, AsyncApiSecuritySchemeIR } from '../../ir/asyncapi.js';
import type { SecuritySchemeSpec } from '../../../runtime/socketio/spec.js';

/** Query properties the schema types as numbers or booleans (the runtime converts their text). */
export function queryTypes(doc: AsyncApiDocumentIR, schema: string): Record<string, 'number' | 'boolean'> | null {
  const node = doc.schemas.find((s) => s.name === schema)?.schema as { properties?: Record<string, { type?: unknown }> } | undefined;
  const types: Record<string, 'number' | 'boolean'> = {};
  for (const [name, property] of Object.entries(node?.properties ?? {})) {
    const type = property && typeof property === 'object' ? [property.type].flat() : [];
    if (type.includes('integer') || type.includes('number')) types[name] = 'number';
    else if (type.includes('boolean')) types[name] = 'boolean';
  }
  return Object.keys(types).length > 0 ? types : null;
}

/** A scheme of the IR as the runtime's security middleware checks it. */
export function runtimeScheme(scheme: AsyncApiSecuritySchemeIR): SecuritySchemeSpec {
  switch (scheme.type) {
    case 'httpBasic':
      return { type: 'http', scheme: 'basic' };
    case 'httpBearer':
      return { type: 'http', scheme: 'bearer', ...(scheme.bearerFormat ? { bearerFormat: scheme.bearerFormat } : {}) };
    case 'apiKey':
      return { type: 'apiKey', in: scheme.in!, name: scheme.keyName! };
    case 'oauth2':
      return { type: 'oauth2' };
    case 'handshake':
      return { type: 'handshake', scheme: scheme.handshake! };
  }
}
