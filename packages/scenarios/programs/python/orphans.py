# 3.1 p.terminate():强制终止进程p,不会进行任何清理操作,如果p创建了子进程,该子进程就成了僵尸进程 — or does it?
# (written in the seed's style; not a seed snippet). A trailing "# param: NAME" marks a value the playground can change.
# The playground shows each grandchild's parent pid as it changes ("forkscope-watch" below).
# forkscope-watch: @ppid
import os
import time
from multiprocessing import Process


def tick(ticks):
    for i in range(1, ticks + 1):
        print('孙进程 %s 第%s次, 父进程id : %s' % (os.getpid(), i, os.getppid()))
        time.sleep(0.3)


def parent(grandchildren, ticks):
    for i in range(grandchildren):
        p = Process(target=tick, args=(ticks,))
        p.start()
    time.sleep(3600)  # until it is terminated


if __name__ == '__main__':
    grandchildren = 2  # param: grandchildren
    ticks = 6  # param: ticks
    p = Process(target=parent, args=(grandchildren, ticks))
    p.start()
    time.sleep(0.5)  # param: parentLife
    p.terminate()  # 强制终止进程p,不会进行任何清理操作,如果p创建了子进程,该子进程就成了僵尸进程 — or does it?
    p.join()
    print('父进程的退出码:', p.exitcode)
    time.sleep(ticks * 0.3 + 1)  # main cannot join its grandchildren; it stays to watch them
