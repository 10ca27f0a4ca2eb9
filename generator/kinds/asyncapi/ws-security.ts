/**
 * Security of a plain WebSocket document. Every scheme becomes a typed hook; what a handshake
 * carries (Authorization header, api key in header/query/cookie, bearer token) is read for the
 * hook. Schemes a handshake cannot carry as such (`userPassword`, `X509`, `apiKey` in `user` /
 * `password`, as the AsyncAPI framework's own examples write) still generate: their hook gets the
 * upgrade request, with a warning (AAPI041) saying where the value must come from. Never an error.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import type { SpecFile } from '../../core/spec-file.js';
import type { AsyncApiSecurityRequirementIR } from '../../ir/asyncapi.js';
import type { WsSecuritySchemeIR } from '../../ir/asyncapi-ws.js';
import { readRequirements } from './security-requirements.js';
import { sourcePointer } from './source-pointer.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const whereFrom: Record<string, string> = {
  userPassword: "the URL's user and password (wss://user:pass@host), which Node clients send as an Authorization: Basic header (browsers send none)",
  X509: 'the TLS client certificate: pass createServer an https server with requestCert (and ca); the hook gets the peer certificate',
  user: "the URL's user part, which Node clients send in an Authorization: Basic header (browsers send none)",
  password: "the URL's password part, which Node clients send in an Authorization: Basic header (browsers send none)",
};

/** Reads the schemes security requirements name, for a plain WebSocket server. */
export class WsSecurityReader {
  readonly #schemes = new Map<string, WsSecuritySchemeIR>();
  readonly #components: Json;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    json: Json,
    readonly file: SpecFile,
    readonly pointerOf: (node: object) => string | undefined,
  ) {
    const components = isObject(json.components) ? json.components : {};
    this.#components = isObject(components.securitySchemes) ? components.securitySchemes : {};
  }

  #scheme(name: string, at: string): WsSecuritySchemeIR | undefined {
    const known = this.#schemes.get(name);
    if (known) return known;
    const scheme = this.#components[name];
    if (!isObject(scheme)) {
      this.diagnostics.push(this.file.diagnostic('error', 'AAPI009', at, `security scheme ${name} is not defined`, 'define it under components.securitySchemes'));
      return undefined;
    }
    const pointer = sourcePointer(this.file.data, this.pointerOf(scheme) ?? '');
    const source = { file: this.file.path, pointer };
    const description = typeof scheme.description === 'string' ? { description: scheme.description } : {};
    const type = String(scheme.type);
    const http = typeof scheme.scheme === 'string' ? scheme.scheme.toLowerCase() : '';
    const place = String(scheme.in);
    let ir: WsSecuritySchemeIR;
    if (type === 'http' && http === 'basic') ir = { name, type: 'httpBasic', carrier: 'handshake', ...description, source };
    else if ((type === 'http' && http === 'bearer') || type === 'openIdConnect' || type === 'oauth2')
      ir = { name, type: type === 'http' ? 'httpBearer' : 'oauth2', carrier: 'handshake', ...description, source };
    else if ((type === 'httpApiKey' || type === 'apiKey') && ['header', 'query', 'cookie'].includes(place) && typeof scheme.name === 'string')
      ir = { name, type: 'apiKey', in: place as 'header' | 'query' | 'cookie', keyName: scheme.name, carrier: 'handshake', ...description, source };
    else if (type === 'apiKey' && (place === 'user' || place === 'password')) ir = { name, type: 'apiKey', in: place, carrier: 'hook', ...description, source };
    else if (type === 'userPassword' || type === 'X509') ir = { name, type, carrier: 'hook', ...description, source };
    else ir = { name, type: 'other', carrier: 'hook', ...description, source };
    if (ir.carrier === 'hook') {
      const what = ir.type === 'apiKey' ? `apiKey in ${ir.in}` : type;
      const from = whereFrom[ir.type === 'apiKey' ? ir.in! : ir.type] ?? 'the upgrade request (headers, URL, TLS socket)';
      this.diagnostics.push(
        this.file.diagnostic('warning', 'AAPI041', pointer, `security scheme ${name} (${what}) has no handshake field of its own; its hook gets the upgrade request`, `the value must come from ${from}`),
      );
    }
    this.#schemes.set(name, ir);
    return ir;
  }

  /** Requirements from a 2.x (`[{name: scopes}]`) or 3.x (list of scheme objects) `security` list. */
  requirements(list: unknown, pointer: string): AsyncApiSecurityRequirementIR[][] {
    return readRequirements(list, pointer, this.#components, (name, at) => this.#scheme(name, at) !== undefined);
  }

  /** Every scheme some requirement used, sorted by name. */
  schemes(): WsSecuritySchemeIR[] {
    return [...this.#schemes.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}
