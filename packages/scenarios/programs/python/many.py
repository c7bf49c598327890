# 4.4 多个进程同时运行 — the seed's code. A trailing "# param: NAME" marks a value the playground can change.
import time
from multiprocessing import Process


def f(name):
    print('hello', name)
    time.sleep(1)


if __name__ == '__main__':
    p_lst = []
    for i in range(5):  # param: count
        p = Process(target=f, args=('bob',))
        p.start()
        p_lst.append(p)
