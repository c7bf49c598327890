// 3.1 p.terminate() — terminating a parent does not end its children: they become orphans and run on.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Process, getpid, getppid, reportVar, sleep } from '@forkscope/core';

export async function tick(ticks: number, board: string) {
  for (let i = 1; i <= ticks; i++) {
    console.log(`孙进程 ${getpid()} 第${i}次, 父进程id : ${getppid()}`);
    reportVar('ppid', getppid());
    if (i === 1) writeFileSync(join(board, `started-${getpid()}`), '');
    await sleep(0.3);
  }
  writeFileSync(join(board, `done-${getpid()}`), '');
}

export async function parent(grandchildren: number, ticks: number, board: string) {
  for (let i = 0; i < grandchildren; i++) {
    const p = new Process({ target: tick, args: [ticks, board] });
    p.start();
  }
  await sleep(3600); // until it is terminated
}

export async function main({ grandchildren = 2, ticks = 6, parentLife = 0.5 }) {
  // Main cannot join its grandchildren (they are not its children): they leave a file here when they
  // have started and when they are done.
  const board = mkdtempSync(join(tmpdir(), 'orphans-'));
  const p = new Process({ target: parent, args: [grandchildren, ticks, board] });
  p.start();
  await waitFor(board, 'started-', grandchildren);
  await sleep(parentLife);
  p.terminate(); // 强制终止进程p,不会进行任何清理操作,如果p创建了子进程,该子进程就成了僵尸进程 — or does it?
  await p.join();
  console.log('父进程的退出码:', p.exitCode);
  await waitFor(board, 'done-', grandchildren);
  rmSync(board, { recursive: true });
}

async function waitFor(board: string, prefix: string, count: number) {
  while (readdirSync(board).filter((f) => f.startsWith(prefix)).length < count) await sleep(0.05);
}
