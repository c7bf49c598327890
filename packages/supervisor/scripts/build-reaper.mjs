// Builds the run reaper (src/reaper/forkscope-reaper.c) into native/forkscope-reaper at install.
// Linux only; needs a C compiler (cc, gcc or clang). Without one the install still succeeds: runs then go
// without a reaper (orphans are reaped by init, their exit codes unknown) and each run says so in its warnings.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../src/reaper/forkscope-reaper.c', import.meta.url));
const outDir = fileURLToPath(new URL('../native/', import.meta.url));
const output = `${outDir}forkscope-reaper`;

if (process.platform !== 'linux') {
  console.log(`forkscope: no run reaper on ${process.platform} (PR_SET_CHILD_SUBREAPER is Linux's)`);
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
const partial = `${output}.${process.pid}.partial`;
const tried = [];
for (const compiler of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
  try {
    execFileSync(compiler, ['-O2', '-Wall', '-Wextra', '-o', partial, source], { stdio: ['ignore', 'ignore', 'pipe'] });
    renameSync(partial, output);
    console.log(`forkscope: built the run reaper with ${compiler}`);
    process.exit(0);
  } catch (error) {
    rmSync(partial, { force: true });
    tried.push(`${compiler}: ${error.code === 'ENOENT' ? 'not found' : String(error.stderr ?? error.message).trim().split('\n')[0]}`);
  }
}
console.warn(
  `forkscope: could not build the run reaper (${tried.join('; ')}).\n` +
    '  Runs work without it, but orphaned processes are then reaped by init and their exit codes stay unknown.\n' +
    '  Install a C compiler (Debian: apt-get install gcc) and run `pnpm --filter @forkscope/supervisor run build:reaper`.',
);
