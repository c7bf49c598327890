// 7.2 进程对象的其他属性:pid和name
import { Process, sleep } from '@forkscope/core';

export class Myprocess extends Process {
  constructor(person: string, nameAfterSuper = false) {
    // The seed sets self.name = person here, before super().__init__() — name属性是Process中的属性,标示进程的名字.
    // TypeScript allows no `this` before super(); either way super() gives the name Myprocess-1:
    super(); // 执行父类的初始化方法会覆盖name属性
    if (nameAfterSuper) this.name = person; // 在这里设置就可以修改进程名字了
  }

  async run() {
    console.log(`${this.name}正在和网红脸聊天`);
    await sleep(1 + Math.floor(Math.random() * 4)); // random.randrange(1,5)
    console.log(`${this.name}正在和网红脸聊天`);
  }
}

export async function main({ nameAfterSuper = false }) {
  const p1 = new Myprocess('哪吒', nameAfterSuper);
  p1.start();
  console.log(p1.pid); // 可以查看子进程的进程id
}
