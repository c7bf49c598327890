// The environment of a sandboxed program: built from a short allow-list, never inherited. Nothing of the
// server's own (its token, FORKSCOPE_DATA, NODE_OPTIONS, proxies, HOME, USER…) reaches it.
import { SANDBOX_WORK } from './sandbox-command.js';

/** The run's own variables a sandboxed process needs (the tracer, the shim, core's runtime). */
const RUN_VARIABLES = new Set(['FORKSCOPE_RUN', 'FORKSCOPE_TRACE_FD', 'FORKSCOPE_PARAMS']);
/** What a driver may add (the python shim's options and CPython's I/O encoding). */
const DRIVER_VARIABLES = /^(FORKSCOPE_PY_[A-Z_]+|PYTHONPATH|PYTHONIOENCODING)$/;

/** `run`: the run's variables; `driver`: the driver's, in sandbox paths. Anything else given is dropped. */
export function sandboxEnv(run: Record<string, string>, driver: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: SANDBOX_WORK,
    TMPDIR: SANDBOX_WORK,
    LANG: 'C.UTF-8',
    // The input socket is /work/input.sock, and core's runtime writes large child specs here.
    FORKSCOPE_RUN_DIR: SANDBOX_WORK,
  };
  for (const [name, value] of Object.entries(run)) if (RUN_VARIABLES.has(name)) env[name] = value;
  for (const [name, value] of Object.entries(driver)) if (DRIVER_VARIABLES.test(name)) env[name] = value;
  return env;
}
