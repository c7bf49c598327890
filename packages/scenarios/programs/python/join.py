# 4.2 join方法 — the seed's code (p.join() is commented out in the seed). A trailing "# param: NAME=VALUE" makes its line code only for that value.
import time
from multiprocessing import Process


def f(name):
    print('hello', name)
    time.sleep(1)
    print('我是子进程')


if __name__ == '__main__':
    p = Process(target=f, args=('bob',))
    p.start()
    # p.join()  # param: join=true
    print('我是父进程')
