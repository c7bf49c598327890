// 7.1 进程对象的其他方法:terminate和is_alive
import { Process, sleep } from '@forkscope/core';

export class Myprocess extends Process {
  constructor(_person: string) {
    // The seed sets self.name = person BEFORE super().__init__(), which then overwrites it.
    // TypeScript allows no `this` before super(), so the name stays Process's default: Myprocess-1.
    super();
  }

  async run() {
    console.log(`${this.name}正在和网红脸聊天`);
    await sleep(1 + Math.floor(Math.random() * 4)); // random.randrange(1,5)
    console.log(`${this.name}还在和网红脸聊天`);
  }
}

export async function main() {
  const p1 = new Myprocess('哪吒');
  p1.start();

  p1.terminate(); // 关闭进程,不会立即关闭,所以is_alive立刻查看的结果可能还是存活
  console.log(p1.isAlive()); // 结果为True

  console.log('开始');
  console.log(p1.isAlive()); // 结果为False (the seed's comment; watch the timeline)
}
