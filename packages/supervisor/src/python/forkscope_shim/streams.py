# sys.stdout / sys.stderr / sys.stdin of a traced process.
#
# Output becomes process.output records of the writing pid, one record per write() that reaches the OS, which
# is what a terminal would receive. The buffering regime (SEMANTICS rule 33) is rebuilt with CPython's own io
# classes, so print() splits and flushes exactly where CPython would:
#   tty        - stdout line-buffered (what a user running the program in a terminal sees; the default)
#   pipe       - stdout block-buffered (8 KiB): output appears at flushes (start(), end of main code, exit)
#   unbuffered - every write goes straight through (PYTHONUNBUFFERED=1 / -u, IDE default)
# stderr is line-buffered except in unbuffered mode, as in CPython >= 3.9.
from codecs import utf_8_decode as _utf8_decode
import io
import os
import socket

from . import channel, watch

BUFFERINGS = ('tty', 'pipe', 'unbuffered')


class TraceWriter(io.RawIOBase):
    """The bottom of the stack: bytes that CPython would write(2) to fd 1/2 become one record each."""

    def __init__(self, stream, fallback_fd, tty):
        super().__init__()
        self._stream = stream
        self._fallback_fd = fallback_fd
        self._tty = tty
        self._tail = b''  # the start of a character whose other bytes come with the next write

    @property
    def name(self):
        return '<%s>' % self._stream

    def writable(self):
        return True

    def isatty(self):
        return self._tty

    def fileno(self):
        return self._fallback_fd

    def write(self, data):
        size = len(data)
        if self._tail:
            data = self._tail + bytes(data)
        # What an incremental UTF-8 decoder does, in C calls only (few objects touched: see channel.py).
        text, used = _utf8_decode(data, 'replace', False)
        self._tail = bytes(data[used:]) if used < len(data) else b''
        if watch._names:
            watch.report_changes()
        if text and not channel.emit_output(self._stream, text):
            # The collector is gone: the run's raw fd still reaches the supervisor (as untraced output).
            try:
                os.write(self._fallback_fd, data)
            except OSError:
                pass
        return size


def make_output_stream(stream, fd, buffering):
    tty = buffering == 'tty'
    raw = TraceWriter(stream, fd, tty)
    if buffering == 'unbuffered':
        text = io.TextIOWrapper(raw, encoding='utf-8', errors='backslashreplace' if stream == 'stderr' else 'strict',
                                line_buffering=False, write_through=True)
    else:
        buffered = io.BufferedWriter(raw, io.DEFAULT_BUFFER_SIZE)
        text = io.TextIOWrapper(buffered, encoding='utf-8', errors='backslashreplace' if stream == 'stderr' else 'strict',
                                line_buffering=(tty or stream == 'stderr'))
    text.mode = 'w'
    return text


class RunInputReader(io.RawIOBase):
    """stdin from the run's input socket (contract 2): connects on the first read, announces its pid,
    then yields the lines the supervisor delivers to that pid. End of file when the socket closes."""

    def __init__(self, path):
        super().__init__()
        self._path = path
        self._sock = None
        self._owner = None
        self._eof = False

    def readable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return 0

    def readinto(self, buffer):
        if self._eof:
            return 0
        me = os.getpid()
        if self._sock is None or self._owner != me:
            try:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.connect(self._path)
                sock.sendall(('%d\n' % me).encode('ascii'))
            except OSError:
                self._eof = True
                return 0
            self._sock, self._owner = sock, me
        n = self._sock.recv_into(buffer)
        if n == 0:
            self._eof = True
        return n

    def close(self):
        if self._sock is not None and self._owner == os.getpid():
            try:
                self._sock.close()
            except OSError:
                pass
        self._sock = None
        super().close()


def make_input_stream(path):
    raw = RunInputReader(path)
    text = io.TextIOWrapper(io.BufferedReader(raw), encoding='utf-8', errors='strict', line_buffering=False)
    text.mode = 'r'
    return text
