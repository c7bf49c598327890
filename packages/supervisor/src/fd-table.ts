// A process's open descriptors from /proc/<pid>/fd (readlink each), each with the identity of what it refers to,
// so two processes' descriptors can be compared (same inode), and listening TCP sockets with their ports.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { MAX_LISTED_FDS, type FdInfo, type FdKind } from '@forkscope/protocol';

export interface OpenFd {
  fd: number;
  kind: FdKind;
  /** The link text: `pipe:[1234]`, `socket:[5678]`, `/dev/pts/0`, a path. */
  name: string;
  /** What it refers to: the inode in the link for pipes and sockets, else device and inode (anonymous inodes: itself). */
  identity: string;
  /** For sockets: the socket inode, to look up in the TCP tables. */
  socketInode?: number;
}

const MAX_NAME = 200;
/** Descriptors read per process: a program with thousands open is summarised, not listed. */
const MAX_READ = 256;

export function fdKind(link: string): FdKind {
  if (link.startsWith('pipe:[')) return 'pipe';
  if (link.startsWith('socket:[')) return 'socket';
  if (link.startsWith('anon_inode:')) return 'anon';
  if (/^\/dev\/(pts\/\d+|tty\w*|console)$/.test(link)) return 'tty';
  if (link.startsWith('/dev/')) return 'device';
  if (link.startsWith('/')) return 'file';
  return 'other';
}

/**
 * The process's open descriptors in fd order (at most MAX_READ), and how many there were; null when it is gone.
 * `proc`: the procfs its pid belongs to (a sandboxed run's own, see sandbox/sandbox-proc-view.ts).
 */
export function readFds(pid: number, proc = '/proc'): { fds: OpenFd[]; total: number } | null {
  let names: string[];
  try {
    names = readdirSync(`${proc}/${pid}/fd`);
  } catch {
    return null;
  }
  const numbers = names.map(Number).filter((n) => Number.isInteger(n) && n >= 0).sort((a, b) => a - b);
  const fds: OpenFd[] = [];
  for (const fd of numbers.slice(0, MAX_READ)) {
    const path = `${proc}/${pid}/fd/${fd}`;
    let link: string;
    try {
      link = readlinkSync(path);
    } catch {
      continue; // closed meanwhile
    }
    const kind = fdKind(link);
    const inode = /^[a-z_]+:\[(\d+)\]$/.exec(link)?.[1];
    // Every anonymous-inode descriptor (eventfd, epoll, timerfd…) is the kernel's one anonymous inode: the same
    // inode says nothing about sharing, so these are never counted as shared.
    let identity = kind === 'anon' ? `anon:${pid}:${fd}` : inode !== undefined ? link : `path:${link}`;
    if (inode === undefined && (kind === 'file' || kind === 'tty' || kind === 'device')) {
      try {
        const st = statSync(path, { bigint: true });
        identity = `ino:${st.dev}:${st.ino}`;
      } catch {
        // it stays compared by its path
      }
    }
    const open: OpenFd = { fd, kind, name: link.length > MAX_NAME ? `${link.slice(0, MAX_NAME - 1)}…` : link, identity };
    if (kind === 'socket' && inode !== undefined) open.socketInode = Number(inode);
    fds.push(open);
  }
  return { fds, total: numbers.length };
}

/** Socket inode → port of the listening sockets in a TCP table's text (`/proc/<pid>/net/tcp`, `tcp6`). */
export function parseListeningPorts(text: string, into = new Map<number, number>()): Map<number, number> {
  for (const line of text.split('\n').slice(1)) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== '0A') continue; // 0A: TCP_LISTEN
    const port = parseInt(cols[1]?.split(':')[1] ?? '', 16);
    const inode = Number(cols[9]);
    if (Number.isInteger(port) && port >= 0 && port <= 65535 && Number.isSafeInteger(inode) && inode > 0) into.set(inode, port);
  }
  return into;
}

/** Socket inode → port of the TCP sockets listening in `pid`'s network namespace (IPv4 and IPv6), read now. */
export function readListeningPorts(pid: number, proc = '/proc'): Map<number, number> {
  const ports = new Map<number, number>();
  for (const table of ['tcp', 'tcp6']) {
    try {
      parseListeningPorts(readFileSync(`${proc}/${pid}/net/${table}`, 'latin1'), ports);
    } catch {
      // no such table (no IPv6)
    }
  }
  return ports;
}

export interface FdComparison {
  fds: FdInfo[];
  more: number;
}

/**
 * The protocol's view of `child`'s descriptors against its parent's: `shared` where the parent holds the same
 * inode; `role` for forkscope's own (by identity); `listening` for a listening TCP socket.
 */
export function compareFds(
  child: { fds: OpenFd[]; total: number },
  parentIdentities: ReadonlySet<string>,
  roles: ReadonlyMap<string, FdInfo['role'] & string>,
  listening: ReadonlyMap<number, number>,
): FdComparison {
  const fds: FdInfo[] = [];
  for (const open of child.fds.slice(0, MAX_LISTED_FDS)) {
    const info: FdInfo = { fd: open.fd, kind: open.kind, name: open.name, shared: parentIdentities.has(open.identity) };
    const port = open.socketInode !== undefined ? listening.get(open.socketInode) : undefined;
    if (port !== undefined) info.listening = port;
    const role = roles.get(open.identity);
    if (role !== undefined) info.role = role;
    fds.push(info);
  }
  return { fds, more: child.total - fds.length };
}
