# 3.2 属性介绍 — p.exitcode: how a process ended, side by side (written in the seed's style; not a seed snippet).
# A trailing "# param: NAME" marks a value the playground can change.
import sys
import time
from multiprocessing import Process


def returns():
    return 'any value'  # the return value is discarded: exitcode 0


def raises():
    raise ValueError('bad thing')  # uncaught: exitcode 1


def exits():
    sys.exit(3)


def sleeps():
    time.sleep(60)


if __name__ == '__main__':
    ps = [
        Process(target=returns, name='returns'),
        Process(target=raises, name='raises'),
        Process(target=exits, name='exits'),
        Process(target=sleeps, name='terminated'),
        Process(target=sleeps, name='killed'),
    ]
    print('before start():', ps[0].exitcode)  # None: not started
    for p in ps:
        p.start()

    time.sleep(0.5)  # param: lifetime
    print('while running:', ps[3].exitcode)  # None: still running
    ps[3].terminate()  # SIGTERM
    ps[4].kill()  # SIGKILL

    for p in ps:
        p.join()
    for p in ps:
        print(p.name, p.exitcode)
