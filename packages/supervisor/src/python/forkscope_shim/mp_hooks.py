# Hooks on multiprocessing that report a process's life without changing it.
#
# Every wrapper calls the original and only adds records around it, so exceptions, return values, timing of
# reaping (CPython reaps lazily: a finished child stays a zombie until someone polls it) and exit handling
# stay CPython's own. Who emits what:
#   parent  process.spawned   when the child's pid is known (tm taken just before the fork/exec)
#   child   process.running   at its first instruction (fork: _bootstrap; spawn/forkserver: spawn.prepare,
#                             before the main module is re-imported)
#   child   process.main-ended / process.error   when run() returns or raises
#   caller  process.joining / joined, terminating, alive-checked
#   parent  process.daemon-killed   when util._exit_function SIGTERMs a daemon
#   parent  process.exited    when Popen.poll() learns the exit status, i.e. when CPython reaps
#   child   process.memory    right after process.running, where the run asks for it (memory.py)
import os
import signal
import sys

import multiprocessing
from multiprocessing import context, popen_fork, process, util

from . import channel, memory

_ORIGINAL_EXIT_FUNCTION_CODE = util._exit_function.__code__
_ORIGINAL_BOOTSTRAP_CODE = process.BaseProcess._bootstrap.__code__
_running_reported_by = 0


def report_running(name):
    """process.running once per pid; ppid is the OS parent (the fork server for forkserver workers)."""
    # A spawn child passes here twice (spawn.prepare, then _bootstrap); a fork child inherits the value.
    global _running_reported_by
    if _running_reported_by == channel._pid:
        return
    _running_reported_by = channel._pid
    channel.emit_running(os.getppid(), str(name))
    memory.report_at_start()


def _signal_name(exitcode):
    if exitcode is None or exitcode >= 0:
        return None
    try:
        return signal.Signals(-exitcode).name
    except ValueError:
        return 'SIG%d' % -exitcode


def _target_name(process_obj):
    target = getattr(process_obj, '_target', None)
    if target is not None:
        return getattr(target, '__qualname__', None) or getattr(target, '__name__', None) or repr(target)
    cls = type(process_obj)
    if cls.run is not process.BaseProcess.run:
        return cls.__qualname__
    return None


def _is_own_started_child(proc):
    """The checks BaseProcess.join / is_alive make before they touch the child, without raising."""
    try:
        return (not proc._closed and proc._popen is not None and proc._parent_pid == os.getpid()
                and proc is not process.current_process())
    except AttributeError:
        return False  # e.g. a subclass that never called super().__init__(): the original raises


def _wrap_popen_factory(cls):
    original = cls.__dict__['_Popen'].__func__

    lazy = cls._start_method != 'fork'

    def _Popen(process_obj):
        if lazy:
            _install_lazy_hooks(cls._start_method)
        tm = channel.now_us()
        popen = original(process_obj)
        channel.emit_spawned(tm, popen.pid, str(process_obj.name), bool(process_obj.daemon), _target_name(process_obj))
        return popen

    cls._Popen = staticmethod(_Popen)


def _wrap_bootstrap():
    original = process.BaseProcess._bootstrap

    def _bootstrap(self, parent_sentinel=None):
        report_running(self.name)
        return original(self, parent_sentinel)

    process.BaseProcess._bootstrap = _bootstrap


def _wrap_child_exit_function():
    # _bootstrap runs `try: self.run() ... finally: util._exit_function()`, looking the function up at call
    # time: the child's own code has just finished (or is raising) and its exit handling is about to start.
    # Hooking here adds no frame to the traceback the child prints. (The main process's atexit keeps a
    # reference to the original, which is what the daemon-kill check below relies on.)
    original = util._exit_function

    def _exit_function(*args, **kwargs):
        caller = sys._getframe(1)
        if caller.f_code is _ORIGINAL_BOOTSTRAP_CODE:
            error = sys.exc_info()[1]
            # Only an exception propagating out of run() through this very frame (a fork child also inherits
            # exceptions its parent was handling when it called start()).
            if (error is not None and not isinstance(error, SystemExit) and error.__traceback__ is not None
                    and error.__traceback__.tb_frame is caller):
                report_error(error)
            channel.emit_bare('process.main-ended')
        return original(*args, **kwargs)

    util._exit_function = _exit_function


def _wrap_join():
    original = process.BaseProcess.join

    def join(self, timeout=None):
        if not _is_own_started_child(self):
            return original(self, timeout)
        target = self._popen.pid
        channel.emit('process.joining', target=target, timeoutMs=None if timeout is None else timeout * 1000)
        try:
            return original(self, timeout)
        finally:
            channel.emit('process.joined', target=target, timedOut=self._popen.returncode is None)

    process.BaseProcess.join = join


