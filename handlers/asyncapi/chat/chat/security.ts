/**
 * Handlers of Chat (handlers/asyncapi/chat/chat/security.ts). Written once by sockgen, then yours: it is never
 * overwritten. The types come from the generated server, so a changed spec shows up here as
 * compile errors.
 */
import type { SecurityHooks } from '../../../../generated/asyncapi/chat/server.js';

/** Checks credentials of scheme botKey (apiKey): returns the caller's info or undefined to refuse. (`chat.security.bot_key`) */
export const botKey: SecurityHooks['botKey'] = (_apiKey, _requiredScopes) => {
  // TODO: check the credentials; returning undefined refuses every caller.
  return undefined;
};

/** Checks credentials of scheme memberToken (httpBearer): returns the caller's info or undefined to refuse. (`chat.security.member_token`) */
export const memberToken: SecurityHooks['memberToken'] = (
  _token,
  _requiredScopes,
  _bearerFormat,
) => {
  // TODO: check the credentials; returning undefined refuses every caller.
  return undefined;
};
