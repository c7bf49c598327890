# net.* events for the socket chat, from the socket module itself, so the seed's code stays as written:
# listen() -> net.listening, accept() -> net.accepted, connect() -> net.connected, close() of a connected
# socket -> net.closed. Each wrapper calls the original first and reports only what succeeded.
import socket
import weakref

from . import channel

_connected = weakref.WeakSet()


def _peer(address):
    if isinstance(address, tuple) and len(address) >= 2:
        return '%s:%s' % (address[0], address[1])
    return str(address)


def _local_port(sock):
    try:
        address = sock.getsockname()
        return address[1] if isinstance(address, tuple) else 0
    except OSError:
        return 0


def install():
    cls = socket.socket
    original_listen = cls.listen
    original_accept = cls.accept
    original_connect = cls.connect
    original_close = cls.close

    def listen(self, *args):
        result = original_listen(self, *args)
        if self.family in (socket.AF_INET, socket.AF_INET6):
            channel.emit('net.listening', port=_local_port(self))
        return result

    def accept(self):
        conn, address = original_accept(self)
        if self.family in (socket.AF_INET, socket.AF_INET6):
            channel.emit('net.accepted', port=_local_port(self), peer=_peer(address))
        return conn, address

    def connect(self, address):
        result = original_connect(self, address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
            channel.emit('net.connected', port=int(address[1]), peer=_peer(address))
            _connected.add(self)
        return result

    def close(self):
        if self in _connected:
            _connected.discard(self)
            try:
                address = self.getpeername()
                channel.emit('net.closed', port=int(address[1]), peer=_peer(address))
            except OSError:
                pass
        return original_close(self)

    cls.listen = listen
    cls.accept = accept
    cls.connect = connect
    cls.close = close
