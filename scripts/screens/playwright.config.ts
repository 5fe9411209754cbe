// Screenshots of every page for people to look at (phone and desktop, light and dark, English and French), not a CI
// test: `CHROMIUM_PATH=… bash scripts/run.sh playwright test -c scripts/screens/playwright.config.ts`. PNGs land in
// $SCREENS_DIR (default /tmp/chatshare-screens). A fresh data folder, so the first account is the admin and the admin pages show.
import base from '../../playwright.config';
import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-screens-'));
const port = Number(process.env.E2E_PORT ?? 4398);
export default defineConfig({
  ...base,
  testDir: '.',
  timeout: 300_000,
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: { ...(base.webServer as object[])[0], cwd: path.resolve(import.meta.dirname, '../..'), url: `http://127.0.0.1:${port}/healthz`, env: { ...(base.webServer as { env: Record<string, string> }[])[0]!.env, PORT: String(port), DATA_DIR: dataDir } } as never,
});
