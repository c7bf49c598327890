// Who may talk to the server: Host allowlist (DNS rebinding), Origin allowlist for WebSocket upgrades
// (cross-site WebSocket hijacking), and the launch token required when the server listens beyond loopback.
//
// Decisions (DESIGN §5, the "safe defaults"):
// - Host: the request's Host name must be a loopback name, the address the server is bound to, one of the
//   machine's addresses when bound to a wildcard, or listed in `allowedHosts`. Anything else is 403,
//   whatever the token: a rebinding page cannot change the Host its browser sends.
// - Origin (WebSocket only; browsers always send it on a handshake): allowed when it is the page's own
//   origin (Origin host == Host header, already checked), or listed in `allowedOrigins` (the Vite dev
//   server's origins only under the dev command, never `start` or `serve`). `Origin: null` (sandboxed
//   iframes, file://) is 403.
// - No Origin at all means a non-browser client: allowed with a valid token, or — when no token is
//   required — from a loopback peer (a local program can already run anything as the user).
// - Token: 128 random bits, required for every /ws and /api call when set (always set when the bound
//   address is not loopback). Accepted as `?token=`, `Authorization: Bearer`, or the `forkscope_token`
//   cookie that a page load with a valid `?token=` sets (SameSite=Strict, HttpOnly).
// Which requests need what is decided by route, not here: see plugins/ (the /api and /ws plugins carry
// their own hooks; the Host check is global).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { networkInterfaces, hostname as osHostname } from 'node:os';
import { invalidOption, type HttpErrorCode } from '@forkscope/protocol';

export const TOKEN_COOKIE = 'forkscope_token';
/** Origins of the Vite dev server (apps/web), allowed by the dev command only. */
export const DEV_ORIGINS = ['http://127.0.0.1:5173', 'http://localhost:5173'] as const;

export interface AccessPolicyOptions {
  /** The address the server listens on. */
  host: string;
  /** A token to require; `undefined` = generate one when `host` is not loopback; `null` = never. */
  token?: string | null;
  /** Extra Host names to accept (without port). */
  allowedHosts?: readonly string[];
  /** Extra origins to accept on WebSocket upgrades, e.g. `http://127.0.0.1:5173`. */
  allowedOrigins?: readonly string[];
  /** Whether to accept the Vite dev server's origins. Default false: only the dev command turns it on. */
  devOrigins?: boolean;
}

export interface AccessPolicy {
  /** The required token, or null when none is required. */
  readonly token: string | null;
  readonly allowedHosts: ReadonlySet<string>;
  readonly allowedOrigins: ReadonlySet<string>;
}

export type AccessVerdict = { ok: true } | { ok: false; status: 401 | 403 | 503; code: HttpErrorCode; message: string };

export function isLoopbackHost(host: string): boolean {
  const h = stripBrackets(host).toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

export function isWildcardHost(host: string): boolean {
  const h = stripBrackets(host);
  return h === '0.0.0.0' || h === '::' || h === '';
}

export function generateToken(): string {
  return randomBytes(16).toString('hex');
}

export function createAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const { host } = options;
  if (typeof host !== 'string') invalidOption('host', 'a string', host);
  let token = options.token;
  if (token === undefined) token = isLoopbackHost(host) ? null : generateToken();
  if (token !== null && (typeof token !== 'string' || token.length < 16)) invalidOption('token', 'a string of at least 16 characters', token);
  if (token === null && !isLoopbackHost(host)) {
    throw new TypeError(`Listening on the non-loopback address \`${host}\` requires a token; got \`token: null\``);
  }

  const hosts = new Set<string>(['localhost', '127.0.0.1', '::1']);
  if (!isWildcardHost(host)) hosts.add(stripBrackets(host).toLowerCase());
  else {
    hosts.add(osHostname().toLowerCase());
    for (const list of Object.values(networkInterfaces())) {
      for (const address of list ?? []) hosts.add(address.address.toLowerCase());
    }
  }
  for (const h of options.allowedHosts ?? []) hosts.add(stripBrackets(h).toLowerCase());

  const origins = new Set<string>();
  if (options.devOrigins === true) for (const o of DEV_ORIGINS) origins.add(o);
  for (const o of options.allowedOrigins ?? []) origins.add(normalizeOrigin(o));

  return { token, allowedHosts: hosts, allowedOrigins: origins };
}

/** The host name of a Host header (`[::1]:3000` → `::1`), lower-cased; null when malformed. */
export function hostHeaderName(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end === -1) return null;
    const rest = value.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    return value.slice(1, end);
  }
  const match = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(value);
  return match ? match[1]! : null;
}

export function checkHost(policy: AccessPolicy, hostHeader: string | undefined): AccessVerdict {
  const name = hostHeaderName(hostHeader);
  if (name !== null && (policy.allowedHosts.has(name) || isLoopbackHost(name))) return { ok: true };
  return {
    ok: false,
    status: 403,
    code: 'ERR_FORBIDDEN_HOST',
    message: `Host ${JSON.stringify(hostHeader ?? null)} is not one this server answers to (DNS rebinding protection); allow it with --allowed-host`,
  };
}

export function checkToken(policy: AccessPolicy, presented: string | null): AccessVerdict {
  if (policy.token === null) return { ok: true };
  if (presented !== null && safeEqual(presented, policy.token)) return { ok: true };
  return {
    ok: false,
    status: 401,
    code: 'ERR_TOKEN',
    message: presented === null ? 'A token is required: open the URL the server printed at launch' : 'The token is wrong: open the URL the server printed at launch',
  };
}

export interface UpgradeFacts {
  origin: string | undefined;
  hostHeader: string | undefined;
  /** Whether a valid token came with the request (always false when none is required). */
  tokenPresented: boolean;
  remoteAddress: string | undefined;
}

export function checkUpgradeOrigin(policy: AccessPolicy, facts: UpgradeFacts): AccessVerdict {
  const { origin } = facts;
  if (origin === undefined || origin === '') {
    if (facts.tokenPresented) return { ok: true };
    if (policy.token === null && facts.remoteAddress !== undefined && isLoopbackHost(facts.remoteAddress)) return { ok: true };
    return forbiddenOrigin(origin, 'a client without Origin needs the token');
  }
  if (origin === 'null') return forbiddenOrigin(origin, 'opaque origins are never allowed');
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return forbiddenOrigin(origin, 'it is not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return forbiddenOrigin(origin, 'only http(s) pages may connect');
  if (facts.hostHeader !== undefined && parsed.host === facts.hostHeader.trim().toLowerCase()) return { ok: true };
  if (policy.allowedOrigins.has(parsed.origin)) return { ok: true };
  return forbiddenOrigin(origin, 'it is neither this server nor an allowed origin; allow it with --allowed-origin');
}

function forbiddenOrigin(origin: string | undefined, why: string): AccessVerdict {
  return {
    ok: false,
    status: 403,
    code: 'ERR_FORBIDDEN_ORIGIN',
    message: `WebSocket from Origin ${JSON.stringify(origin ?? null)} refused: ${why}`,
  };
}

function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    throw new TypeError(`Expected each allowed origin to be a URL like \`http://127.0.0.1:5173\`, got \`${origin}\``);
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
