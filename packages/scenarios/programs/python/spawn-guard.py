# 3.3 在windows中使用process模块的注意事项 (written in the seed's style; not a seed snippet).
# Windows has no fork: a child is a fresh interpreter that re-imports this module (the spawn start method,
# chosen here explicitly, as Linux forks by default). The start() below is NOT under if __name__ == '__main__'.
import multiprocessing
from multiprocessing import Process


def f(name):
    print('hello', name)  # never printed: the child fails while importing this module


print('模块顶层代码在执行')
multiprocessing.set_start_method('spawn', force=True)
p = Process(target=f, args=('bob',))
p.start()  # 子进程里: RuntimeError ... before the current process has finished its bootstrapping phase

if __name__ == '__main__':
    p.join()
    print('子进程的退出码:', p.exitcode)
