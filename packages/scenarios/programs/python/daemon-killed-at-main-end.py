# 5.2 主进程代码执行结束守护进程立即结束 — the seed's code ("import time" added: the seed snippet lacks it).
# No __main__ guard in the seed: it works with fork only. A trailing "# param: NAME" marks a value the playground can change.
import time
from multiprocessing import Process


def foo():
    print(123)
    time.sleep(1)
    print("end123")


def bar():
    print(456)
    time.sleep(3)
    print("end456")


p1 = Process(target=foo)
p2 = Process(target=bar)

p1.daemon = True
p1.start()
p2.start()
time.sleep(0.1)  # param: mainSleep
print("main-------")  # 打印该行则主进程代码结束,则守护进程p1应该被终止.#可能会有p1任务执行的打印信息123,因为主进程打印main----时,p1也执行了,但是随即被终止.
