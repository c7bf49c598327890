// The kernel sources one piece at a time: the helpers' lines, /proc's descriptor and memory files, and the hub
// that starts them, says what the machine offers, and hands each fact to the run that knows its pid.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { compareFds, fdKind, parseListeningPorts, readFds, readListeningPorts } from '../src/fd-table.js';
import { KernelFacts, type KernelFact } from '../src/kernel-sources/kernel-facts.js';
import { parseProcwatchLine } from '../src/kernel-sources/proc-connector.js';
import { parseTracerLine } from '../src/kernel-sources/signal-tracer.js';
import { parseSmapsRollup } from '@forkscope/protocol/smaps-rollup';
import { memoryChanged } from '../src/memory-change.js';

describe('helper lines', () => {
  it('an exit: pid, parent, raw wait status, the kernel’s µs', () => {
    expect(parseProcwatchLine('exit 4242 17 768 12345678')).toEqual({ kind: 'exit', pid: 4242, ppid: 17, status: 768, tm: 12345678 });
    expect(parseProcwatchLine('exit 4242 17')).toBeNull();
    expect(parseProcwatchLine('ready')).toBeNull();
  });

  it('a signal: sender, target, signal, how it was sent, what became of it, when, and the sender’s name (spaces allowed)', () => {
    expect(parseTracerLine('sig 100 200 15 0 0 99 python3')).toEqual({ kind: 'signal', by: 100, target: 200, signal: 'SIGTERM', code: 'user', result: 'delivered', tm: 99, byName: 'python3' });
    expect(parseTracerLine('sig 1 2 9 128 2 5 kworker/0:1 x')).toMatchObject({ signal: 'SIGKILL', code: 'kernel', result: 'pending', byName: 'kworker/0:1 x' });
    expect(parseTracerLine('sig 1 2 -6 0 0 5 x')).toBeNull();
    expect(parseTracerLine('Attaching 1 probe...')).toBeNull();
  });
});

describe('/proc/<pid>/smaps_rollup', () => {
  const text = [
    '55d4c4c6f000-7ffd7a1e5000 ---p 00000000 00:00 0                          [rollup]',
    'Rss:               14400 kB',
    'Pss:                7120 kB',
    'Shared_Clean:       3700 kB',
    'Shared_Dirty:       9804 kB',
    'Private_Clean:        36 kB',
    'Private_Dirty:       860 kB',
    'Swap:                  0 kB',
  ].join('\n');

  it('reads the figures in bytes', () => {
    expect(parseSmapsRollup(text)).toEqual({ rss: 14_745_600, pss: 7_290_880, sharedClean: 3_788_800, sharedDirty: 10_039_296, privateClean: 36_864, privateDirty: 880_640, swap: 0 });
    expect(parseSmapsRollup('')).toBeNull(); // a zombie has none
  });

  it('a page of private memory is a change worth an event; a few bytes of shared memory are not', () => {
    const a = parseSmapsRollup(text)!;
    expect(memoryChanged(undefined, a)).toBe(true);
    expect(memoryChanged(a, { ...a, privateDirty: a.privateDirty + 4096 })).toBe(true);
    expect(memoryChanged(a, { ...a, sharedClean: a.sharedClean + 4096 })).toBe(false);
  });

  it('our own process has one', async () => {
    const { readFileSync } = await import('node:fs');
    expect(parseSmapsRollup(readFileSync('/proc/self/smaps_rollup', 'latin1'))?.rss).toBeGreaterThan(0);
  });
});

describe('/proc/<pid>/fd', () => {
  it('names each kind', () => {
    expect(['pipe:[1]', 'socket:[2]', 'anon_inode:[eventfd]', '/dev/pts/3', '/dev/null', '/tmp/x', 'net:[4026531840]'].map(fdKind)).toEqual([
      'pipe',
      'socket',
      'anon',
      'tty',
      'device',
      'file',
      'other',
    ]);
  });

  it('a TCP table: only listening sockets (state 0A), by inode, with their port', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 80000 1 0000000000000000 100 0 0 10 0',
      '   1: 0100007F:A1B2 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 80001 1 0000000000000000 20 4 30 10 -1',
    ].join('\n');
    expect(parseListeningPorts(table)).toEqual(new Map([[80000, 8080]]));
  });

  it('a child shares what it inherited (same inode); its listening socket is found in the TCP table', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
    // The child inherits the listening socket as its fd 3 (and its stdio pipes are its own).
    const child = spawn('sleep', ['10'], { stdio: ['ignore', 'pipe', 'ignore', fd] });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const own = readFds(child.pid!)!;
      const parent = readFds(process.pid)!;
      const { fds, more } = compareFds(own, new Set(parent.fds.map((f) => f.identity)), new Map(), readListeningPorts(child.pid!));
      expect(more).toBe(0);
      expect(fds.find((f) => f.fd === 3)).toMatchObject({ kind: 'socket', shared: true, listening: port });
      expect(fds.find((f) => f.fd === 0)).toMatchObject({ kind: 'device', name: '/dev/null' });
      // Our end of its stdout pipe is another socket of the pair (node's 'pipe'): not the same inode.
      expect(fds.find((f) => f.fd === 1)).toMatchObject({ kind: 'socket', shared: false });
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      server.close();
    }
    expect(readFds(child.pid!)).toBeNull();
  });
});

describe('KernelFacts', () => {
  it('without bpftrace: signals come from the senders’ reports, and the run is told why', async () => {
    const facts = new KernelFacts({ exits: false, tracerArgv: () => ({ argv: null, why: 'bpftrace is not installed (Debian: apt-get install bpftrace)' }) });
    try {
      expect(await facts.ready()).toEqual({
        signals: 'report',
        exits: 'sampler',
        notes: ["signals: bpftrace is not installed (Debian: apt-get install bpftrace): each signal is known from its sender's own report", 'exits: the kernel sources are off for this supervisor'],
      });
    } finally {
      await facts.close();
    }
  });

  // The connector needs CAP_NET_ADMIN: root has it.
  it.skipIf(process.getuid?.() !== 0)('a fact about a pid no run knows yet waits for the run that learns it', async () => {
    const facts = new KernelFacts({ signals: false });
    try {
      expect((await facts.ready()).exits).toBe('kernel');
      const claimed: KernelFact[] = [];
      facts.subscribe({ claim: () => false });
      const child = spawn('sh', ['-c', 'exit 3']);
      await new Promise((resolve) => child.once('exit', resolve));
      const pid = child.pid!;
      await expect.poll(() => (claimed.push(...facts.take(pid)), claimed.length), { timeout: 5000 }).toBe(1);
      expect(claimed[0]).toMatchObject({ kind: 'exit', pid, ppid: process.pid, status: 3 << 8 });
      expect(facts.take(pid)).toEqual([]);
    } finally {
      await facts.close();
    }
  });
});
