// Live runs against the real server: lanes, pids, exit badges and ticked expectations, from the DOM
// and from the inspect hook.
import { expect, test } from '@playwright/test';
import { expectAllTicked, expectPictureInDom, inspect, openPlayground, runScenario } from './support.js';

test.beforeEach(async ({ page }) => {
  await openPlayground(page);
});

test('first-child: the child lane appears under main; both exit 0', async ({ page }) => {
  const state = await runScenario(page, 'first-child');
  expect(state.status).toBe('completed');
  expect(state.lanes).toHaveLength(2);
  const [main, child] = state.lanes;
  expect(main).toMatchObject({ name: 'MainProcess', depth: 0, badge: '0' });
  expect(child).toMatchObject({ depth: 1, ppid: main!.pid, badge: '0' });
  await expectPictureInDom(page, state);
  await expectAllTicked(page, state);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed');
  await expect(page).toHaveURL(new RegExp(`/live/${state.runId}$`));
});

test('join-in-loop: five children one after another, all exit 0', async ({ page }) => {
  const state = await runScenario(page, 'join-in-loop');
  expect(state.lanes).toHaveLength(6);
  expect(state.lanes.slice(1).every((l) => l.depth === 1 && l.ppid === state.lanes[0]!.pid && l.badge === '0')).toBe(true);
  await expectPictureInDom(page, state);
  await expectAllTicked(page, state);
});

test('daemon-killed-at-main-end: the daemon is killed (−15 SIGTERM), Process-2 runs to the end', async ({ page }) => {
  const state = await runScenario(page, 'daemon-killed-at-main-end');
  const daemon = state.lanes.find((l) => l.daemon)!;
  expect(daemon).toMatchObject({ exitCode: -15, signal: 'SIGTERM', cause: 'daemon-killed', badge: '−15 SIGTERM' });
  expect(state.lanes.filter((l) => !l.daemon).map((l) => l.badge)).toEqual(['0', '0']);
  await expectPictureInDom(page, state);
  await expect(page.locator(`[data-testid=lane][data-pid="${daemon.pid}"]`)).toContainText('daemon');
  await expect(page.locator(`[data-testid=exit-badge][data-pid="${daemon.pid}"]`)).toHaveText('killed · −15 SIGTERM');
  await expectAllTicked(page, state);
  // The console has the lifecycle line between the output lines.
  await expect(page.getByTestId('console')).toContainText('killed by SIGTERM');
  await expect(page.getByTestId('console')).toContainText('end456');
});

test('terminate: the target ends with −15 SIGTERM, caused by terminate()', async ({ page }) => {
  const state = await runScenario(page, 'terminate');
  const target = state.lanes.find((l) => l.signal === 'SIGTERM');
  expect(target).toMatchObject({ exitCode: -15, cause: 'terminated', depth: 1 });
  expect(state.lanes[0]!.badge).toBe('0');
  await expectPictureInDom(page, state);
  await expectAllTicked(page, state);
});

test('socket-chat: a line typed in the browser comes back upper-cased', async ({ page }) => {
  await page.getByTestId('scenario').selectOption('socket-chat');
  await page.getByTestId('param-interactive-true').click();
  await page.getByTestId('param-clients').fill('1');
  await page.getByTestId('run').click();
  // Wait for the client process: until it runs, only the server could be chosen.
  const target = page.getByTestId('chat-target');
  await expect(target.locator('option', { hasText: 'client' })).toHaveCount(1, { timeout: 30_000 });
  await expect(target).toHaveValue(await target.locator('option', { hasText: 'client' }).getAttribute('value') as string);
  await page.getByTestId('chat-text').fill('hello from the browser');
  await page.getByTestId('chat-send').click();
  await expect(page.locator('[data-testid=console-line][data-kind=output]', { hasText: 'HELLO FROM THE BROWSER' }).first()).toBeVisible({ timeout: 20_000 });
  // `exit` ends the client; the server stops after its one connection and the run ends by itself.
  await page.getByTestId('chat-text').fill('exit');
  await page.getByTestId('chat-send').click();
  await page.waitForFunction(() => window.__forkscope.inspect().status === 'completed', null, { timeout: 30_000 });
  const state = await inspect(page);
  expect(state.lanes.length).toBeGreaterThanOrEqual(3); // server, handler, client
  expect(Object.values(state.exitBadges).every((b) => b === '0')).toBe(true);
  await expectPictureInDom(page, state);
  await expectAllTicked(page, state);
});

