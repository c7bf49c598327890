// 5.1 守护进程的启动 — a daemon process.
import { Process, getpid, sleep } from '@forkscope/core';

export class Myprocess extends Process {
  person: string;

  constructor(person: string) {
    super();
    this.person = person;
  }

  run() {
    console.log(getpid(), this.name);
    console.log(`${this.person}正在和女主播聊天`);
  }
}

export async function main({ mainSleep = 10 }) {
  const p = new Myprocess('哪吒');
  p.daemon = true; // 一定要在p.start()前设置,设置p为守护进程,禁止p创建子进程,并且父进程代码执行结束,p即终止运行
  p.start();
  await sleep(mainSleep); // 在sleep时查看进程id对应的进程ps -ef|grep id
  console.log('主');
}
