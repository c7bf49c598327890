// Replays: a recorded run opened from the server and from a dropped file, recorded fixtures, the
// replay controls, and files that are not recordings.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { canvasPixels, dropFile, expectAllTicked, expectPictureInDom, inspect, openPlayground, runScenario, type Inspection } from './support.js';

const fixturesDir = fileURLToPath(new URL('../fixtures/recordings/', import.meta.url));
const fixtures = readdirSync(fixturesDir).filter((f) => f.endsWith('.ndjson')).sort();

/** What must be identical between two showings of one recording (not frame counters). */
function picture(s: Inspection) {
  const { frames: _f, source: _s, ...rest } = s;
  return rest;
}

let runId = '';
let recording = '';

test.beforeAll(async ({ browser }) => {
  const page = await browser.newPage();
  await openPlayground(page);
  const state = await runScenario(page, 'daemon-killed-at-main-end');
  runId = state.runId!;
  recording = await (await page.request.get(`/api/runs/${runId}`)).text();
  await page.close();
});

test('a recorded run opens at /runs/<id> and shows the same picture every time', async ({ page }) => {
  await openPlayground(page, `/runs/${runId}`);
  const first = await inspect(page);
  expect(first).toMatchObject({ source: 'replay', runId, status: 'completed' });
  expect(first.applied).toBe(first.events);
  await expectPictureInDom(page, first);
  await expectAllTicked(page, first);
  const pixels = await canvasPixels(page);

  await page.reload();
  await page.waitForFunction(() => window.__forkscope?.inspect().events > 0);
  const second = await inspect(page);
  expect(picture(second)).toEqual(picture(first));
  expect(await canvasPixels(page)).toBe(pixels);
});

test('the run list offers every recorded run; opening one replays it', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('tab-runs').click();
  const item = page.locator(`[data-testid=run-item][data-run-id="${runId}"]`);
  await expect(item).toContainText('Daemon');
  await item.click();
  await page.waitForFunction((id) => window.__forkscope.inspect().runId === id, runId);
  expect(await inspect(page)).toMatchObject({ source: 'replay', runId, status: 'completed' });
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
});

test('a dropped recording file replays exactly as the server copy does', async ({ page }) => {
  await openPlayground(page, `/runs/${runId}`);
  const fromServer = await inspect(page);
  await openPlayground(page);
  await dropFile(page, 'run.ndjson', recording);
  await page.waitForFunction(() => window.__forkscope.inspect().source === 'replay');
  const fromFile = await inspect(page);
  expect(picture(fromFile)).toEqual(picture(fromServer));
});

test('a share link opens the recording at a moment; stepping and playing move through it', async ({ page }) => {
  const lines = recording.trim().split('\n').slice(1).map((l) => JSON.parse(l) as { seq: number; t: number; type: string });
  const mainEnded = lines.find((e) => e.type === 'process.main-ended')!;
  await openPlayground(page, `/runs/${runId}?t=${(mainEnded.t / 1e6).toFixed(6)}`);
  const at = await inspect(page);
  // Shown: every event in seq order up to the first that happened later.
  const firstLater = lines.findIndex((e) => e.t > mainEnded.t);
  expect(at.applied).toBe(firstLater < 0 ? lines.length : firstLater);
  expect(at.expectations.some((e) => e.status === 'pending')).toBe(true);
  await expect(page.getByTestId('clock')).toHaveText((mainEnded.t / 1e6).toFixed(3));

  await page.keyboard.press('ArrowRight');
  expect((await inspect(page)).applied).toBe(at.applied + 1);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  expect((await inspect(page)).applied).toBe(at.applied - 1);

  await page.getByTestId('speed').selectOption('4');
  await page.getByTestId('play').click();
  await page.waitForFunction(() => {
    const s = window.__forkscope.inspect();
    return s.applied === s.events;
  });
  const end = await inspect(page);
  expect(end.expectations.every((e) => e.status === 'pass')).toBe(true);
  await expectPictureInDom(page, end);
});

