// Owners and viewers in a real browser: the tab that starts a run keeps Cancel and the chat box, through a
// reload too; another tab watching the same run sees neither. The page runs under the server's Content
// Security Policy, and nothing it does is refused by it.
import { expect, test, type Page } from '@playwright/test';
import { inspect, openPlayground } from './support.js';

function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}

test('a viewer gets no Cancel and no input box; the owner reloads and still cancels', async ({ page, context }) => {
  const ownerViolations = cspViolations(page);
  await openPlayground(page);
  await page.getByTestId('scenario').selectOption('socket-chat');
  await page.getByTestId('param-interactive-true').click();
  await page.getByTestId('param-clients').fill('1');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('chat-text')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('cancel')).toBeVisible();
  const runId = (await inspect(page)).runId!;

  // Another tab (its own sessionStorage, so its own owner key): a viewer.
  const viewer = await context.newPage();
  const viewerViolations = cspViolations(viewer);
  await openPlayground(viewer, `/live/${runId}`);
  await viewer.waitForFunction(() => window.__forkscope.inspect().lanes.length >= 3, null, { timeout: 30_000 });
  await expect(viewer.getByTestId('watching')).toBeVisible();
  await expect(viewer.getByTestId('cancel')).toHaveCount(0);
  await expect(viewer.getByTestId('chat-text')).toHaveCount(0);

  // The owner's tab reloads: same tab, same key, still the owner.
  await page.reload();
  await page.waitForFunction(() => window.__forkscope !== undefined);
  await expect(page.getByTestId('cancel')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('chat-text')).toBeVisible();
  await page.getByTestId('cancel').click();
  for (const p of [page, viewer]) await p.waitForFunction(() => window.__forkscope.inspect().status === 'cancelled', null, { timeout: 30_000 });
  expect([...ownerViolations, ...viewerViolations]).toEqual([]);
});
