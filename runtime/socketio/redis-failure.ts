/**
 * Why a Redis connection failed, in words an operator can act on: refused (nothing listens),
 * authentication (wrong or missing password, ACL user), timeout (something listens but does not
 * answer as Redis, or the host drops packets), host not found; else the driver's own message.
 */

/** The reason and a hint for a connection error of ioredis (or of our own connect timeout). */
export function describeRedisFailure(error: unknown, hostPort: string): string {
  const e = error as { code?: string; message?: string } | undefined;
  const code = e?.code ?? '';
  const message = e?.message ?? String(error);
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message)) return `connection refused: nothing listens on ${hostPort} (is Redis running, and on this port?)`;
  if (/WRONGPASS|invalid username-password/i.test(message)) return `authentication failed: Redis refused the user or password in the URL (${message.trim()})`;
  if (/NOAUTH/i.test(message)) return 'authentication required: this Redis needs a password; put it in the URL (redis://:password@host:port or redis://user:password@host:port)';
  if (/AUTH.*without any password configured|ERR AUTH/i.test(message)) return `authentication failed: the URL gives a password but this Redis has none configured (${message.trim()})`;
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) return `timeout: no Redis answer from ${hostPort} in time (a firewall dropping packets, or something that is not Redis on that port?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(message)) return `host not found: ${hostPort} does not resolve`;
  return message;
}
