/**
 * Security hooks for `sockgen mock`, which has no user hooks: each accepts any non-empty
 * credential of its scheme's kind, so the generated server's own security middleware still
 * refuses a client that sends none (or the wrong kind) exactly as the real server would.
 */
import { handshakeCredential, type ApiKeyInfoHook, type BasicInfoHook, type BearerInfoHook, type HandshakeInfoHook, type OAuth2Hooks, type SecurityHook } from './security.js';
import type { SecuritySchemeSpec } from './spec.js';

/** One accepting hook per scheme; what it returns becomes `socket.data.security` as usual. */
export function mockSecurityHooks(schemes: Readonly<Record<string, SecuritySchemeSpec>>): Record<string, SecurityHook> {
  const hooks: Record<string, SecurityHook> = {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const accepted = { mock: name };
    if (scheme.type === 'http' && scheme.scheme === 'basic') hooks[name] = ((username) => (username ? accepted : undefined)) satisfies BasicInfoHook;
    else if (scheme.type === 'http') hooks[name] = ((token) => (token ? accepted : undefined)) satisfies BearerInfoHook;
    else if (scheme.type === 'apiKey') hooks[name] = ((key) => (key ? accepted : undefined)) satisfies ApiKeyInfoHook;
    // No token server to ask: any token grants whatever scopes are required.
    else if (scheme.type === 'oauth2') hooks[name] = { tokenInfo: (token) => (token ? accepted : undefined), scopeValidate: () => true } satisfies OAuth2Hooks;
    else hooks[name] = ((handshake, _scopes, certificate) => (handshakeCredential(handshake, certificate, scheme) === undefined ? undefined : accepted)) satisfies HandshakeInfoHook;
  }
  return hooks;
}
