// 4.3 查看主进程和子进程的进程号 — os.getpid() and os.getppid().
import { Process, getpid, getppid } from '@forkscope/core';

export function f(x: number) {
  console.log('子进程id :', getpid(), '父进程id :', getppid());
  return x * x;
}

export async function main({ count = 5 }) {
  console.log('主进程id :', getpid());
  for (let i = 0; i < count; i++) {
    const p = new Process({ target: f, args: [i] });
    p.start();
  }
}
