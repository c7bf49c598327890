import { describe, expect, it } from 'vitest';
import {
  checkHost,
  checkToken,
  checkUpgradeOrigin,
  createAccessPolicy,
  hostHeaderName,
} from '../../src/security/access-policy.js';

const loopback = createAccessPolicy({ host: '127.0.0.1', devOrigins: true });
const token = 'a'.repeat(32);
const remote = createAccessPolicy({ host: '10.1.2.3', token, devOrigins: false });

describe('createAccessPolicy', () => {
  it('requires no token on loopback and generates a 128-bit one elsewhere', () => {
    expect(loopback.token).toBeNull();
    expect(createAccessPolicy({ host: '0.0.0.0' }).token).toMatch(/^[0-9a-f]{32}$/);
  });
  it('refuses a non-loopback address without a token, naming it', () => {
    expect(() => createAccessPolicy({ host: '10.0.0.1', token: null })).toThrow('Listening on the non-loopback address `10.0.0.1` requires a token');
    expect(() => createAccessPolicy({ host: '10.0.0.1', token: 'short' })).toThrow('Expected the `token` option to be a string of at least 16 characters, got `short`');
  });
});

describe('checkHost', () => {
  it.each([
    ['127.0.0.1:3000', true],
    ['localhost:5173', true],
    ['[::1]:3000', true],
    ['127.0.0.1', true],
    ['evil.example', false],
    ['evil.example:3000', false],
    ['127.0.0.1.nip.io:3000', false],
    [undefined, false],
    ['[::1', false],
    ['a b', false],
  ])('Host %s → %s on a loopback server', (host, ok) => {
    expect(checkHost(loopback, host).ok).toBe(ok);
  });
  it('accepts the bound address and extra hosts', () => {
    expect(checkHost(remote, '10.1.2.3:3000').ok).toBe(true);
    expect(checkHost(createAccessPolicy({ host: '127.0.0.1', allowedHosts: ['forkscope.test'] }), 'forkscope.test').ok).toBe(true);
  });
  it('says what was refused', () => {
    expect(checkHost(loopback, 'evil.example')).toMatchObject({ status: 403, code: 'ERR_FORBIDDEN_HOST', message: expect.stringContaining('"evil.example"') });
  });
});

describe('checkToken', () => {
  it('passes anything without a required token, and only the exact token otherwise', () => {
    expect(checkToken(loopback, null).ok).toBe(true);
    expect(checkToken(remote, token).ok).toBe(true);
    expect(checkToken(remote, token + 'x')).toMatchObject({ ok: false, status: 401, code: 'ERR_TOKEN' });
    expect(checkToken(remote, null)).toMatchObject({ ok: false, status: 401, message: expect.stringContaining('required') });
  });
});

describe('checkUpgradeOrigin', () => {
  const base = { hostHeader: '127.0.0.1:3000', tokenPresented: false, remoteAddress: '127.0.0.1' };
  it.each([
    ['http://127.0.0.1:3000', true, 'same origin'],
    ['http://127.0.0.1:5173', true, 'Vite dev server'],
    ['http://localhost:5173', true, 'Vite dev server by name'],
    ['http://evil.example', false, 'foreign page'],
    ['http://127.0.0.1:4000', false, 'another local port'],
    ['null', false, 'opaque origin'],
    ['file://', false, 'not http'],
    ['not a url', false, 'garbage'],
  ])('Origin %s → %s (%s)', (origin, ok) => {
    expect(checkUpgradeOrigin(loopback, { ...base, origin }).ok).toBe(ok);
  });
  it('lets a client without Origin in from loopback when no token is required, else only with the token', () => {
    expect(checkUpgradeOrigin(loopback, { ...base, origin: undefined }).ok).toBe(true);
    expect(checkUpgradeOrigin(loopback, { ...base, origin: undefined, remoteAddress: '10.9.9.9' }).ok).toBe(false);
    expect(checkUpgradeOrigin(remote, { ...base, origin: undefined })).toMatchObject({ ok: false, status: 403, code: 'ERR_FORBIDDEN_ORIGIN' });
    expect(checkUpgradeOrigin(remote, { ...base, origin: undefined, tokenPresented: true }).ok).toBe(true);
  });
  it('allows the dev origins only when asked to (the dev command), whatever NODE_ENV says', () => {
    const prod = createAccessPolicy({ host: '127.0.0.1', devOrigins: false });
    expect(checkUpgradeOrigin(prod, { ...base, origin: 'http://127.0.0.1:5173' }).ok).toBe(false);
    const byDefault = createAccessPolicy({ host: '127.0.0.1' });
    expect(checkUpgradeOrigin(byDefault, { ...base, origin: 'http://127.0.0.1:5173' }).ok).toBe(false);
    expect(checkUpgradeOrigin(byDefault, { ...base, origin: 'http://localhost:5173' }).ok).toBe(false);
  });
});

describe('header helpers', () => {
  it('reads host names', () => {
    expect(hostHeaderName('Example.COM:80')).toBe('example.com');
    expect(hostHeaderName('[::1]')).toBe('::1');
  });
});
