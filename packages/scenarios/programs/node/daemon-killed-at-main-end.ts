// 5.2 主进程代码执行结束守护进程立即结束 — daemons end when main's code ends; other children are waited for.
import { Process, sleep } from '@forkscope/core';

export async function foo() {
  console.log(123);
  await sleep(1);
  console.log('end123');
}

export async function bar() {
  console.log(456);
  await sleep(3);
  console.log('end456');
}

export async function main({ mainSleep = 0.1 }) {
  const p1 = new Process({ target: foo });
  const p2 = new Process({ target: bar });

  p1.daemon = true;
  p1.start();
  p2.start();
  await sleep(mainSleep);
  console.log('main-------'); // 打印该行则主进程代码结束,则守护进程p1应该被终止.#可能会有p1任务执行的打印信息123,因为主进程打印main----时,p1也执行了,但是随即被终止.
}
