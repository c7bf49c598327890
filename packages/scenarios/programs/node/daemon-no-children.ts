// 五、守护进程 — 其二:守护进程内无法再开启子进程,否则抛出异常.
import { Process } from '@forkscope/core';

export function grandchild() {
  console.log('我是守护进程的子进程');
}

export function task() {
  console.log('守护进程开始');
  const p = new Process({ target: grandchild });
  p.start(); // AssertionError: daemonic processes are not allowed to have children
  console.log('这一行不会执行');
}

export async function main() {
  const p = new Process({ target: task, daemon: true });
  p.start();
  await p.join();
  console.log('守护进程的退出码:', p.exitCode);
}
