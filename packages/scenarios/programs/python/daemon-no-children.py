# 五、守护进程 — 其二:守护进程内无法再开启子进程,否则抛出异常 (written in the seed's style; not a seed snippet).
from multiprocessing import Process


def grandchild():
    print('我是守护进程的子进程')


def task():
    print('守护进程开始')
    p = Process(target=grandchild)
    p.start()  # AssertionError: daemonic processes are not allowed to have children
    print('这一行不会执行')


if __name__ == '__main__':
    p = Process(target=task)
    p.daemon = True
    p.start()
    p.join()
    print('守护进程的退出码:', p.exitcode)
