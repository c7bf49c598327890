// 3.3 在windows中使用process模块的注意事项 — a child re-runs the program module's top-level code,
// as Python's spawn start method re-imports the main module. Here the start() is NOT guarded.
import { Process } from '@forkscope/core';

export function f(name: string) {
  console.log('hello', name); // never printed: the child fails while loading this module
}

// Top-level code: it runs in main, and again in the child while the child loads this module.
console.log('模块顶层代码在执行');
const p = new Process({ target: f, args: ['bob'] });
p.start(); // in the child: "an attempt has been made to start a new process before ... bootstrapping phase"

// main() runs only in the run's root process: the twin of `if __name__ == '__main__':`.
export async function main() {
  await p.join();
  console.log('子进程的退出码:', p.exitCode);
}
