// Edit and re-run (issue 16): the learner changes the lesson's program in the Code tab and runs their own version
// on the real server, in its sandbox. The daemon lesson without `daemon = True`: p1 is an ordinary child now, so
// main waits for it and end123 is printed; the lesson's point "end123 is never printed" does not apply to this
// version; the diff shows the one line; reset brings the lesson back; the replay shows the code that ran.
import { expect, test, type Page } from '@playwright/test';
import { inspect, openPlayground } from './support.js';

const DAEMON_LINE = 'p1.daemon = True';

/** Errors the page logs (a Content-Security-Policy refusal of the editor's styles would show here). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function openCode(page: Page): Promise<void> {
  await page.getByTestId('tab-code').click();
  await expect(page.getByRole('tab', { name: 'Python' })).toHaveAttribute('aria-selected', 'true');
}

test('a learner removes daemon = True, runs their version, resets, and the replay shows the code that ran', async ({ page, browser }) => {
  const errors = collectErrors(page);
  await openPlayground(page);
  await page.getByTestId('scenario').selectOption('daemon-killed-at-main-end');
  await openCode(page);
  await expect(page.getByTestId('code')).toContainText(DAEMON_LINE);

  // The editor is loaded on demand, with the lesson's program as its text.
  await page.getByTestId('edit-start').click();
  const editor = page.getByTestId('code-editor');
  await expect(editor).toHaveAttribute('data-language', 'python');
  const line = editor.locator('.cm-line', { hasText: DAEMON_LINE });
  await expect(line).toHaveCount(1);
  await line.click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Delete');
  await expect(editor.locator('.cm-line', { hasText: DAEMON_LINE })).toHaveCount(0);

  // The diff shows the one line.
  const diff = page.getByTestId('edit-diff');
  await expect(diff.getByTestId('diff-removed')).toHaveCount(1);
  await expect(diff.getByTestId('diff-removed')).toContainText(DAEMON_LINE);
  await expect(diff.getByTestId('diff-added')).toHaveCount(0);
  await expect(page.getByTestId('edit-counts')).toHaveText('your version: −1 +0 lines');

  await page.getByTestId('run-edited').click();
  await page.waitForFunction(() => {
    const s = window.__forkscope.inspect();
    return s.source === 'live' && s.runId !== null && s.status !== 'running' && s.status !== 'idle';
  }, undefined, { timeout: 45_000 });
  const state = await inspect(page);
  expect(state).toMatchObject({ status: 'completed', scenario: 'daemon-killed-at-main-end' });
  // Its own pid namespace: the reaper is pid 1, main is pid 2, p1 and p2 follow; p1 is no daemon and ends with 0.
  expect(state.lanes[0]).toMatchObject({ pid: 2, name: 'MainProcess', exitCode: 0 });
  expect(state.lanes.find((l) => l.name === 'Process-1')).toMatchObject({ daemon: false, exitCode: 0 });
  await expect(page.getByTestId('console')).toContainText('end123');

  // The lesson's points: the one about end123 does not apply to this version; the facts of any run are listed.
  await page.getByTestId('tab-notice').click();
  await expect(page.getByTestId('edited-note')).toBeVisible();
  const point = page.locator('[data-testid=expectation][data-id=no-end123]');
  await expect(point).toHaveAttribute('data-status', 'inapplicable');
  await expect(point.getByTestId('expectation-inapplicable')).toHaveText('does not apply to your version');
  await expect(page.getByTestId('fact-processes')).toContainText('3 · 2 · ');
  await expect(page.getByTestId('fact-output')).toHaveText(String(await page.getByTestId('console').locator('[data-testid=console-line][data-kind=output]').count()));

  // Reset brings the lesson back.
  await page.getByTestId('tab-code').click();
  await page.getByTestId('edit-reset').click();
  await expect(page.getByTestId('code-editor').locator('.cm-line', { hasText: DAEMON_LINE })).toHaveCount(1);
  await expect(page.getByTestId('edit-counts')).toHaveText('no changes yet');
  await expect(page.getByTestId('edit-diff')).toHaveCount(0);

  // The replay of that run (a share link, opened elsewhere) shows the code that ran, and its diff.
  const other = await browser.newPage();
  const otherErrors = collectErrors(other);
  await openPlayground(other, `/runs/${state.runId}`);
  await other.waitForFunction((id) => window.__forkscope.inspect().runId === id, state.runId);
  await openCode(other);
  const replayed = other.getByTestId('code-editor');
  await expect(replayed.locator('.cm-line', { hasText: 'p1.start()' })).toHaveCount(1);
  await expect(replayed.locator('.cm-line', { hasText: DAEMON_LINE })).toHaveCount(0);
  await expect(other.getByTestId('edit-diff').getByTestId('diff-removed')).toContainText(DAEMON_LINE);
  // The run list says which recordings are a learner's version.
  await other.getByTestId('tab-runs').click();
  await expect(other.locator(`[data-testid=run-item][data-run-id="${state.runId}"]`).getByTestId('run-edited-mark')).toBeVisible();
  await other.close();
  expect(errors).toEqual([]);
  expect(otherErrors).toEqual([]);
});
