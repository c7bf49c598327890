// A whole lesson in a classroom, against the real server and real runs: a teacher's page (the projector)
// and three students on their own devices, one of them a 360×640 phone in Chinese. They join by code,
// follow the teacher's run, replay, steps and zoom; a late joiner catches up; the class predicts, the run
// decides, the projector reveals the answer with the right tallies and each student sees if they were
// right; a student's cancel is refused by the server; the teacher's reload keeps the class; the end of
// the class tells every student.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { inspect, openPlayground } from './support.js';
import { latinWords } from './page-checks.js';

/** Names of code the lessons teach, kept as they are in Chinese text (as the Chinese walk of day-in-class). */
const CODE_WORDS = ['forkscope', 'PID', 'pid', 'join', 'start', 'run', 'terminate', 'daemon', 'name', 'True', 'False', 'Process', 'MainProcess', 'SIGTERM', 'SIGKILL', 'python', 'node', 'main', 'sleep', 'EN'];

test.describe.configure({ mode: 'serial' });

const PHONE = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' };

async function student(browser: Browser, options: Parameters<Browser['newContext']>[0], path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await openPlayground(page, path);
  return { context, page };
}

/** Two fingers spreading on the timeline's canvas (touch events, as a phone sends them). */
async function pinch(page: Page, factor: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const box = (await page.locator('canvas.timeline-canvas').boundingBox())!;
  const y = box.y + box.height / 2;
  const x = box.x + box.width / 2;
  const at = (half: number) => [
    { x: x - half, y, id: 1 },
    { x: x + half, y, id: 2 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(30) });
  for (let i = 1; i <= 6; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(30 * (1 + ((factor - 1) * i) / 6)) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

const classOf = (page: Page) => page.evaluate(() => window.__forkscope.classroom!());

/** The student's timeline shows what the teacher's does: the same run, the same number of events. */
async function expectFollowing(teacher: Page, pupils: Page[]): Promise<void> {
  const t = await inspect(teacher);
  for (const p of pupils) {
    await expect.poll(async () => {
      const s = await inspect(p);
      return [s.runId, s.applied, s.events];
    }).toEqual([t.runId, t.applied, t.events]);
  }
}

test('a lesson: join by code, follow the run, replay and steps, a late joiner, predict and reveal, a refused cancel, a reload, the end', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const teacherContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const teacher = await teacherContext.newPage();
  await openPlayground(teacher);
  // The header opens a class; the page becomes the class's (its address says which).
  await teacher.getByTestId('class-new').click();
  await teacher.waitForFunction(() => window.__forkscope?.classroom?.().phase === 'in');
  const code = (await teacher.getByTestId('class-code').textContent())!;
  expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
  await expect(teacher).toHaveURL(`${baseURL}/class/${code}`);
  await expect(teacher.getByTestId('class-qr')).toHaveAttribute('data-text', `${baseURL}/c/${code}`);

  // Two students join: a phone (Chinese) typing the code, a laptop by the link, with a name.
  const phone = await student(browser, PHONE, '/c');
  await phone.page.getByTestId('join-code').fill(code.toLowerCase().replace(/(...)/, '$1 '));
  await phone.page.getByTestId('join').click();
  const laptop = await student(browser, { viewport: { width: 1280, height: 800 }, locale: 'en-US' }, `/c/${code}`);
  await laptop.page.getByTestId('join-name').fill('<i>Bo</i>');
  await laptop.page.getByTestId('join').click();
  for (const p of [phone.page, laptop.page]) await expect(p.getByTestId('student-page')).toHaveAttribute('data-phase', 'in');
  await expect(teacher.getByTestId('class-students')).toHaveAttribute('data-count', '2');
  await teacher.getByTestId('tab-class').click();
  // A name is text wherever it is shown, never markup.
  await expect(teacher.getByTestId('roster')).toContainText('<i>Bo</i>');
  await expect(teacher.locator('[data-testid=roster] i')).toHaveCount(0);

  // The teacher picks a lesson and runs it: the students follow, live.
  await teacher.getByTestId('scenario').selectOption('join');
  await expect(phone.page.getByTestId('lesson')).toHaveAttribute('data-scenario', 'join');
  await expect(phone.page.getByTestId('lesson')).toContainText('join方法');
  await teacher.getByTestId('run').click();
  await teacher.waitForFunction(() => window.__forkscope.inspect().status === 'completed', null, { timeout: 45_000 });
  await expectFollowing(teacher, [phone.page, laptop.page]);
  const runId = (await inspect(teacher)).runId!;

  // The teacher replays and steps: the students' playheads follow.
  for (let i = 0; i < 6; i++) await teacher.keyboard.press('ArrowLeft');
  expect((await inspect(teacher)).applied).toBeLessThan((await inspect(teacher)).events);
  await expectFollowing(teacher, [phone.page, laptop.page]);
  await teacher.keyboard.press('Shift+ArrowRight');
  await expectFollowing(teacher, [phone.page, laptop.page]);
  // Played from the end, the replay starts over: the whole run at half speed.
  await teacher.getByTestId('seek').fill('1000');
  await teacher.getByTestId('speed').selectOption('0.5');
  await teacher.getByTestId('play').click();
  // (inspect() waits for a frame at rest, which a playing replay never is: read the hook directly.)
  await expect.poll(() => phone.page.evaluate(() => window.__forkscope.inspect().playing)).toBe(true);
  await teacher.waitForFunction(() => !window.__forkscope.inspect().playing, null, { timeout: 30_000 });
  await expectFollowing(teacher, [phone.page, laptop.page]);
  // ... and zooms: a student's plot shows the same stretch of time, on its own width.
  await teacher.keyboard.press('+');
  await teacher.keyboard.press('+');
  await expect.poll(async () => (await classOf(phone.page)).view?.window ?? null).not.toBeNull();
  const seen = async (p: Page) => (await inspect(p)).visible!;
  const shown = await seen(teacher);
  await expect.poll(async () => Math.abs((await seen(laptop.page)).from - shown.from) / (shown.to - shown.from)).toBeLessThan(0.02);
  await expect.poll(async () => Math.abs((await seen(phone.page)).to - shown.to) / (shown.to - shown.from)).toBeLessThan(0.02);
  await teacher.keyboard.press('0');

  // A late joiner gets the run so far at once, at the teacher's playhead.
  for (let i = 0; i < 3; i++) await teacher.keyboard.press('ArrowLeft');
  const late = await student(browser, { viewport: { width: 900, height: 700 }, locale: 'en-US' }, `/c/${code}`);
  await late.page.getByTestId('join').click();
  await expectFollowing(teacher, [late.page, phone.page]);
  expect((await inspect(late.page)).runId).toBe(runId);
  await expect(teacher.getByTestId('class-students')).toHaveAttribute('data-count', '3');

  // Exploring on one's own: two fingers on the phone's timeline zoom, and detach it from the teacher.
  const fitted = (await inspect(phone.page)).scale!.pxPerUs;
  await pinch(phone.page, 2.5);
  await expect(phone.page.getByTestId('student-page')).toHaveAttribute('data-following', 'false');
  // (Pixels per µs: the idle stretch behind the axis break keeps its width whatever the zoom.)
  expect((await inspect(phone.page)).scale!.pxPerUs / fitted).toBeGreaterThan(2);
  await phone.page.getByTestId('follow').click();
  await expectFollowing(teacher, [phone.page]);
  // ... "explore on my own" from the button, and back.
  await laptop.page.getByTestId('explore').click();
  await laptop.page.getByTestId('step-back').click();
  await laptop.page.getByTestId('follow').click();
  await expectFollowing(teacher, [laptop.page]);

  // Predict, then reveal: a question before the next run, answered by all three.
  await teacher.getByTestId('scenario').selectOption('daemon-killed-at-main-end');
  await teacher.locator('[data-testid=ask][data-question=end123]').click();
  for (const p of [phone.page, laptop.page, late.page]) await expect(p.getByTestId('question')).toHaveAttribute('data-phase', 'open');
  await expect(phone.page.getByTestId('question')).toContainText('守护进程 p1 睡完 1 秒后会打印');
  await laptop.page.locator('[data-testid=choice][data-choice=yes]').click();
  await phone.page.locator('[data-testid=choice][data-choice=yes]').click();
  // Changed before the lock: the last answer counts.
  await phone.page.locator('[data-testid=choice][data-choice=no]').click();
  await late.page.locator('[data-testid=choice][data-choice=no]').click();
  await expect(phone.page.locator('[data-testid=choice][data-choice=no]')).toHaveAttribute('aria-pressed', 'true');
  await expect(teacher.getByTestId('question-answered')).toHaveAttribute('data-answered', '3');
  // Phones: big enough to touch.
  const box = (await phone.page.locator('[data-testid=choice][data-choice=no]').boundingBox())!;
  expect(box.height).toBeGreaterThanOrEqual(44);
  // What the class thinks, before the run, if the teacher wishes.
  await teacher.getByTestId('question-tallies').click();
  await expect(teacher.locator('[data-testid=tally][data-choice=no]')).toHaveAttribute('data-count', '2');
  await expect(teacher.locator('[data-testid=tally][data-choice=yes]')).toHaveAttribute('data-count', '1');

  await teacher.getByTestId('run').click();
  // Shown the run that decides it, the answers lock (or the run has already revealed it, on a slow machine).
  await expect(phone.page.getByTestId('question')).toHaveAttribute('data-phase', /^(locked|revealed)$/);
  // A student may not cancel the teacher's run: the page offers no button, and the server refuses it.
  await laptop.page.waitForFunction(() => window.__forkscope.inspect().lanes.length >= 2, null, { timeout: 30_000 });
  await expect(laptop.page.getByTestId('cancel')).toHaveCount(0);
  const liveRun = (await inspect(laptop.page)).runId!;
  await laptop.page.evaluate((id) => window.__forkscope.send!({ type: 'cancel', runId: id }), liveRun);
  await expect(laptop.page.getByTestId('error')).toContainText('Only the page that started this run may do that');

  // The run proves it: the projector reveals the answer with the tallies; each student learns if they were right.
  await expect(teacher.getByTestId('question')).toHaveAttribute('data-phase', 'revealed', { timeout: 45_000 });
  await expect(teacher.getByTestId('question-result')).toHaveAttribute('data-choice', 'no');
  await expect(teacher.locator('[data-testid=tally][data-choice=no]')).toHaveAttribute('data-count', '2');
  await expect(teacher.locator('[data-testid=tally][data-choice=yes]')).toHaveAttribute('data-count', '1');
  const proof = Number(await teacher.getByTestId('question-result').getAttribute('data-seq'));
  // The timeline marks the proving event: p1's exit by SIGTERM.
  await expect.poll(async () => (await inspect(teacher)).selectedSeq).toBe(proof);
  const p1 = (await inspect(teacher)).lanes.find((l) => l.daemon)!;
  expect([p1.exitCode, p1.signal]).toEqual([-15, 'SIGTERM']);
  await expect(phone.page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'right');
  await expect(phone.page.getByTestId('verdict')).toHaveText('你答对了!');
  // Readable in Chinese: no English word outside code and names.
  expect(await latinWords(phone.page, [...CODE_WORDS, code])).toEqual([]);
  await expect(late.page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'right');
  await expect(laptop.page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'wrong');
  // The refused cancel changed nothing: the run ran to its end.
  await teacher.waitForFunction(() => window.__forkscope.inspect().status === 'completed', null, { timeout: 45_000 });
  await expectFollowing(teacher, [phone.page, laptop.page, late.page]);

  // The phone: no sideways scroll, lanes stacked with their labels above the bars.
  expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expect(phone.page.locator('.timeline-plot.stacked')).toHaveCount(1);

  // The teacher's page reloads: the same class, the same question, the students still there.
  await teacher.reload();
  await teacher.waitForFunction(() => window.__forkscope?.classroom?.().phase === 'in');
  await expect(teacher.getByTestId('class-code')).toHaveText(code);
  await expect(teacher.getByTestId('class-students')).toHaveAttribute('data-count', '3');
  await expect(teacher.getByTestId('question')).toHaveAttribute('data-phase', 'revealed');

  // The end of the class: every student is told; the code no longer works.
  await teacher.getByTestId('class-end').click();
  await expect(phone.page.getByTestId('class-ended')).toHaveText('老师已经下课了。');
  for (const p of [laptop.page, late.page]) await expect(p.getByTestId('class-ended')).toHaveText('The teacher ended the class.');
  const after = await student(browser, { locale: 'en-US' }, `/c/${code}`);
  await after.page.getByTestId('join').click();
  await expect(after.page.getByTestId('join-refused')).toHaveAttribute('data-code', 'ERR_UNKNOWN_CLASS');
  for (const c of [phone.context, laptop.context, late.context, after.context, teacherContext]) await c.close();
});
