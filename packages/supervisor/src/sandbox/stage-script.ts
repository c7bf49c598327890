// The few lines of sh that run as root, in the run's own mount namespace (`unshare --mount --propagation
// private`), between the cgroup wrapper and bubblewrap: they mount the run's tmpfs (the work directory, nosymfollow
// where the kernel has it), put the run's input socket in it, bind what the program may read (its file, the shim,
// the reaper) read-only, then drop to the sandbox's unprivileged uid and exec bubblewrap. Nothing is mounted in the
// host's namespace: the mounts go away with the run's last process. No user input reaches sh: paths and argv
// travel as positional parameters, and the program's text is a file it never reads.

export const STAGE_SCRIPT = [
  '# forkscope-sandbox: stage the run\'s mounts, then bwrap as the sandbox uid',
  'mnt=$1; uid=$2; gid=$3; opts=$4; sock=$5; n=$6; shift 6',
  // A cancel sends SIGTERM to every process of the run: it is for the program. bwrap keeps it ignored (an ignored
  // signal stays ignored across exec), so the sandbox lives until its reaper has collected every exit.
  "trap '' TERM INT HUP QUIT",
  'mount -t tmpfs -o "$opts" forkscope-sandbox "$mnt" || exit 125',
  'mkdir -m 0700 "$mnt/work" && chown "$uid:$gid" "$mnt/work" && mkdir -m 0755 "$mnt/ro" "$mnt/etc" || exit 125',
  'printf \'learner:x:1000:1000:learner:/work:/bin/sh\\n\' >"$mnt/etc/passwd"',
  'printf \'learner:x:1000:\\n\' >"$mnt/etc/group"',
  'printf \'127.0.0.1 localhost\\n::1 localhost ip6-localhost\\n\' >"$mnt/etc/hosts"',
  'printf \'passwd: files\\ngroup: files\\nhosts: files\\n\' >"$mnt/etc/nsswitch.conf"',
  'if [ -n "$sock" ]; then : >"$mnt/work/input.sock" && mount --bind "$sock" "$mnt/work/input.sock" || exit 125; fi',
  'i=0',
  'while [ "$i" -lt "$n" ]; do',
  '  if [ -d "$1" ]; then mkdir "$mnt/ro/$i"; else : >"$mnt/ro/$i"; fi || exit 125',
  '  mount --bind "$1" "$mnt/ro/$i" && mount -o remount,bind,ro,nosuid,nodev "$mnt/ro/$i" || exit 125',
  '  shift; i=$((i+1))',
  'done',
  'exec "$@"',
].join('\n');
