# The trace channel (team contract 2): one JSON record per line, each written with ONE write() call to the
# inherited fd FORKSCOPE_TRACE_FD, so that a SIGKILL right after an event loses nothing and records of
# different processes never interleave inside a line.
import os
import select
import time

MAX_LINE_BYTES = 4000

_fd = -1
_pid = 0
_broken = False


def open_channel(fd):
    global _fd, _pid
    _fd = fd
    _pid = os.getpid()
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _after_fork_in_child():
    global _pid
    _pid = os.getpid()


def pid():
    """This process's pid, cached (updated in fork children), because every record carries it."""
    return _pid


def fd():
    return _fd if not _broken else -1


def now_us():
    """Absolute CLOCK_MONOTONIC in microseconds, the clock every process of a run shares."""
    return time.monotonic_ns() // 1000


def is_open():
    return _fd >= 0 and not _broken


def emit(event_type, tm=None, pid_=None, **fields):
    """Writes one record. Returns False when the channel is closed or broken (the collector went away)."""
    record = {'type': event_type, 'pid': _pid if pid_ is None else pid_, 'tm': now_us() if tm is None else tm}
    record.update(fields)
    return _write_line(_encode(record))


def emit_output(stream, text, tm=None):
    """process.output for `text`, split into several records when one line would exceed MAX_LINE_BYTES."""
    if tm is None:
        tm = time.monotonic_ns() // 1000
    if len(text) * 6 <= _SHORT_TEXT:
        # The common case, formatted in one go: surely within a line (a character escapes to at most 6 bytes).
        return _write_line((_OUTPUT % (_pid, tm, stream, _string(text))).encode('utf-8', 'surrogatepass'))
    ok = True
    for piece in _split_to_fit(text, lambda t: _encode({'type': 'process.output', 'pid': _pid, 'tm': tm, 'stream': stream, 'text': t})):
        ok = _write_line(piece) and ok
    return ok


# The records every process writes, formatted directly. In a parent that forks often, every object the
# shim touches between two forks costs a copy-on-write page fault, and the generic encoder touches many.
_OUTPUT = '{"type":"process.output","pid":%d,"tm":%d,"stream":"%s","text":%s}\n'
_SHORT_TEXT = MAX_LINE_BYTES - 100
_RUNNING = '{"type":"process.running","pid":%d,"tm":%d,"ppid":%d,"name":%s}\n'
_SPAWNED = '{"type":"process.spawned","pid":%d,"tm":%d,"ppid":%d,"name":%s,"daemon":%s,"target":%s}\n'
_EXITED = '{"type":"process.exited","pid":%d,"tm":%d,"exitCode":%d,"signal":%s,"reapedBy":%d}\n'
_BARE = '{"type":"%s","pid":%d,"tm":%d}\n'


def emit_running(ppid, name):
    return _write_line(_short(_RUNNING % (_pid, time.monotonic_ns() // 1000, ppid, _string(name))))


def emit_spawned(tm, pid, name, daemon, target):
    line = _SPAWNED % (pid, tm, _pid, _string(name), 'true' if daemon else 'false', 'null' if target is None else _string(target))
    return _write_line(_short(line))


def emit_exited(pid, exit_code, signal_name, reaped_by):
    line = _EXITED % (pid, time.monotonic_ns() // 1000, exit_code, 'null' if signal_name is None else '"%s"' % signal_name, reaped_by)
    return _write_line(line.encode('ascii'))


def emit_bare(event_type):
    """A record with nothing but its type (process.main-ended)."""
    return _write_line((_BARE % (event_type, _pid, time.monotonic_ns() // 1000)).encode('ascii'))


def _short(line):
    # Names and targets are short; a pathological one is cut rather than breaking the line limit.
    data = line.encode('utf-8', 'surrogatepass')
    return data if len(data) <= MAX_LINE_BYTES else data[:MAX_LINE_BYTES - 1].decode('utf-8', 'ignore').encode('utf-8') + b'\n'


# Records are flat objects of ints, strings, booleans and None: formatting them directly is several times
# cheaper than json's generic encoder and touches fewer objects (in a freshly forked parent every touched
# page costs a copy-on-write fault). Anything else goes through the generic encoder.
try:
    from _json import encode_basestring as _string  # json's C string encoder (keeps non-ASCII), without json's imports
except ImportError:
    from json.encoder import encode_basestring as _string
_encoder = None


def _json_value(value):
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        return _string(value)
    if value is None:
        return 'null'
    if value is True:
        return 'true'
    if value is False:
        return 'false'
    global _encoder
    if _encoder is None:
        import json
        _encoder = json.JSONEncoder(ensure_ascii=False, separators=(',', ':'), default=repr)
    return _encoder.encode(value)


def _encode(record):
    body = ','.join(['"%s":%s' % (key, _json_value(value)) for key, value in record.items()])
    return ('{' + body + '}\n').encode('utf-8', 'surrogatepass')


def _split_to_fit(text, encode):
    line = encode(text)
    if len(line) <= MAX_LINE_BYTES or len(text) <= 1:
        yield line
        return
    # Halving on str indices keeps every piece on a character boundary; JSON escaping makes the byte size of
    # a piece unpredictable, so measure rather than estimate.
    middle = len(text) // 2
    yield from _split_to_fit(text[:middle], encode)
    yield from _split_to_fit(text[middle:], encode)


def _write_line(data):
    global _broken
    if _fd < 0 or _broken:
        return False
    try:
        written = os.write(_fd, data)
        if written == len(data):
            return True
    except BlockingIOError:
        written = 0  # the pipe is full
    except OSError:
        _broken = True
        return False
    # The rest (a socket may take part of a line): wait for room as often as needed.
    view = memoryview(data)[written:]
    while view:
        try:
            written = os.write(_fd, view)
        except BlockingIOError:
            select.select([], [_fd], [])
            continue
        except OSError:
            _broken = True
            return False
        view = view[written:]
    return True
