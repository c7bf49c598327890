import { defineConfig } from '@playwright/test';

// End-to-end tests in Debian's Chromium against the real server, which serves the built web app
// (`pnpm -r build` first; the root `test:all` does). No mocks: every run spawns real processes.
const port = Number(process.env.FORKSCOPE_E2E_PORT ?? 4391);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    locale: 'en-US',
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--disable-gpu', '--disable-quic'] },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node --conditions=source --import tsx apps/api/src/main.ts --port ${port} --data test-results/e2e-data`,
    cwd: '../..',
    url: `${baseURL}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