test('the python driver runs the seed’s own code: the daemon finishes early, main exits after it', async ({ page }) => {
  const state = await runScenario(page, 'daemon', async () => {
    await page.getByTestId('driver-python').click();
  });
  expect(state.status).toBe('completed');
  const daemon = state.lanes.find((l) => l.daemon)!;
  expect(daemon.badge).not.toBeNull();
  await expectPictureInDom(page, state);
  await expectAllTicked(page, state);
});

test('python-only parameters appear with the python driver: under forkserver each child names the fork server as its parent', async ({ page }) => {
  await page.getByTestId('scenario').selectOption('pids');
  // Python is the default driver where the server has it (the course's language): choose node to see it without.
  await page.getByTestId('driver-node').click();
  await expect(page.getByTestId('param-startMethod-forkserver')).toHaveCount(0); // node: no start method
  const state = await runScenario(page, 'pids', async () => {
    await page.getByTestId('driver-python').click();
    await page.getByTestId('param-startMethod-forkserver').click();
  });
  expect(state.status).toBe('completed');
  expect(state.expectations.map((e) => e.id)).toContain('forkserver-parent');
  await expectAllTicked(page, state);
});

test('a run is watched live from a second page; a lost connection reconnects and resumes without losing events', async ({ page, context }) => {
  await page.getByTestId('scenario').selectOption('daemon'); // main sleeps 10 s: time to watch it
  await page.getByTestId('run').click();
  await page.waitForFunction(() => window.__forkscope.inspect().lanes.length >= 2, null, { timeout: 30_000 });
  const runId = (await inspect(page)).runId!;

  // Another device watching the same run (…/live/<id>) sees it in progress.
  const viewer = await context.newPage();
  await openPlayground(viewer, `/live/${runId}`);
  await viewer.waitForFunction(() => window.__forkscope.inspect().lanes.length >= 2, null, { timeout: 30_000 });
  expect((await inspect(viewer)).status).toBe('running');

  await viewer.evaluate(() => window.__forkscope.dropConnection());
  // The loss notice gives way to this one once the socket is back.
  await expect(viewer.getByTestId('info')).toContainText('Reconnected');
  for (const p of [page, viewer]) await p.waitForFunction(() => window.__forkscope.inspect().status === 'completed', null, { timeout: 45_000 });

  // Every event from seq 0 to run.ended arrived exactly once (the store takes only the next seq), and
  // both pages show the server's recording of the run.
  const recording = await (await page.request.get(`/api/runs/${runId}`)).text();
  const recorded = recording.trim().split('\n').length - 1;
  const [runner, watcher] = [await inspect(page), await inspect(viewer)];
  for (const state of [runner, watcher]) {
    expect(state.events).toBe(recorded);
    expect(state.applied).toBe(recorded);
    expect(state.lanes).toHaveLength(2);
  }
  expect(watcher.lanes).toEqual(runner.lanes);
  await expectAllTicked(viewer, watcher);
});

test('Cancel ends a running run and says so', async ({ page }) => {
  await page.getByTestId('scenario').selectOption('daemon'); // main sleeps 10 s
  await page.getByTestId('run').click();
  await page.waitForFunction(() => window.__forkscope.inspect().lanes.length >= 2, null, { timeout: 30_000 });
  await page.getByTestId('cancel').click();
  await page.waitForFunction(() => window.__forkscope.inspect().status === 'cancelled', null, { timeout: 30_000 });
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('run')).toBeVisible();
  await expect(page.getByTestId('console')).toContainText('run cancelled');
});

test('an unknown run shows a readable error and changes nothing', async ({ page }) => {
  await openPlayground(page, '/live/no-such-run');
  // A not-found page, with the recent runs to pick from, instead of an error banner over an empty page.
  await expect(page.getByTestId('not-found')).toContainText('No such run');
});
