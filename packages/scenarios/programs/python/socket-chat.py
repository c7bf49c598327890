# 6.1 / 6.2 使用多进程实现socket聊天并发 — the seed's server (6.1) and client (6.2) in one program. Main is the
# server; it also starts the clients as processes, scripted or typed into from the browser.
# What differs from the seed, so that runs can sit side by side and end by themselves: the port is 0 (the kernel
# picks a free one; the seed binds 8080), the server accepts `clients` connections instead of looping forever,
# and a scripted client prints each line it sends instead of reading it with input().
# A trailing "# param: NAME" marks a value the playground can change.
from socket import *
from multiprocessing import Process

server = socket(AF_INET, SOCK_STREAM)
server.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
server.bind(('127.0.0.1', 0))  # the seed binds 8080
server.listen(5)


def talk(conn, client_addr):
    while True:
        try:
            msg = conn.recv(1024)
            if not msg: break
            conn.send(msg.upper())
        except Exception:
            break


def client(port, script):
    client = socket(AF_INET, SOCK_STREAM)
    client.connect(('127.0.0.1', port))
    while True:
        if script is None:
            msg = input('>>: ').strip()
            if msg == 'exit': break
        elif script:
            msg = script.pop(0)
            print('>>: ' + msg)
            msg = msg.strip()
        else:
            break
        if not msg: continue
        client.send(msg.encode('utf-8'))
        msg = client.recv(1024)
        print(msg.decode('utf-8'))
    client.close()


if __name__ == '__main__':  # windows下start进程一定要写到这下面
    clients = 2  # param: clients
    messages = ['hello', '', 'ni hao']  # param: messages
    interactive = False  # param: interactive
    port = server.getsockname()[1]
    for i in range(clients):
        c = Process(target=client, args=(port, None if interactive else messages), name='client-%d' % (i + 1))
        c.start()
    for i in range(clients):  # the seed: while True
        conn, client_addr = server.accept()
        p = Process(target=talk, args=(conn, client_addr), name='handler-%d' % (i + 1))
        p.start()
