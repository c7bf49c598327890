// Access is decided by route: every route the app registers (as onRoute saw it) is either under /api or /ws,
// whose plugins carry the token hook, or one of the known public routes. Through app.inject, as a client
// without the token would send them: each path, and each spelling of each prefix.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { createFakeCatalogue, createFakeSupervisor } from './support/fake-backends.js';

const TOKEN = 'e'.repeat(32);
const PUBLIC = new Set(['/healthz', '/', '/*', '/runs/:id', '/live/:id', '/class/:code', '/c', '/c/:code']);
const PROTECTED_PREFIXES = ['/api', '/ws'];
const host = { host: '127.0.0.1:3000' };

let app: FastifyInstance;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'forkscope-routes-'));
  const webDist = join(dir, 'web');
  mkdirSync(join(webDist, 'assets'), { recursive: true });
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>forkscope</title>');
  writeFileSync(join(webDist, 'assets', 'app.js'), 'console.log(1)');
  app = await buildApp({
    token: TOKEN,
    dataDir: join(dir, 'data'),
    webDist,
    supervisor: createFakeSupervisor(),
    catalogue: createFakeCatalogue(),
    toChromeTrace: () => ({}),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const isProtected = (url: string) => PROTECTED_PREFIXES.some((prefix) => url === prefix || url.startsWith(`${prefix}/`));
const concrete = (url: string) => url.replace(/:id/g, 'abc-1').replace(/\*$/, 'assets/app.js');

describe('every registered route', () => {
  it('is under a protected prefix or a known public route, and answers accordingly without the token', async () => {
    const routes = app.forkscope.routes;
    expect(routes.length).toBeGreaterThan(8);
    for (const { method, url } of routes) {
      expect([url, isProtected(url) || PUBLIC.has(url)]).toEqual([url, true]);
      const res = await app.inject({ method: method as 'GET', url: concrete(url), headers: host });
      if (isProtected(url)) expect([method, url, res.statusCode]).toEqual([method, url, 401]);
      else expect([method, url, res.statusCode === 401]).toEqual([method, url, false]);
      const allowed = await app.inject({ method: method as 'GET', url: concrete(url), headers: { ...host, authorization: `Bearer ${TOKEN}` } });
      expect([method, url, allowed.statusCode === 401]).toEqual([method, url, false]);
    }
  });

  it.each([
    '/%61pi/runs', '/a%70i/scenarios/hello', '/%61pi/runs/abc-1/trace.json', '//api/runs', '/api//runs', '/api/runs/',
    '/api/../api/runs', '/x/../api/runs', '/API/runs', '/aPi/Runs/abc-1', '/api/nope', '/%77s', '//ws', '/ws/', '/WS', '/elsewhere',
  ])('%s without the token → 401', async (url) => {
    expect((await app.inject({ url, headers: host })).statusCode).toBe(401);
  });

  it('serves the encoded spelling with the token, and a path that does not exist is then a plain 404', async () => {
    const auth = { ...host, authorization: `Bearer ${TOKEN}` };
    expect((await app.inject({ url: '/%61pi/scenarios/hello', headers: auth })).json()).toMatchObject({ id: 'hello' });
    expect((await app.inject({ url: '/elsewhere', headers: auth })).json()).toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('refuses a foreign Host on every route, 404s included', async () => {
    for (const url of ['/healthz', '/', '/api/runs', '/nowhere']) expect((await app.inject({ url, headers: { host: 'evil.example' } })).statusCode).toBe(403);
  });
});

describe('cookies and headers', () => {
  it('ignores a malformed cookie: public routes answer, protected ones want the token', async () => {
    const cookie = 'forkscope_token=%E0%A4%A';
    expect((await app.inject({ url: '/healthz', headers: { ...host, cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/', headers: { ...host, cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/runs', headers: { ...host, cookie } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/runs', headers: { ...host, cookie: `forkscope_token=${TOKEN}` } })).statusCode).toBe(200);
  });

  it('sets the token cookie for a page opened from the launch URL, never for a wrong token', async () => {
    const page = await app.inject({ url: `/?token=${TOKEN}`, headers: host });
    expect(page.headers['set-cookie']).toBe(`forkscope_token=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`);
    expect((await app.inject({ url: `/?token=${'0'.repeat(32)}`, headers: host })).headers['set-cookie']).toBeUndefined();
  });

  it('sends a Content Security Policy of its own origin, no framing, no Referer and no sniffing, on pages, API answers and refusals', async () => {
    for (const url of ['/', '/runs/abc-1', '/api/runs', '/nowhere']) {
      const res = await app.inject({ url, headers: host });
      const csp = String(res.headers['content-security-policy']);
      expect([url, csp]).toEqual([url, expect.stringContaining("default-src 'self'")]);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });
});
