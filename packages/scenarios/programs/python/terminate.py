# 7.1 进程对象的其他方法:terminate和is_alive — the seed's code (no __main__ guard in the seed: it works with fork only).
from multiprocessing import Process
import time
import random


class Myprocess(Process):
    def __init__(self, person):
        self.name = person
        super().__init__()

    def run(self):
        print('%s正在和网红脸聊天' % self.name)
        time.sleep(random.randrange(1, 5))
        print('%s还在和网红脸聊天' % self.name)


p1 = Myprocess('哪吒')
p1.start()

p1.terminate()  # 关闭进程,不会立即关闭,所以is_alive立刻查看的结果可能还是存活
print(p1.is_alive())  # 结果为True

print('开始')
print(p1.is_alive())  # 结果为False
