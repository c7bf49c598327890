// Builds the native helpers into native/ at install: the run reaper (src/reaper/forkscope-reaper.c) and the
// kernel's exit events watcher (src/kernel-sources/forkscope-procwatch.c). Linux only; needs a C compiler (cc,
// gcc or clang). Without one the install still succeeds: runs then go without a reaper (orphans are reaped by
// init, their exit codes unknown) and without the kernel's exit events, and each run says so.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HELPERS = [
  { name: 'forkscope-reaper', source: '../src/reaper/forkscope-reaper.c', what: 'the run reaper', without: 'orphaned processes are then reaped by init and their exit codes stay unknown' },
  {
    name: 'forkscope-procwatch',
    source: '../src/kernel-sources/forkscope-procwatch.c',
    what: "the kernel's exit events watcher",
    without: "runs then see processes end through the sampler only, without the kernel's exit events",
  },
];

if (process.platform !== 'linux') {
  console.log(`forkscope: no native helpers on ${process.platform} (they use Linux's PR_SET_CHILD_SUBREAPER and netlink)`);
  process.exit(0);
}

const outDir = fileURLToPath(new URL('../native/', import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const helper of HELPERS) {
  const source = fileURLToPath(new URL(helper.source, import.meta.url));
  const output = `${outDir}${helper.name}`;
  const partial = `${output}.${process.pid}.partial`;
  const tried = [];
  let built = false;
  for (const compiler of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
    try {
      execFileSync(compiler, ['-O2', '-Wall', '-Wextra', '-o', partial, source], { stdio: ['ignore', 'ignore', 'pipe'] });
      renameSync(partial, output);
      console.log(`forkscope: built ${helper.what} with ${compiler}`);
      built = true;
      break;
    } catch (error) {
      rmSync(partial, { force: true });
      tried.push(`${compiler}: ${error.code === 'ENOENT' ? 'not found' : String(error.stderr ?? error.message).trim().split('\n')[0]}`);
    }
  }
  if (!built) {
    console.warn(
      `forkscope: could not build ${helper.what} (${tried.join('; ')}).\n` +
        `  Runs work without it, but ${helper.without}.\n` +
        '  Install a C compiler (Debian: apt-get install gcc) and run `pnpm --filter @forkscope/supervisor run build:native`.',
    );
  }
}
