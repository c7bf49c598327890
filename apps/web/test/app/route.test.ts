import { expect, test } from 'vitest';
import { parseRoute } from '../../src/app/route.js';

test.each([
  ['/', '', { kind: 'home' }],
  ['/runs/abc-123', '', { kind: 'recording', runId: 'abc-123', atUs: undefined }],
  ['/runs/abc-123', '?t=0.143', { kind: 'recording', runId: 'abc-123', atUs: 143_000 }],
  ['/runs/abc-123/', '?t=-1', { kind: 'recording', runId: 'abc-123', atUs: undefined }],
  ['/runs/abc-123', '?t=soon', { kind: 'recording', runId: 'abc-123', atUs: undefined }],
  ['/live/xyz', '', { kind: 'live', runId: 'xyz' }],
  ['/index.html', '', { kind: 'home' }],
  ['/elsewhere/x', '', { kind: 'unknown', path: '/elsewhere/x' }],
  ['/runs/%E0%A4%A', '', { kind: 'recording', runId: '%E0%A4%A', atUs: undefined }],
  ['/class/new', '', { kind: 'class-new' }],
  ['/class/AB2C3D', '', { kind: 'class-teach', code: 'AB2C3D' }],
  ['/c', '', { kind: 'class-join', code: null }],
  ['/c/', '', { kind: 'class-join', code: null }],
  ['/c/ab2c3d', '', { kind: 'class-join', code: 'ab2c3d' }],
  ['/c/a/b', '', { kind: 'unknown', path: '/c/a/b' }],
])('parseRoute(%s, %s)', (pathname, search, route) => {
  expect(parseRoute(pathname, search)).toEqual(route);
});
