// 4.4 多个进程同时运行 — several processes at once.
import { Process, sleep } from '@forkscope/core';

export async function f(name: string) {
  console.log('hello', name);
  await sleep(1);
}

export async function main({ count = 5 }) {
  const p_lst: Process[] = [];
  for (let i = 0; i < count; i++) {
    const p = new Process({ target: f, args: ['bob'] });
    p.start();
    p_lst.push(p);
  }
}
