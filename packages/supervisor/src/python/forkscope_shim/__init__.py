# forkscope's tracing shim for CPython: reports the life of every process of a run on the trace channel
# (team contract 2) without changing the program. Activated by sitecustomize.py when FORKSCOPE_RUN is set.
import atexit
import os
import stat
import sys

from . import channel, streams

# Set by the python driver for the run's root process only; removed here so no descendant inherits it.
ROOT_MARK = 'FORKSCOPE_PY_ROOT'

_installed = False


def _role():
    argv = getattr(sys, 'orig_argv', None) or _proc_cmdline()
    joined = ' '.join(argv)
    if '--multiprocessing-fork' in argv:
        return 'spawn-child'
    if 'multiprocessing.forkserver import main' in joined:
        return 'forkserver'
    if 'multiprocessing.resource_tracker import main' in joined:
        return 'resource_tracker'
    return 'program'


def _proc_cmdline():
    try:
        with open('/proc/self/cmdline', 'rb') as f:
            return [a.decode('utf-8', 'replace') for a in f.read().split(b'\0') if a]
    except OSError:
        return []


def install():
    global _installed
    if _installed:
        return
    _installed = True
    is_root = os.environ.pop(ROOT_MARK, None) is not None
    try:
        fd = int(os.environ['FORKSCOPE_TRACE_FD'])
        mode = os.fstat(fd).st_mode
    except (KeyError, ValueError, OSError):
        return  # no channel to report to (e.g. a subprocess started with close_fds): behave like plain CPython
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        return  # that fd number is something else in this process
    channel.open_channel(fd)
    if os.environ.get('FORKSCOPE_PY_WATCH'):
        from . import watch
        watch.configure(os.environ['FORKSCOPE_PY_WATCH'])
    role = _role()

    # The driver turns the run's `buffering`, `startMethod` and `interactive` parameters into these variables
    # (no JSON to parse: json would be the costliest import of the shim).
    buffering = os.environ.get('FORKSCOPE_PY_BUFFERING', 'tty')
    if buffering not in streams.BUFFERINGS:
        buffering = 'tty'
    sys.stdout = streams.make_output_stream('stdout', 1, buffering)
    sys.stderr = streams.make_output_stream('stderr', 2, buffering)
    run_dir = os.environ.get('FORKSCOPE_RUN_DIR')
    if run_dir and role == 'program':
        sys.stdin = streams.make_input_stream(os.path.join(run_dir, 'input.sock'))

    from . import mp_hooks, net_hooks
    mp_hooks.install(role)
    net_hooks.install()
    if run_dir and os.environ.get('FORKSCOPE_PY_INTERACTIVE') == '1':
        # An interactive run gives every process the run's input, as if each had its own terminal (the seed
        # runs its chat clients in terminals of their own). Otherwise a child's stdin is /dev/null, as in
        # CPython (SEMANTICS rule 10: input() in a child raises EOFError).
        mp_hooks.reopen_stdin_in_children(lambda: streams.make_input_stream(os.path.join(run_dir, 'input.sock')))

    original_excepthook = sys.excepthook

    def excepthook(exc_type, exc, tb):
        mp_hooks.report_error(exc)  # also unlinks the shim's frames from the traceback
        return original_excepthook(exc_type, exc, exc.__traceback__ if exc is not None else tb)

    sys.excepthook = excepthook

    if role == 'program':
        if is_root:
            start_method = os.environ.get('FORKSCOPE_PY_START_METHOD')
            if start_method:
                mp_hooks.set_default_start_method(start_method)
            mp_hooks.report_running('MainProcess')
        else:
            # A Python program started by a traced process with subprocess/exec (e.g. a chat client).
            mp_hooks.report_running(os.path.basename(sys.argv[0] if sys.argv and sys.argv[0] else 'python'))

        def main_ended():
            # Registered after multiprocessing.util, so it runs before util._exit_function (atexit is LIFO):
            # the main module's code has finished, daemons are not yet terminated, children not yet joined.
            if os.getpid() == pid_at_install:
                channel.emit_bare('process.main-ended')

        pid_at_install = os.getpid()
        atexit.register(main_ended)
