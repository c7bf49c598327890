# Runs a Python program as a user would in a terminal (stdout/stderr on a pseudo-terminal, so CPython
# line-buffers stdout; PYTHONUNBUFFERED removed) and prints {"lines": [...], "rc": N} as JSON.
# The reference the tracing shim is compared against (SEMANTICS rule 33a).
import json
import os
import pty
import subprocess
import sys


def main():
    script = os.path.abspath(sys.argv[1])
    env = dict(os.environ)
    env.pop('PYTHONUNBUFFERED', None)
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, script], stdout=slave, stderr=slave, stdin=subprocess.DEVNULL,
                            env=env, cwd=os.path.dirname(script))
    os.close(slave)
    data = b''
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO once every writer has gone
            chunk = b''
        if not chunk:
            break
        data += chunk
    rc = proc.wait()
    text = data.decode('utf-8', 'replace').replace('\r\n', '\n')
    print(json.dumps({'lines': [l for l in text.split('\n') if l != ''], 'rc': rc}, ensure_ascii=False))


if __name__ == '__main__':
    main()
