// A standby's side (see standby-pool.ts): once its runtime has loaded, it says so on its pipe and blocks in
// read() until its parent's start() sends the spec — it has nothing else to do, and a blocking read wakes it
// with no event-loop turn in between. EOF instead means the parent's code ended without needing it.
import type { Activation } from './standby-pool.js';
import { STANDBY_FD_ENV } from './standby-pool.js';

const { closeSync, readSync, writeSync } = process.getBuiltinModule('node:fs');

/** The pipe this process waits on as a standby, or null for a process started the ordinary way. */
export function takeStandbyFd(): number | null {
  const raw = process.env[STANDBY_FD_ENV];
  delete process.env[STANDBY_FD_ENV];
  const fd = Number(raw);
  return raw && Number.isInteger(fd) && fd > 2 ? fd : null;
}

/** Waits for the parent's start(); returns what it sent, or null when the standby is not needed. */
export function waitForTarget(fd: number): Activation | null {
  const chunks: Buffer[] = [];
  const buffer = Buffer.allocUnsafe(64 * 1024);
  try {
    writeSync(fd, 'r');
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EINTR') {
          Atomics.wait(sleeper, 0, 0, 1);
          continue;
        }
        throw error;
      }
      if (n === 0) return null;
      chunks.push(Buffer.from(buffer.subarray(0, n)));
      if (buffer[n - 1] === 10) break;
    }
  } catch {
    return null; // the parent is gone (EPIPE, ECONNRESET)
  } finally {
    closeSync(fd);
  }
  const activation = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Activation;
  // The world the child would have been spawned into at start(): the parent's environment and directory then.
  for (const key of Object.keys(process.env)) if (!(key in activation.env)) delete process.env[key];
  for (const [key, value] of Object.entries(activation.env)) if (process.env[key] !== value) process.env[key] = value;
  try {
    process.chdir(activation.cwd);
  } catch {
    // the directory is gone: stay where the standby started (a spawn would have failed instead)
  }
  return activation;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
