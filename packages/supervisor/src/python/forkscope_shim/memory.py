# process.memory from the process itself, at the moments that matter and that an outside sampler would miss in
# a short-lived child: its first instruction (right after a fork, nearly all it has is shared with its parent)
# and each change of a watched variable (writing one copies the page it lives on). The numbers are the kernel's
# own (/proc/self/smaps_rollup); reading them dirties a page or two of this process, which is the price of asking.
#
# The kernel walks the process's page tables to answer (~0.3 ms in a freshly forked child, a quarter more CPU in
# a 50-process fan-out), so the first-instruction reading is taken only where the memory is the lesson: a program
# that watches its variables (`# forkscope-watch`, the data-isolation lesson), or a run that chose its start
# method (fork against spawn). Elsewhere the supervisor's sampler reads memory from outside.
import os

from . import channel

_FIELDS = {
    b'Rss': 'rss',
    b'Pss': 'pss',
    b'Private_Dirty': 'privateDirty',
    b'Private_Clean': 'privateClean',
    b'Shared_Dirty': 'sharedDirty',
    b'Shared_Clean': 'sharedClean',
    b'Swap': 'swap',
}
_MEMORY = ('{"type":"process.memory","pid":%d,"tm":%d,"rss":%d,"pss":%d,"privateDirty":%d,"privateClean":%d,'
           '"sharedDirty":%d,"sharedClean":%d,"swap":%d,"source":"process"}\n')
_unavailable = False
_AT_START = bool(os.environ.get('FORKSCOPE_PY_WATCH') or os.environ.get('FORKSCOPE_PY_START_METHOD'))


def report_at_start():
    """The reading at the process's first instruction, where the run asks for it (see above)."""
    if _AT_START:
        report()


def report():
    """Reads this process's rollup and reports it. Silent where the kernel has none (before Linux 4.14)."""
    global _unavailable
    if _unavailable or not channel.is_open():
        return
    tm = channel.now_us()
    try:
        fd = os.open('/proc/self/smaps_rollup', os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        _unavailable = True
        return
    try:
        data = os.read(fd, 4096)
    except OSError:
        return
    finally:
        os.close(fd)
    values = dict.fromkeys(_FIELDS.values(), 0)
    for line in data.split(b'\n'):
        name, _, rest = line.partition(b':')
        key = _FIELDS.get(name)
        if key is not None:
            number = rest.split()
            if number and number[0].isdigit():
                values[key] = int(number[0]) * 1024
    channel._write_line((_MEMORY % (channel.pid(), tm, values['rss'], values['pss'], values['privateDirty'], values['privateClean'],
                                    values['sharedDirty'], values['sharedClean'], values['swap'])).encode('ascii'))
