# process.var for values a program asks the playground to show (a "# forkscope-watch: n, @ppid" line in the
# program; the driver passes the names in FORKSCOPE_PY_WATCH). A name is a global of the main module
# (`__mp_main__` in spawn children); `@ppid` is os.getppid(). Values are read whenever the process writes
# output, so what is shown is what the process had when it printed; only changes are reported, each followed
# by the process's memory (memory.py).
import os
import sys

from . import channel, memory

_names = ()
_last = {}
_MISSING = object()


def configure(spec):
    global _names
    _names = tuple(n.strip() for n in (spec or '').split(',') if n.strip())
    os.register_at_fork(after_in_child=_last.clear)


def _value(name):
    if name == '@ppid':
        return os.getppid()
    main = sys.modules.get('__main__')
    return getattr(main, name, _MISSING) if main is not None else _MISSING


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)) and all(v is None or isinstance(v, (bool, int, float, str)) for v in value):
        return list(value)
    return repr(value)[:200]


def report_changes():
    changed = False
    for name in _names:
        value = _value(name)
        if value is _MISSING:
            continue
        value = _plain(value)
        key = name.lstrip('@')
        if key not in _last or _last[key] != value:
            _last[key] = value
            channel.emit('process.var', name=key, value=value)
            changed = True
    if changed:
        # Its memory with the new value in it: a write after a fork copies the page it lands on.
        memory.report()
