# 4.1 在Python中启动的第一个子进程 — the seed's code. A trailing "# param: NAME" marks a value the playground can change.
import time
from multiprocessing import Process


def f(name):
    print('hello', name)
    print('我是子进程')


if __name__ == '__main__':
    p = Process(target=f, args=('bob',))
    p.start()
    time.sleep(1)  # param: mainSleep
    print('执行主进程的内容了')
