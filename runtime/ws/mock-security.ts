/**
 * Security hooks for `sockgen mock` of a plain WebSocket document, which has no user hooks: each
 * accepts any non-empty credential of its scheme's kind, so the server's own security check still
 * refuses an upgrade that carries none (401), as the generated server would.
 */
import { basicCredentials, type WsSecurityContext, type WsSecuritySchemeSpec } from './security.js';

/** Where a scheme without a handshake field of its own (a `hook` scheme) takes its value in the mock. */
export type WsMockHookCredential = 'basic user and password' | 'basic user' | 'basic password' | 'none';

/** One accepting hook per scheme; `hookCredentials` says what a `hook` scheme needs (default: nothing). */
export function wsMockSecurityHooks(
  schemes: Readonly<Record<string, WsSecuritySchemeSpec>>,
  hookCredentials: Readonly<Record<string, WsMockHookCredential>> = {},
): Record<string, (...args: never[]) => unknown> {
  const hooks: Record<string, (...args: never[]) => unknown> = {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const accepted = { mock: name };
    if (scheme.type === 'httpBasic') hooks[name] = (user: string) => (user ? accepted : undefined);
    else if (scheme.type !== 'hook') hooks[name] = (credential: unknown) => (credential ? accepted : undefined);
    else
      hooks[name] = (context: WsSecurityContext) => {
        // userPassword and apiKey in user/password come from the URL's user:pass@ (Authorization: Basic).
        const need = hookCredentials[name] ?? 'none';
        if (need === 'none') return accepted;
        const [user, password] = basicCredentials(context.request) ?? ['', ''];
        const ok = need === 'basic user' ? user : need === 'basic password' ? password : user && password;
        return ok ? accepted : undefined;
      };
  }
  return hooks;
}
