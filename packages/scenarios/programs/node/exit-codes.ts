// 3.2 属性介绍 — p.exitcode: how a process ended, side by side.
import { Process, exit, sleep } from '@forkscope/core';

export function returns() {
  return 'any value'; // the return value is discarded: exit code 0
}

export function raises() {
  throw new Error('bad thing'); // uncaught: exit code 1
}

export function exits() {
  exit(3);
}

export async function sleeps() {
  await sleep(60);
}

export async function main({ lifetime = 1 }) {
  const ps = [
    new Process({ target: returns, name: 'returns' }),
    new Process({ target: raises, name: 'raises' }),
    new Process({ target: exits, name: 'exits' }),
    new Process({ target: sleeps, name: 'terminated' }),
    new Process({ target: sleeps, name: 'killed' }),
  ];
  console.log('before start():', ps[0]!.exitCode); // null: not started
  for (const p of ps) p.start();

  await sleep(lifetime);
  console.log('while running:', ps[3]!.exitCode); // null: still running
  ps[3]!.terminate(); // SIGTERM
  ps[4]!.kill(); // SIGKILL

  for (const p of ps) await p.join();
  for (const p of ps) console.log(p.name, p.exitCode);
}
