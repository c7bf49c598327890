// 4.8 进程之间的数据隔离问题 — a global changed in the child stays unchanged in the parent.
import { Process, reportVar } from '@forkscope/core';

let n: number; // the module's global n

export function work() {
  n = 0; // global n
  reportVar('n', n);
  console.log('子进程内: ', n);
}

export async function main({ join = false }) {
  n = 100;
  reportVar('n', n);
  const p = new Process({ target: work });
  p.start();
  if (join) await p.join(); // not in the seed: wait, so that main reads n after the child changed its own
  console.log('主进程内: ', n);
  reportVar('n', n);
}
