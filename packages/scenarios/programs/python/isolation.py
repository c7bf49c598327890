# 4.8 进程之间的数据隔离问题 — the seed's code. "# param: NAME=VALUE" makes its line code only for that value
# (the join is not in the seed). The playground shows each process's global n ("forkscope-watch" below).
# forkscope-watch: n
from multiprocessing import Process


def work():
    global n
    n = 0
    print('子进程内: ', n)


if __name__ == '__main__':
    n = 100
    p = Process(target=work)
    p.start()
    # p.join()  # param: join=true
    print('主进程内: ', n)
