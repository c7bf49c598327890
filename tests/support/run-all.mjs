// Runs every check and every suite, then prints the one closing line CI reads: `N passed, N failed`.
// Typecheck, lint and build count as one test each; vitest and Playwright report their own counts
// through JSON reporters (their console summaries are not read by CI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${name}: exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function check(name, command, args) {
  if (step(name, command, args)) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const pnpm = ['-y', 'pnpm@10.34.9'];
check('typecheck', 'npx', [...pnpm, '-r', 'run', 'typecheck']);
check('lint', 'npx', [...pnpm, 'exec', 'eslint', '.']);

const vitestJson = join(results, 'vitest.json');
const vitestOk = step('vitest', 'npx', [...pnpm, 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  passed += v.numPassedTests;
  failed += v.numFailedTests;
  if (!vitestOk && v.numFailedTests === 0) {
    failed += 1; // a suite failed to load, or vitest itself failed
    failures.push('vitest (run failed outside any test)');
  }
} else {
  failed += 1;
  failures.push('vitest (no report)');
}

const e2eDir = join(root, 'tests/e2e');
const hasE2e = existsSync(e2eDir) && readdirSync(e2eDir, { recursive: true }).some((f) => String(f).endsWith('.spec.ts'));
if (hasE2e) {
  check('build', 'npx', [...pnpm, '-r', 'run', 'build']);
  const pwJson = join(results, 'playwright.json');
  const pwOk = step('e2e', 'npx', [...pnpm, 'exec', 'playwright', 'test', '-c', 'tests/e2e/playwright.config.ts', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  const p = readJson(pwJson);
  if (p?.stats) {
    passed += p.stats.expected + (p.stats.flaky ?? 0);
    failed += p.stats.unexpected;
    if (!pwOk && p.stats.unexpected === 0) {
      failed += 1;
      failures.push('e2e (run failed outside any test)');
    }
  } else {
    failed += 1;
    failures.push('e2e (no report)');
  }
}

if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
