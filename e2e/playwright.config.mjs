// e2e: Debian chromium (never a downloaded browser) against jira-sim serving the release bundle.
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const target = process.env.CARGO_TARGET_DIR || join(root, 'target');
// scripts/test.sh passes a free port; 18181 when run by hand.
export const PORT = Number(process.env.E2E_PORT || 18181);

export default defineConfig({
  testDir: '.',
  outputDir: join(target, 'e2e', 'results'),
  workers: 1,
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-quic', '--no-first-run'],
    },
  },
  webServer: {
    command: `${join(target, 'debug', 'jira-sim')} --listen 127.0.0.1:${PORT} --app-dir ${join(root, 'dist')} --assets-dir ${join(target, 'sim-assets')}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
