// Shared steps for the e2e specs: drive the page like a user, read the picture through
// `window.__forkscope` (inspect/idle) and the DOM.
import { expect, type Page } from '@playwright/test';
import type { ForkscopeInspection, ForkscopeTestHook } from '../../apps/web/src/debug/test-hook-types.js';

export type { ForkscopeInspection as Inspection };

// Optional in the app, required here: every spec opens the page through `openPlayground`, which waits
// for the hook. (Page functions run in the browser, so a Node-side accessor could not be called there.)
declare global {
  interface Window {
    __forkscope: ForkscopeTestHook;
  }
}

export async function openPlayground(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await page.waitForFunction(() => window.__forkscope !== undefined);
}

export async function inspect(page: Page): Promise<ForkscopeInspection> {
  await page.evaluate(() => window.__forkscope.idle());
  return page.evaluate(() => window.__forkscope.inspect());
}

/** Picks a scenario, presses Run, and waits for the run to end (every event applied, frame drawn). */
export async function runScenario(page: Page, scenario: string, setup?: () => Promise<void>): Promise<ForkscopeInspection> {
  await page.getByTestId('scenario').selectOption(scenario);
  if (setup) await setup();
  await page.getByTestId('run').click();
  await page.waitForFunction(
    (id) => {
      const s = window.__forkscope.inspect();
      return s.scenario === id && s.status !== 'running' && s.status !== 'idle';
    },
    scenario,
    { timeout: 45_000 },
  );
  return inspect(page);
}

/** The DOM shows the same lanes, pids and exit badges as the model, in tree order. */
export async function expectPictureInDom(page: Page, state: ForkscopeInspection): Promise<void> {
  const lanes = page.getByTestId('lane');
  await expect(lanes).toHaveCount(state.lanes.length);
  for (const [i, lane] of state.lanes.entries()) {
    const row = lanes.nth(i);
    await expect(row).toHaveAttribute('data-pid', String(lane.pid));
    await expect(row).toContainText(lane.name);
    await expect(row).toContainText(`· ${lane.pid}`);
    if (lane.badge !== null) await expect(page.locator(`[data-testid=exit-badge][data-pid="${lane.pid}"]`)).toContainText(lane.badge);
  }
}

/** Every expectation of the run passed, in the model and ticked in the DOM. */
export async function expectAllTicked(page: Page, state: ForkscopeInspection): Promise<void> {
  expect(state.expectations.length).toBeGreaterThan(0);
  expect(state.expectations.filter((e) => e.status !== 'pass')).toEqual([]);
  await expect(page.locator('[data-testid=expectation][data-status=pass]')).toHaveCount(state.expectations.length);
}

/** Drops `text` on the page as a file named `name`, as a user dragging a recording would. */
export async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/x-ndjson' }));
      return dt;
    },
    { name, text },
  );
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

/** The canvas's pixels, to compare two drawings of the same recording. */
export async function canvasPixels(page: Page): Promise<string> {
  await page.evaluate(() => window.__forkscope.idle());
  return page.locator('canvas.timeline-canvas').evaluate((c) => (c as HTMLCanvasElement).toDataURL('image/png'));
}
