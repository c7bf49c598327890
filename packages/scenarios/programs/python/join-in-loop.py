# 4.5 多个进程同时运行,再谈join方法(1) — the seed's code: p.join() is INSIDE the for loop.
# A trailing "# param: NAME" marks a value the playground can change; "# param: NAME=VALUE" makes its line code only for that value.
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
        p.join()  # param: join=each
    # [p.join() for p in p_lst]  # param: join=after-loop
    print('父进程在执行')
