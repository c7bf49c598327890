// The root's standbys: spare children started ahead of time, each a Node runtime that has loaded the program
// bundle (not run it) and waits for a target. A node child otherwise costs a whole Node start-up between
// start() and its first instruction (~30 ms on a quiet 2-core machine, hundreds under load), while CPython's
// fork takes ~1.4 ms: too slow to tell the lessons' stories (5.2's daemon is killed before it prints).
// With a standby, start() hands the spec over a pipe and the child runs at once.
//
// What stays true: a standby is the parent's own child (real pid, real ppid), so `start()` still yields a
// child of the caller; what changes: the OS process exists before start() (reported as `process.standby`,
// which the timeline does not draw), its environment and cwd are the parent's at start() (sent with the
// spec), and an unused standby exits quietly when its parent's own code ends (EOF on its pipe).
import type { ChildProcess, StdioOptions } from 'node:child_process';
import type { Socket } from 'node:net';
import { emit, monotonicMicros, traceChannelFd } from '../trace/trace-channel.js';
import { context } from './process-context.js';

/** How many standbys the root keeps: two tell the 5.2 story (both children at once) and most bursts' start. */
const POOL_SIZE = 2;
/** A refill waits this long after a take: the children just started get the cores for their first steps. */
const REFILL_DELAY_MS = 20;
/** Longest the root waits for its first standbys before running the program anyway. */
const READY_WAIT_MS = 3000;
/** A spec larger than this goes the cold way (through the environment or a file, at spawn). */
const MAX_MESSAGE_CHARS = 64 * 1024;

export const STANDBY_FD_ENV = 'FORKSCOPE_STANDBY_FD';

interface Standby {
  child: ChildProcess;
  channel: Socket;
  ready: Promise<void>;
}

const pool: Standby[] = [];
let enabled = false;
let released = false;
let refill: NodeJS.Timeout | null = null;

/** What the parent sends a standby at start(): the child spec, and the world the child would have been spawned into. */
export interface Activation {
  spec: string;
  env: Record<string, string>;
  cwd: string;
}

/** Starts the pool (in the root, inside a run) and resolves when its standbys are ready, or after READY_WAIT_MS. */
export function startStandbyPool(): Promise<void> {
  if (traceChannelFd() === null || context.entryFile === null) return Promise.resolve();
  enabled = true;
  fill();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, READY_WAIT_MS)));
  return Promise.race([Promise.all(pool.map((s) => s.ready)), timeout]).then(() => clearTimeout(timer));
}

/** A standby taken for one start(): its pid is known, and `activate()` hands it its target. */
export interface TakenStandby {
  child: ChildProcess;
  activate(encodedSpec: string, env: NodeJS.ProcessEnv): void;
}

/**
 * A standby for a spec of `specChars` characters, or null when there is none (then start() spawns a child
 * the cold way). A standby still booting is taken too: it is ahead of a cold spawn either way.
 */
export function takeStandby(specChars: number): TakenStandby | null {
  if (!enabled || released || specChars > MAX_MESSAGE_CHARS) return null;
  const standby = pool.shift();
  if (!standby) return null;
  standby.child.ref();
  scheduleRefill();
  return {
    child: standby.child,
    activate(encodedSpec, env) {
      const activation: Activation = { spec: encodedSpec, env: env as Record<string, string>, cwd: process.cwd() };
      // A local socket takes the whole line in this call (Node tries the write at once): the child does not
      // wait for this process's event loop.
      standby.channel.end(`${JSON.stringify(activation)}\n`);
    },
  };
}

/**
 * Ends the pool when this process's own code has ended: unused standbys are killed (unseen: they never
 * became processes of the story). Resolves once they are gone, so none outlives its parent.
 */
export function releaseStandbys(): Promise<void> {
  released = true;
  if (refill) clearTimeout(refill);
  const gone = pool.splice(0).map((standby) => {
    standby.channel.destroy();
    const { child } = standby;
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    child.ref();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    return exited;
  });
  return Promise.all(gone).then(() => undefined);
}

function scheduleRefill(): void {
  if (refill || released) return;
  refill = setTimeout(() => {
    refill = null;
    fill();
  }, REFILL_DELAY_MS);
  refill.unref();
}

function fill(): void {
  while (!released && pool.length < POOL_SIZE) {
    const standby = spawnStandby();
    if (!standby) return;
    pool.push(standby);
  }
}

function spawnStandby(): Standby | null {
  const traceFd = traceChannelFd();
  if (traceFd === null || context.entryFile === null) return null;
  const stdio: StdioOptions = ['ignore', 'inherit', 'inherit'];
  while (stdio.length < traceFd) stdio.push('ignore');
  stdio[traceFd] = traceFd;
  const channelFd = stdio.length;
  stdio.push('pipe');
  const env: NodeJS.ProcessEnv = { ...process.env, [STANDBY_FD_ENV]: String(channelFd) };
  delete env.NODE_EXTRA_CA_CERTS; // ~40 ms per Node start, and programs need no extra CAs
  const startedAt = monotonicMicros();
  let child: ChildProcess;
  try {
    child = process.getBuiltinModule('node:child_process').spawn(process.execPath, [...process.execArgv, context.entryFile], { stdio, env });
  } catch {
    return null; // no standby (process or file limit): start() spawns the cold way
  }
  child.once('error', () => {});
  if (child.pid === undefined) return null;
  // Before anything else about it: the sampler must know it is not (yet) a process of the story.
  emit({ type: 'process.standby', pid: child.pid, ppid: process.pid }, startedAt);
  const channel = child.stdio[channelFd] as Socket;
  channel.on('error', () => {});
  const ready = new Promise<void>((resolve) => {
    channel.once('data', () => resolve());
    channel.once('close', () => resolve());
  });
  const standby: Standby = { child, channel, ready };
  child.once('exit', () => {
    const index = pool.indexOf(standby);
    if (index !== -1) pool.splice(index, 1);
  });
  // An idle standby must not keep this process alive; a taken one is ref'd again (join() waits for its exit).
  child.unref();
  channel.unref();
  return standby;
}
