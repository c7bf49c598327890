# 4.3 查看主进程和子进程的进程号 — the seed's code. A trailing "# param: NAME" marks a value the playground can change.
import os
from multiprocessing import Process


def f(x):
    print('子进程id :', os.getpid(), '父进程id :', os.getppid())
    return x*x


if __name__ == '__main__':
    print('主进程id :', os.getpid())
    p_lst = []
    for i in range(5):  # param: count
        p = Process(target=f, args=(i,))
        p.start()
