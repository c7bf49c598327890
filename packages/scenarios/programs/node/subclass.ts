// 4.7 通过继承Process类开启进程 — subclass Process and override run().
import { Process, getpid } from '@forkscope/core';

export class MyProcess extends Process {
  constructor(name: string) {
    super();
    this.name = name;
  }

  run() {
    console.log(getpid());
    console.log(`${this.name} 正在和女主播聊天`);
  }
}

export async function main() {
  const p1 = new MyProcess('wupeiqi');
  const p2 = new MyProcess('yuanhao');
  const p3 = new MyProcess('nezha');

  p1.start(); // start会自动调用run
  p2.start(); // p2.run()
  p3.start();

  await p1.join();
  await p2.join();
  await p3.join();

  console.log('主线程');
}