test('"show on timeline" goes to the moment that proves an expectation', async ({ page }) => {
  await openPlayground(page, `/runs/${runId}`);
  const state = await inspect(page);
  const proven = state.expectations.find((e) => e.seq !== undefined)!;
  const index = recording.trim().split('\n').slice(1).findIndex((l) => (JSON.parse(l) as { seq: number }).seq === proven.seq);
  await page.locator(`[data-testid=expectation][data-id="${proven.id}"] [data-testid=show-moment]`).click();
  const moved = await inspect(page);
  expect(moved.selectedSeq).toBe(proven.seq);
  expect(moved.applied).toBe(index + 1);
});

test('clicking a console line highlights its marker, and clicking a marker finds its console line', async ({ page }) => {
  await openPlayground(page, `/runs/${runId}`);
  await inspect(page);
  const line = page.locator('[data-testid=console-line][data-kind=output]', { hasText: '456' }).first();
  const seq = Number(await line.getAttribute('data-seq'));
  await line.click();
  expect((await inspect(page)).selectedSeq).toBe(seq);
  await expect(page.locator(`[data-testid=console-line][data-seq="${seq}"]`)).toHaveClass(/selected/);

  // Back from the canvas: deselect, then click the marker where the timeline drew it.
  const canvas = (await page.locator('canvas.timeline-canvas').boundingBox())!;
  await page.mouse.click(canvas.x + 3, canvas.y + canvas.height - 3); // empty: below the axis
  expect((await inspect(page)).selectedSeq).toBeNull();
  const at = await page.evaluate((seq) => window.__forkscope.locate(seq), seq);
  expect(at).not.toBeNull();
  await page.mouse.click(at!.x, at!.y);
  expect((await inspect(page)).selectedSeq).toBe(seq);
  await page.mouse.move(at!.x, at!.y + 1);
  await expect(page.getByRole('tooltip')).toContainText('456');
  await expect(page.getByRole('tooltip')).toContainText('output');
});

test('the code tab shows the scenario’s programs, highlighted, in TypeScript and Python', async ({ page }) => {
  await openPlayground(page, `/runs/${runId}`);
  await page.getByTestId('tab-code').click();
  const code = page.getByTestId('code');
  // The course is Python's: where the server has python3 the tab opens on the Python program.
  await expect(code).toHaveAttribute('data-language', 'python');
  await expect(code.locator('.tok-keyword', { hasText: 'def' }).first()).toBeVisible();
  await page.getByRole('tab', { name: 'TypeScript' }).click();
  await expect(code).toHaveAttribute('data-language', 'typescript');
  await expect(code.locator('.tok-keyword').first()).toBeVisible();
});

async function expectRefused(page: Page, name: string, text: string, message: RegExp) {
  const before = await inspect(page);
  await dropFile(page, name, text);
  await expect(page.getByTestId('error').last()).toContainText(message);
  expect(picture(await inspect(page))).toEqual(picture(before));
}

test('a dropped file that is not a recording names the wrong line and changes nothing', async ({ page }) => {
  await openPlayground(page, `/runs/${runId}`);
  // The picture to compare with is the loaded run's, not the page's before the recording arrived.
  await page.waitForFunction(() => window.__forkscope.inspect().source === 'replay');
  await expectRefused(page, 'notes.txt', 'hello, this is not json\n', /notes\.txt: Line 1: /);
  const [header, e0, ...rest] = recording.trim().split('\n');
  await expectRefused(page, 'broken.ndjson', [header, e0, '{"seq": "one"}', ...rest].join('\n') + '\n', /broken\.ndjson: Line 3: /);
});

for (const file of fixtures) {
  test(`fixture ${file} replays deterministically`, async ({ page }) => {
    const text = readFileSync(fixturesDir + file, 'utf8');
    const showings: Inspection[] = [];
    const pixels: string[] = [];
    for (let i = 0; i < 2; i++) {
      await openPlayground(page);
      await dropFile(page, file, text);
      await page.waitForFunction(() => window.__forkscope.inspect().source === 'replay');
      showings.push(await inspect(page));
      pixels.push(await canvasPixels(page));
    }
    const [a, b] = showings as [Inspection, Inspection];
    expect(a.lanes.length).toBeGreaterThan(0);
    expect(a.applied).toBe(a.events);
    expect(picture(b)).toEqual(picture(a));
    expect(pixels[1]).toBe(pixels[0]);
    await expectPictureInDom(page, a);
    await expectAllTicked(page, a);
  });
}

test('the recorded fixtures are there to replay', () => {
  expect(fixtures.length).toBeGreaterThan(0);
});
