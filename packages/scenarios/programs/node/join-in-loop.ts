// 4.5 多个进程同时运行,再谈join方法(1) — p.join() inside the loop (the seed), after it, or not at all.
import { Process, sleep } from '@forkscope/core';

export async function f(name: string) {
  console.log('hello', name);
  await sleep(1);
}

export async function main({ count = 5, join = 'each' }) {
  const p_lst: Process[] = [];
  for (let i = 0; i < count; i++) {
    const p = new Process({ target: f, args: ['bob'] });
    p.start();
    p_lst.push(p);
    if (join === 'each') await p.join();
  }
  if (join === 'after-loop') for (const p of p_lst) await p.join();
  console.log('父进程在执行');
}
