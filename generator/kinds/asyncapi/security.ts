/**
 * Security: which schemes guard each namespace (the server's `security`, or the channel's
 * `x-security`), and how each scheme is checked (Asynction's `x-*Func` extensions).
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SpecFile } from '../../core/spec-file.js';
import type { AsyncApiSecurityRequirementIR, AsyncApiSecuritySchemeIR } from '../../ir/asyncapi.js';
import { readRequirements } from './security-requirements.js';
import { sourcePointer } from './source-pointer.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a Socket.IO client puts what a scheme without a handshake field of its own needs. */
const handshakeSources: Record<NonNullable<AsyncApiSecuritySchemeIR['handshake']>, string> = {
  userPassword: "the client's auth payload (io(url, { auth: { username, password } })) or an Authorization: Basic header (Node clients' extraHeaders)",
  X509: 'the TLS client certificate: run the server over https with requestCert (and ca); the hook gets the peer certificate',
  user: "the client's auth payload (io(url, { auth: { username } })) or the user part of an Authorization: Basic header",
  password: "the client's auth payload (io(url, { auth: { password } })) or the password part of an Authorization: Basic header",
};

const dottedPath = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Reads security requirements and the schemes they name, reporting what Socket.IO cannot check. */
export class SecurityReader {
  readonly #schemes = new Map<string, AsyncApiSecuritySchemeIR>();
  readonly #components: Json;
  readonly #file: SpecFile;
  readonly #pointerOf: (node: object) => string | undefined;
  readonly diagnostics: Diagnostic[] = [];

  constructor(json: Json, file: SpecFile, pointerOf: (node: object) => string | undefined) {
    const components = isObject(json.components) ? json.components : {};
    this.#components = isObject(components.securitySchemes) ? components.securitySchemes : {};
    this.#file = file;
    this.#pointerOf = pointerOf;
  }

  #where(node: object): string {
    return sourcePointer(this.#file.data, this.#pointerOf(node) ?? '');
  }

  #function(scheme: Json, key: string): { path: string; source: { file: string; pointer: string } } | undefined {
    const value = scheme[key];
    if (value === undefined) return undefined;
    const pointer = `${this.#where(scheme)}/${key}`;
    if (typeof value !== 'string' || !dottedPath.test(value)) {
      this.diagnostics.push(this.#file.diagnostic('error', 'AAPI007', pointer, `${key} must be a dotted path to a function`, 'e.g. my_api.security.basic_info'));
      return undefined;
    }
    return { path: value, source: { file: this.#file.path, pointer } };
  }

  /** The scheme named `name`, read once; undefined (with an error) when it is undefined or of a type Socket.IO cannot check. */
  #scheme(name: string, at: string): AsyncApiSecuritySchemeIR | undefined {
    const known = this.#schemes.get(name);
    if (known) return known;
    const scheme = this.#components[name];
    if (!isObject(scheme)) {
      this.diagnostics.push(this.#file.diagnostic('error', 'AAPI009', at, `security scheme ${name} is not defined`, 'define it under components.securitySchemes'));
      return undefined;
    }
    const pointer = this.#where(scheme);
    const source = { file: this.#file.path, pointer };
    const description = typeof scheme.description === 'string' ? { description: scheme.description } : {};
    let ir: AsyncApiSecuritySchemeIR | undefined;
    const type = scheme.type;
    const httpScheme = typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : '';
    if (type === 'http' && httpScheme === 'basic') {
      const hook = this.#function(scheme, 'x-basicInfoFunc');
      ir = { name, type: 'httpBasic', ...description, ...(hook ? { hook } : {}), source };
    } else if (type === 'http' && httpScheme === 'bearer') {
      // Asynction's code and fixtures also say `x-bearerInfoFunc`: the same hook.
      const hook = this.#function(scheme, 'x-basicBearerInfoFunc') ?? this.#function(scheme, 'x-bearerInfoFunc');
      const bearerFormat = typeof scheme.bearerFormat === 'string' ? { bearerFormat: scheme.bearerFormat } : {};
      ir = { name, type: 'httpBearer', ...bearerFormat, ...description, ...(hook ? { hook } : {}), source };
    } else if ((type === 'httpApiKey' || type === 'apiKey') && ['header', 'query', 'cookie'].includes(String(scheme.in)) && typeof scheme.name === 'string') {
      const hook = this.#function(scheme, 'x-apiKeyInfoFunc');
      ir = { name, type: 'apiKey', in: scheme.in as 'header' | 'query' | 'cookie', keyName: scheme.name, ...description, ...(hook ? { hook } : {}), source };
    } else if (type === 'oauth2') {
      const hook = this.#function(scheme, 'x-tokenInfoFunc');
      const scopeHook = this.#function(scheme, 'x-scopeValidateFunc');
      ir = { name, type: 'oauth2', ...description, ...(hook ? { hook } : {}), ...(scopeHook ? { scopeHook } : {}), source };
    } else if ((type === 'apiKey' && (scheme.in === 'user' || scheme.in === 'password')) || type === 'userPassword' || type === 'X509') {
      // No handshake field carries these as such: a typed hook reads the handshake, and a warning
      // (as the plain-WebSocket target's AAPI041) says where the value must come from.
      const handshake = type === 'apiKey' ? (scheme.in as 'user' | 'password') : (type as 'userPassword' | 'X509');
      const what = type === 'apiKey' ? `apiKey in ${handshake}` : handshake;
      this.diagnostics.push(
        this.#file.diagnostic('warning', 'AAPI041', pointer, `security scheme ${name} (${what}) has no Socket.IO handshake field of its own; its hook gets the handshake`, `the value must come from ${handshakeSources[handshake]}`),
      );
      ir = { name, type: 'handshake', handshake, ...description, source };
    } else {
      this.diagnostics.push(
        this.#file.diagnostic(
          'error',
          'AAPI009',
          pointer,
          `security scheme ${name} (${String(type)}${httpScheme ? ' ' + httpScheme : ''}${scheme.in ? ' in ' + String(scheme.in) : ''}) cannot be checked on a Socket.IO handshake`,
          'use http basic or bearer, httpApiKey in a header, query or cookie, oauth2, userPassword, X509 or apiKey in user/password',
        ),
      );
      return undefined;
    }
    this.#schemes.set(name, ir);
    return ir;
  }

  /** Requirements from a `security` list (see security-requirements.ts), reporting what Socket.IO cannot check. */
  requirements(list: unknown, pointer: string): AsyncApiSecurityRequirementIR[][] {
    return readRequirements(list, pointer, this.#components, (name, at) => this.#scheme(name, at) !== undefined);
  }

  /** Every scheme some requirement used, sorted by name. */
  schemes(): AsyncApiSecuritySchemeIR[] {
    return [...this.#schemes.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}
