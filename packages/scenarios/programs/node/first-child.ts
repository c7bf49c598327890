// 4.1 在Python中启动的第一个子进程 — the first child process.
import { Process, sleep } from '@forkscope/core';

export function f(name: string) {
  console.log('hello', name);
  console.log('我是子进程');
}

export async function main({ mainSleep = 1 }) {
  const p = new Process({ target: f, args: ['bob'] });
  p.start();
  await sleep(mainSleep);
  console.log('执行主进程的内容了');
}
