// Web playground benchmarks in headless Chromium, against the real server serving the built app:
// 1. replay frame rate: recordings of 200 processes / 20 000 events and 1 000 processes / 100 000 events,
//    played at 4×, frames drawn per second against a bare requestAnimationFrame loop in the same page
//    (goal: ≥ 50 fps for both);
// 2. idle: frames the timeline draws while nothing changes (a loaded replay, paused), against the frames
//    a bare requestAnimationFrame loop gets in the same time (goal: 0);
// 3. first paint of a live run: Run click → the run's first lane drawn on the canvas, against Run click →
//    the first process event arriving on the page's WebSocket (the server and process start-up part).
// The dense recordings are generated here: no scenario may start 200 processes (run limits), and the point
// is the drawing cost of a dense picture, not what the processes do.
/// <reference lib="dom" />
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { serializeRecording, type ForkscopeEvent, type RecordingHeader } from '@forkscope/protocol';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RUN_SECONDS = 20;
const SPEED = 4;
const FIRST_PAINT_ROUNDS = 3;
const IDLE_MS = 3_000;
const DENSE: readonly { processes: number; events: number }[] = [
  { processes: 200, events: 20_000 },
  { processes: 1_000, events: 100_000 },
];

type Draft = ForkscopeEvent extends infer E ? (E extends ForkscopeEvent ? Omit<E, 'seq'> : never) : never;

/** What the page's test hook answers (apps/web/src/debug/test-hook.ts), as far as this benchmark reads it. */
declare global {
  interface Window {
    __forkscope: {
      idle(): Promise<void>;
      inspect(): { source: string; lanes: unknown[]; events: number; applied: number; clock: number; frames: number; lanesDrawn: number; status: string; playing: boolean };
    };
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * A dense recording: one root, `processes − 1` children spawned over the first 2 s, each printing until the end,
 * with what the kernel tells of each (descriptors at running, two memory readings: a track and a badge per lane).
 */
export function denseRecording(processes: number, total: number): string {
  const limits = { wallMs: 60_000, tasks: 512, memoryBytes: null, outputBytes: 100_000_000, cpuSeconds: 60 };
  const drafts: Draft[] = [
    { type: 'run.started', t: 0, pid: 0, runId: 'bench-dense', scenario: null, params: {}, driver: 'node', containment: 'cgroup', limits, warnings: [] },
    { type: 'process.running', t: 1_000, pid: 10_000, ppid: 1, name: 'MainProcess' },
  ];
  const children = processes - 1;
  const spawnEvery = Math.floor(2_000_000 / children);
  for (let i = 0; i < children; i++) {
    const pid = 10_001 + i;
    const t = 2_000 + i * spawnEvery;
    drafts.push({ type: 'process.spawned', t, pid, ppid: 10_000, name: `Process-${i + 1}`, daemon: false, target: 'work' });
    drafts.push({ type: 'process.running', t: t + 3_000, pid, ppid: 10_000, name: `Process-${i + 1}` });
    const fds = [0, 1, 2, 3, 4].map((fd) => ({ fd, kind: 'pipe' as const, name: `pipe:[${fd + 1000}]`, shared: fd !== 4 }));
    drafts.push({ type: 'process.fds', t: t + 3_100, pid, ppid: 10_000, fds, source: 'sampler' });
    for (const [dt, privateDirty] of [[3_200, 1_000_000], [3_400, 2_500_000]] as const) {
      drafts.push({ type: 'process.memory', t: t + dt, pid, rss: 9_000_000, pss: 5_000_000, privateDirty, privateClean: 0, sharedDirty: 7_000_000, sharedClean: 1_000_000, swap: 0, source: 'process' });
    }
  }
  const endUs = RUN_SECONDS * 1e6;
  const closing = children + 2; // exits of every child and of main, then run.ended
  const outputs = total - drafts.length - closing;
  const start = 2_100_000;
  for (let k = 0; k < outputs; k++) {
    const t = start + Math.floor(((endUs - 400_000 - start) * k) / outputs);
    drafts.push({ type: 'process.output', t, pid: 10_001 + (k % children), stream: 'stdout', text: `line ${Math.floor(k / children)}\n` });
  }
  for (let i = 0; i < children; i++) drafts.push({ type: 'process.exited', t: endUs - 300_000 + i * 1_000, pid: 10_001 + i, exitCode: 0, signal: null, reapedBy: 10_000 });
  drafts.push({ type: 'process.exited', t: endUs - 20_000, pid: 10_000, exitCode: 0, signal: null, reapedBy: 0 });
  drafts.push({ type: 'run.ended', t: endUs, pid: 10_000, status: 'completed', reason: null, exitCode: 0, leftovers: 0 });
  const events = drafts.map((d, seq) => ({ ...d, seq }) as ForkscopeEvent);
  const header: RecordingHeader = {
    format: 'forkscope-recording',
    version: 1,
    runId: 'bench-dense',
    scenario: null,
    params: {},
    driver: 'node',
    startedAt: new Date(0).toISOString(),
    host: { platform: 'linux', release: '', node: process.version, cpus: 2 },
  };
  return serializeRecording(header, events);
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'apps/api/src/main.ts', '--port', '0', '--data', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+?)\/?\s/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`The server exited with code ${code} before listening: ${out}`)));
  });
  return { child, url };
}

