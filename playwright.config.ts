import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A throw-away data folder per run: the built server on loopback, real SQLite, real Chromium.
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-e2e-'));
process.env.E2E_DATA_DIR = dataDir;
const port = Number(process.env.E2E_PORT ?? 4399);
// The specs that change instance-wide settings get a server and data folder of their own (the next port), so they run
// beside the rest without changing the rules under another spec's feet.
const instanceDataDir = process.env.E2E_INSTANCE_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-e2e-instance-'));
process.env.E2E_INSTANCE_DATA_DIR = instanceDataDir;
const instancePort = port + 1;
// Specs that make an admin and change instance-wide settings.
const instanceWide = /(admin|i18n-admin|moderated-share|share-reports|audiences)\.spec\.ts$/;
// Flows that run a second time on PostgreSQL (the second backend, issue 15), on a server of its own (port + 2): the
// library's filters and tags (its JSON queries), a view-limited link's counting and reveal, the owner's view statistics.
// Short ones: the whole browser suite twice would not fit CI's 20 minutes; the integration suite covers the rest.
const onPostgres = /(library-organize|view-limited|share-stats)\.spec\.ts$/;
const postgresPort = port + 2;

// Debian's Chromium 156 (what a clean machine installs today; 150 a few hours earlier) builds its omnibox popup as a
// WebUI page, preloaded in every window, so every browser context of a test costs a renderer of its own: measured here,
// 30 contexts took 53 CPU-seconds with it and 25 without, and the browser phase of one CI run took 15.2 minutes against
// 9.3 with Chromium 150. Chromium keeps only the last --disable-features it is given, so this list repeats
// Playwright's own (playwright-core 1.65's chromiumSwitches) and adds the popup's three features.
const disabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup',
];

export default defineConfig({
  testDir: 'tests/e2e',
  // Three browsers at once: most of a flow's time is waiting (polls, timers, the server), not CPU. Files stay whole on
  // one worker. The specs that change the whole instance (admin settings such as "new accounts wait for approval" or
  // "sign-up closed") run one at a time on their own server, beside the flows.
  workers: Number(process.env.E2E_WORKERS ?? 3),
  fullyParallel: false,
  retries: 0,
  // Two browsers share two cores with the server: a long flow gets room (the slowest take ~30 s alone).
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', `--disable-features=${disabledFeatures.join(',')}`],
    },
    trace: 'off',
    locale: 'en-US',
  },
  projects: [
    // One worker: "sign-up closed" in one admin spec would otherwise close sign-up under another's sign-up (seen in CI).
    // Listed first so its one worker starts with the run and goes on beside the flows: listed last, its tests waited for
    // every flow to be handed out and then ran one after another while the other two workers sat idle.
    { name: 'instance', testMatch: instanceWide, workers: 1, use: { baseURL: `http://127.0.0.1:${instancePort}` } },
    // Before the flows, so its three short tests run beside them rather than after the last one.
    { name: 'postgres', testMatch: onPostgres, use: { baseURL: `http://127.0.0.1:${postgresPort}` } },
    { name: 'flows', testIgnore: instanceWide },
  ],
  webServer: [
    server(port, dataDir), server(instancePort, instanceDataDir),
    { ...server(postgresPort, fs.mkdtempSync(path.join(os.tmpdir(), 'chatshare-e2e-pg-data-'))), command: 'node tests/helpers/postgres-server.mjs' },
  ],
});

/** The built server on loopback with its own data folder. */
function server(listen: number, dir: string) {
  return {
    command: 'node dist/chatshare/server.mjs',
    url: `http://127.0.0.1:${listen}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    // The specs sign up more than the default 10 accounts an hour from one loopback address.
    // Live pages' tokens last 6 s here (2 minutes by default), so a test sees several renewals in seconds.
    // Reports too: every spec reports from this one address (the throttle itself is tested in share-reports.test.ts).
    // Two import threads: import-progress.spec.ts holds one for seconds with a 4 MB file, and the other specs' small
    // imports (three browsers at once) must not queue behind it past their 10 s expectations.
    env: { HOST: '127.0.0.1', PORT: String(listen), DATA_DIR: dir, ASTRO_TELEMETRY_DISABLED: '1', SIGNUP_RATE_LIMIT: '1000', REPORT_RATE_LIMIT: '1000', LIVE_TOKEN_TTL_SECONDS: '6', STATS_FLUSH_MS: '300', IMPORT_THREADS: '2' },
  };
}
