// Presenter mode (keyboard only, legible at 1280×720), the language switch and the browser's default
// language; screenshots at 1280×720 and 1920×1080 are kept as test artifacts.
import { expect, test } from '@playwright/test';
import { inspect, openPlayground, runScenario } from './support.js';

let runId = '';

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await openPlayground(page);
  runId = (await runScenario(page, 'daemon-killed-at-main-end')).runId!;
  await page.close();
});

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`normal view and presenter mode at ${size.width}×${size.height}`, async ({ page }, testInfo) => {
    await page.setViewportSize(size);
    await openPlayground(page, `/runs/${runId}`);
    await inspect(page);
    await page.screenshot({ path: testInfo.outputPath(`normal-${size.width}x${size.height}.png`) });

    await page.keyboard.press('p');
    const presenter = page.getByTestId('presenter');
    await expect(presenter).toBeVisible();
    await expect(page.getByTestId('run')).toHaveCount(0); // nothing but timeline, console and teaching points
    await inspect(page);
    await page.screenshot({ path: testInfo.outputPath(`presenter-${size.width}x${size.height}.png`) });

    // Legible from the back of the room: large lane names and teaching points, all on one screen.
    const nameSize = await page.locator('.lane-name').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(nameSize).toBeGreaterThanOrEqual(20);
    const pointSize = await page.locator('.expectation-text').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(pointSize).toBeGreaterThanOrEqual(17);
    const keys = await page.locator('footer.keys').boundingBox();
    expect(keys!.y + keys!.height).toBeLessThanOrEqual(size.height);
    const badges = page.getByTestId('exit-badge');
    await expect(badges).toHaveCount(3);
    for (const badge of await badges.all()) {
      const box = (await badge.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    }
  });
}

test('presenter mode is driven by the keyboard: step, play, zoom, leave', async ({ page }) => {
  await openPlayground(page, `/runs/${runId}`);
  const end = await inspect(page);
  await page.keyboard.press('p');
  await expect(page.getByTestId('presenter')).toBeVisible();

  // At 1280×720 this lesson's five points do not all fit beside the console: ↓/↑ scroll them.
  await page.setViewportSize({ width: 1280, height: 720 });
  const notes = page.getByTestId('presenter-notes');
  await expect.poll(() => notes.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeGreaterThan(0);
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => notes.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => notes.evaluate((el) => el.scrollTop)).toBe(0);

  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect((await inspect(page)).applied).toBe(end.applied - 2);
  await page.keyboard.press('Shift+ArrowLeft'); // back to the previous lifecycle event
  const back = await inspect(page);
  expect(back.applied).toBeLessThan(end.applied - 2);

  await page.keyboard.press('ArrowRight');
  expect((await inspect(page)).applied).toBe(back.applied + 1);

  // + zooms in 1.5× and − out again around the cursor; 0 fits the whole run again.
  const fitted = (await inspect(page)).scale!;
  await page.keyboard.press('+');
  expect((await inspect(page)).scale!.pxPerUs).toBeCloseTo(fitted.pxPerUs * 1.5, 9);
  await page.keyboard.press('-');
  await page.keyboard.press('-');
  // Zooming out stops at the whole run: further out would show time before 0.
  expect((await inspect(page)).scale!.pxPerUs).toBeCloseTo(fitted.pxPerUs, 9);
  await page.keyboard.press('0');
  expect((await inspect(page)).scale).toEqual(fitted);

  await page.keyboard.press(' ');
  await page.waitForFunction(() => {
    const s = window.__forkscope.inspect();
    return s.applied === s.events;
  });
  // Played to its end, the run decides its points as the whole recording did. (Whether they pass is the real
  // run's: a loaded machine can keep the daemon from printing 123 within main's 0.1 s.)
  expect((await inspect(page)).expectations.map((e) => e.status)).toEqual(end.expectations.map((e) => e.status));
  expect(end.expectations.every((e) => e.status === 'pass' || e.status === 'fail')).toBe(true);

  await page.keyboard.press('p');
  await expect(page.getByTestId('presenter')).toHaveCount(0);
  await expect(page.getByTestId('run')).toBeVisible();
});

test('the language switch turns every piece of UI text and the teaching points to Chinese and back', async ({ page }) => {
  await openPlayground(page, `/runs/${runId}`);
  await inspect(page);
  await expect(page.getByTestId('run')).toContainText('Run');
  await page.getByTestId('lang-zh').click();
  await expect(page.getByTestId('run')).toContainText('运行');
  await expect(page.locator('.timeline-card h2')).toHaveText('时间线');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('[data-testid=lane]').nth(1)).toContainText('守护');
  await expect(page.getByTestId('exit-badge').nth(1)).toContainText('被终止 · −15 SIGTERM');
  await expect(page.getByTestId('console')).toContainText('被 SIGTERM 终止');
  await expect(page.getByTestId('expectation').first()).toContainText(/[\u4e00-\u9fff]/);
  await page.reload(); // the choice is remembered
  await expect(page.getByTestId('run')).toContainText('运行');
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('run')).toContainText('Run');
  await expect(page.locator('.timeline-card h2')).toHaveText('Timeline');
});

test.describe('a browser that prefers Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('gets the Chinese UI by default', async ({ page }) => {
    await openPlayground(page);
    await expect(page.getByTestId('run')).toContainText('运行');
    await expect(page.getByTestId('tab-notice')).toHaveText('注意看');
  });
});
