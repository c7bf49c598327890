# 4.6 多个进程同时运行,再谈join方法(2) — the seed's code (the join line is commented out in the seed).
# A trailing "# param: NAME" marks a value the playground can change.
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
    # [p.join() for p in p_lst]
    print('父进程在执行')
