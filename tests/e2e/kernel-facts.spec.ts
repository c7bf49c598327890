// What the kernel knows, in the page: a process's name opens its detail panel — its life with the zombie
// between death and reap, the signals sent to it, its descriptors at start, its memory — each fact with
// its source; the timeline draws the memory track and the descriptor badge.
import { expect, test } from '@playwright/test';
import { inspect, openPlayground, runScenario } from './support.js';

test.beforeEach(async ({ page }) => {
  await openPlayground(page);
});

test('4.8 isolation (python): the child’s panel shows its memory growing after it writes n, read by itself', async ({ page }) => {
  const state = await runScenario(page, 'isolation', async () => {
    await page.getByTestId('driver-python').click();
  });
  expect(state.status).toBe('completed');
  const child = state.lanes[1]!;
  await page.locator(`[data-testid=lane][data-pid="${child.pid}"] [data-testid=lane-details]`).click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel).toHaveAttribute('data-pid', String(child.pid));
  const rows = panel.locator('[data-testid=detail-memory] li[data-source=process]');
  await expect(rows).toHaveCount(2);
  const privateOf = async (i: number) => Number(await rows.nth(i).getAttribute('data-private'));
  expect(await privateOf(1)).toBeGreaterThan(await privateOf(0));
  await expect(rows.first()).toContainText('its own report');
  await expect(panel.getByTestId('detail-life')).toContainText('reaped');
  await page.getByTestId('detail-close').click();
  await expect(panel).toHaveCount(0);
});

test('socket-chat (python): a handler’s panel lists the listening socket it inherited, shared with main', async ({ page }) => {
  await page.getByTestId('scenario').selectOption('socket-chat');
  await page.getByTestId('driver-python').click();
  await page.getByTestId('param-interactive-true').click();
  await page.getByTestId('param-clients').fill('1');
  await page.getByTestId('run').click();
  const handler = page.locator('[data-testid=lane][data-name^=handler]');
  await expect(handler).toHaveCount(1, { timeout: 30_000 });
  await handler.getByTestId('lane-details').click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel.locator('[data-testid=detail-fds] tr[data-shared=yes][data-listening]:not([data-listening=""])')).toHaveCount(1, { timeout: 20_000 });
  await expect(panel.getByTestId('detail-fds')).toContainText('listening on :');
  // End the run: `exit` ends the client, the server stops after its one connection.
  const target = page.getByTestId('chat-target');
  await expect(target.locator('option', { hasText: 'client' })).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('chat-text').fill('exit');
  await page.getByTestId('chat-send').click();
  await page.waitForFunction(() => window.__forkscope.inspect().status === 'completed', null, { timeout: 30_000 });
  const state = await inspect(page);
  expect(state.status).toBe('completed');
});
