# 4.7 通过继承Process类开启进程 — the seed's code (no __main__ guard in the seed: it works with fork only).
import os
from multiprocessing import Process


class MyProcess(Process):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def run(self):
        print(os.getpid())
        print('%s 正在和女主播聊天' % self.name)


p1 = MyProcess('wupeiqi')
p2 = MyProcess('yuanhao')
p3 = MyProcess('nezha')

p1.start()  # start会自动调用run
p2.start()  # p2.run()
p3.start()

p1.join()
p2.join()
p3.join()

print('主线程')
