// 4.2 join方法 — what join() changes. The seed has "# p.join()" commented out: that is `join: false`.
import { Process, sleep } from '@forkscope/core';

export async function f(name: string) {
  console.log('hello', name);
  await sleep(1);
  console.log('我是子进程');
}

export async function main({ join = false }) {
  const p = new Process({ target: f, args: ['bob'] });
  p.start();
  if (join) await p.join();
  console.log('我是父进程');
}