def _wrap_is_alive():
    original = process.BaseProcess.is_alive

    def is_alive(self):
        alive = original(self)
        if _is_own_started_child(self):
            channel.emit('process.alive-checked', target=self._popen.pid, alive=bool(alive))
        return alive

    process.BaseProcess.is_alive = is_alive


def _wrap_signal_method(method, signal_name):
    original = getattr(process.BaseProcess, method)

    def send(self):
        popen = getattr(self, '_popen', None)
        if popen is not None and not getattr(self, '_closed', False) and popen.returncode is None:
            channel.emit('process.terminating', target=popen.pid, signal=signal_name)
        return original(self)

    send.__name__ = method
    setattr(process.BaseProcess, method, send)


def _wrap_popen_terminate():
    original = popen_fork.Popen.terminate

    def terminate(self):
        # util._exit_function calls p._popen.terminate() for each daemon: that is the daemon kill.
        if self.returncode is None and sys._getframe(1).f_code is _ORIGINAL_EXIT_FUNCTION_CODE:
            channel.emit('process.daemon-killed', pid_=self.pid, by=channel.pid())
        return original(self)

    popen_fork.Popen.terminate = terminate


def _wrap_poll(popen_cls, reaper):
    original = popen_cls.__dict__['poll']

    def poll(self, *args, **kwargs):
        before = self.returncode
        result = original(self, *args, **kwargs)
        if before is None and self.returncode is not None:
            code = self.returncode
            channel.emit_exited(self.pid, code, _signal_name(code), reaper())
        return result

    popen_cls.poll = poll


def _wrap_spawnv_passfds():
    # spawn, the fork server and the resource tracker exec a fresh interpreter with only the fds they pass;
    # the trace channel must survive that exec for the new process to report.
    original = util.spawnv_passfds

    def spawnv_passfds(path, args, passfds):
        fd = channel.fd()
        if fd >= 0 and fd not in passfds:
            passfds = sorted(list(passfds) + [fd])
        return original(path, args, passfds)

    util.spawnv_passfds = spawnv_passfds


def _wrap_prepare():
    from multiprocessing import spawn  # imported here: a program that only forks never loads it
    original = spawn.prepare

    def prepare(data):
        # spawn and forkserver children: the first thing they do is re-import the parent's main module.
        report_running(data.get('name', process.current_process().name))
        return original(data)

    spawn.prepare = prepare


_lazy_done = False


def _install_lazy_hooks(start_method):
    # spawn and forkserver machinery is only imported when first used, as CPython does.
    global _lazy_done
    if _lazy_done or start_method == 'fork':
        return
    _lazy_done = True
    # The resource tracker and the fork server are not Process objects: they are left to the kernel
    # sampler, which shows them as discovered processes with their command lines.
    from multiprocessing import forkserver, popen_forkserver

    def forkserver_pid():
        return forkserver._forkserver._forkserver_pid or channel.pid()

    _wrap_poll(popen_forkserver.Popen, forkserver_pid)


def reopen_stdin_in_children(make_stream):
    original = util._close_stdin

    def _close_stdin():
        original()
        sys.stdin = make_stream()

    util._close_stdin = _close_stdin


_SHIM_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def strip_shim_frames(error):
    """Unlinks the shim's own wrapper frames from a traceback (and its chained ones), so the traceback a user
    sees is the one CPython alone would print."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        tb = error.__traceback__
        kept = []
        while tb is not None:
            if not tb.tb_frame.f_code.co_filename.startswith(_SHIM_DIR):
                kept.append(tb)
            tb = tb.tb_next
        for current, following in zip(kept, kept[1:] + [None]):
            current.tb_next = following
        error.__traceback__ = kept[0] if kept else None
        for chained in (error.__cause__, error.__context__):
            if chained is not None and id(chained) not in seen:
                strip_shim_frames(chained)
        error = None


def report_error(error):
    import traceback
    strip_shim_frames(error)
    stack = ''.join(traceback.format_exception(type(error), error, error.__traceback__))
    channel.emit('process.error', errorType=type(error).__name__, message=str(error), stack=stack[-3000:])


def set_default_start_method(method):
    """Changes the platform default (as if the OS defaulted to `method`); set_start_method() still works."""
    if method in multiprocessing.get_all_start_methods():
        context._default_context._default_context = context._concrete_contexts[method]


def install(role):
    for cls in (context.ForkProcess, context.SpawnProcess, context.ForkServerProcess):
        _wrap_popen_factory(cls)
    _wrap_bootstrap()
    _wrap_child_exit_function()
    _wrap_join()
    _wrap_is_alive()
    _wrap_signal_method('terminate', 'SIGTERM')
    _wrap_signal_method('kill', 'SIGKILL')
    _wrap_popen_terminate()
    _wrap_poll(popen_fork.Popen, channel.pid)
    if role in ('spawn-child', 'forkserver'):
        # Only spawn children and the fork server's children run spawn.prepare().
        _wrap_prepare()
    _wrap_spawnv_passfds()
