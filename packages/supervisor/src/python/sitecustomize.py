# forkscope: activates the tracing shim in every Python process of a traced run.
#
# The python driver puts this folder first on PYTHONPATH, so CPython imports this file at start-up in the
# run's root process and in every fresh interpreter multiprocessing starts (spawn children, the fork server,
# the resource tracker). Fork children inherit the hooks from their parent. Without FORKSCOPE_RUN it does
# nothing but hand over to the sitecustomize it shadows.
import os as _os

if _os.environ.get('FORKSCOPE_RUN'):
    import forkscope_shim as _forkscope_shim
    _forkscope_shim.install()


def _chain_shadowed_sitecustomize():
    # A distribution may ship its own sitecustomize further down sys.path; run it as CPython would have.
    import importlib.machinery
    import sys
    here = _os.path.dirname(_os.path.abspath(__file__))
    rest = [p for p in sys.path if p and _os.path.abspath(p) != here]
    spec = importlib.machinery.PathFinder.find_spec('sitecustomize', rest)
    if spec is None or spec.loader is None or spec.origin == _os.path.abspath(__file__):
        return
    try:
        code = spec.loader.get_code('sitecustomize')
        if code is not None:
            exec(code, {'__name__': 'sitecustomize', '__file__': spec.origin})
    except Exception:
        pass  # CPython also ignores a failing sitecustomize (it prints a warning only with -v)


_chain_shadowed_sitecustomize()
del _chain_shadowed_sitecustomize