/** Frames per second of a bare requestAnimationFrame loop over `ms` (what the browser offers). */
async function bareFps(page: Page, ms: number): Promise<number> {
  return page.evaluate(
    (ms) =>
      new Promise<number>((resolve) => {
        let frames = 0;
        const start = performance.now();
        const tick = (now: number) => {
          frames += 1;
          if (now - start < ms) requestAnimationFrame(tick);
          else resolve((frames * 1000) / (now - start));
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

async function loadDense(page: Page, url: string, processes: number, events: number): Promise<{ loadMs: number; lanes: number; events: number }> {
  await page.goto(url);
  await page.waitForFunction(() => window.__forkscope !== undefined);
  const text = denseRecording(processes, events);
  const transfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dense.ndjson'));
    return dt;
  }, text);
  const loadStart = Date.now();
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await page.waitForFunction(() => window.__forkscope.inspect().source === 'replay', null, { timeout: 120_000 });
  await page.evaluate(() => window.__forkscope.idle());
  const loadMs = Date.now() - loadStart;
  const loaded = await page.evaluate(() => window.__forkscope.inspect());
  return { loadMs, lanes: loaded.lanes.length, events: loaded.events };
}

async function replayFps(page: Page, url: string, processes: number, events: number): Promise<void> {
  const loaded = await loadDense(page, url, processes, events);
  const baseline = await bareFps(page, 2_000);
  await page.getByTestId('speed').selectOption(String(SPEED));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])) as Record<string, number>;
  const m0 = await metrics();
  const before = await page.evaluate(() => ({ frames: window.__forkscope.inspect().frames, at: performance.now() }));
  await page.keyboard.press(' '); // from the end, play starts over
  await page.waitForFunction(
    () => {
      const s = window.__forkscope.inspect();
      return s.applied === s.events && s.clock > 0 && !s.playing;
    },
    null,
    { timeout: 180_000, polling: 250 },
  );
  const after = await page.evaluate(() => ({ frames: window.__forkscope.inspect().frames, at: performance.now() }));
  const m1 = await metrics();
  const seconds = (after.at - before.at) / 1000;
  const frames = after.frames - before.frames;
  const fps = frames / seconds;
  // Main-thread CPU per frame does not depend on what else the machine runs; the fps does.
  const cpuMs = ((m1.ThreadTime! - m0.ThreadTime!) * 1000) / frames;
  const scriptMs = ((m1.ScriptDuration! - m0.ScriptDuration!) * 1000) / frames;
  console.log(`replay of ${loaded.lanes} processes, ${loaded.events} events at ${SPEED}× (${(RUN_SECONDS / SPEED).toFixed(1)} s of play, idle gaps skipped):`);
  console.log(`  load (parse + reduce + first frame): ${loaded.loadMs} ms`);
  console.log(`  bare requestAnimationFrame:          ${baseline.toFixed(1)} fps`);
  console.log(`  timeline frames drawn while playing:  ${fps.toFixed(1)} fps over ${seconds.toFixed(2)} s`);
  console.log(`  main-thread CPU per frame:           ${cpuMs.toFixed(1)} ms (script wall time ${scriptMs.toFixed(1)} ms) → ${(1000 / cpuMs).toFixed(0)} fps if the CPU were ours`);
  console.log(`  ratio timeline / bare:               ${(fps / baseline).toFixed(2)} (goal: ≥ 50 fps; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
}

/** Frames drawn while nothing changes: a loaded replay at rest, no pointer over it. */
async function idleFrames(page: Page, url: string): Promise<void> {
  await loadDense(page, url, 200, 20_000);
  await page.evaluate(() => window.__forkscope.idle());
  await page.mouse.move(0, 0);
  const before = await page.evaluate(() => window.__forkscope.inspect().frames);
  const baseline = await bareFps(page, IDLE_MS);
  const after = await page.evaluate(() => window.__forkscope.inspect().frames);
  const bareFrames = Math.round((baseline * IDLE_MS) / 1000);
  console.log(`idle (a loaded replay at rest, ${IDLE_MS / 1000} s):`);
  console.log(`  bare requestAnimationFrame:          ${bareFrames} frames`);
  console.log(`  timeline frames drawn:               ${after - before} frames`);
  console.log(`  ratio timeline / bare:               ${((after - before) / Math.max(1, bareFrames)).toFixed(3)} (goal: 0)`);
}

async function firstPaint(page: Page, url: string): Promise<void> {
  // Note when the first process event reaches the page, without touching the app.
  await page.addInitScript(() => {
    const w = window as unknown as { __firstProcessEventAt: number | null };
    w.__firstProcessEventAt = null;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(u: string | URL, p?: string | string[]) {
        super(u, p);
        this.addEventListener('message', (e) => {
          if (w.__firstProcessEventAt === null && typeof e.data === 'string' && e.data.includes('"type":"events"') && e.data.includes('"process.')) {
            w.__firstProcessEventAt = performance.now();
          }
        });
      }
    } as typeof WebSocket;
  });
  const paint: number[] = [];
  const arrival: number[] = [];
  for (let i = 0; i < FIRST_PAINT_ROUNDS + 1; i++) {
    await page.goto(url);
    await page.waitForFunction(() => window.__forkscope !== undefined);
    await page.getByTestId('scenario').selectOption('first-child');
    const result = await page.evaluate(
      () =>
        new Promise<{ paint: number; arrival: number }>((resolve) => {
          const w = window as unknown as { __firstProcessEventAt: number | null };
          const run = document.querySelector('[data-testid=run]') as HTMLButtonElement;
          const clicked = performance.now();
          run.click();
          const poll = () => {
            const s = window.__forkscope.inspect();
            if (s.lanesDrawn >= 1 && w.__firstProcessEventAt !== null) resolve({ paint: performance.now() - clicked, arrival: w.__firstProcessEventAt - clicked });
            else requestAnimationFrame(poll);
          };
          requestAnimationFrame(poll);
        }),
    );
    await page.waitForFunction(() => window.__forkscope.inspect().status !== 'running', null, { timeout: 60_000 });
    if (i === 0) continue; // warm-up: the first run bundles the program
    paint.push(result.paint);
    arrival.push(result.arrival);
  }
  const p = median(paint);
  const a = median(arrival);
  console.log(`live run (first-child), Run click → first lane, median of ${FIRST_PAINT_ROUNDS} after a warm-up:`);
  console.log(`  first process event reaches the page: ${a.toFixed(0)} ms`);
  console.log(`  first lane drawn on the canvas:       ${p.toFixed(0)} ms`);
  console.log(`  ratio paint / arrival:                ${(p / a).toFixed(2)} (the web adds ${(p - a).toFixed(0)} ms; goal: first lane within 1 s)`);
}

export default async function (): Promise<void> {
  if (!existsSync(join(root, 'apps/web/dist/index.html'))) {
    const built = spawnSync('npx', ['-y', 'pnpm@10.34.9', '--filter', '@forkscope/web', 'run', 'build'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`Building the web app failed with exit code ${built.status}`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'forkscope-web-bench-'));
  const server = await startServer(dataDir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--disable-gpu'] });
  // tsx compiles this file with esbuild's keepNames, whose `__name` helper would follow the functions
  // handed to page.evaluate into the page: give the page a no-op one.
  const newPage = async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    return page;
  };
  try {
    for (const { processes, events } of DENSE) {
      const page = await newPage();
      await replayFps(page, server.url, processes, events);
      await page.close();
    }
    const idle = await newPage();
    await idleFrames(idle, server.url);
    await idle.close();
    await firstPaint(await newPage(), server.url);
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
