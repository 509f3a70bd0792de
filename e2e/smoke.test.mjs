// Smoke test of the built web lab (dist/, from `trunk build --release`): it loads in Chromium,
// shows its title, switches to Chinese, and remembers that choice across a reload.
// Run with `node --test e2e/` after the build; scripts/test.sh does both.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DIST = resolve(HERE, '..', 'dist');
const SCREENSHOTS = join(HERE, 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The machine has no network beyond the package registries: keep Chromium from trying.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WAIT_MS = 20_000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  // Required for WebAssembly.instantiateStreaming.
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

let server;
let baseUrl;
let browser;

/** Serves dist/ on a free loopback port; unknown paths get index.html, as `trunk serve` does. */
function serveDist() {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer(async (req, res) => {
      const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
      let file = normalize(join(DIST, path));
      if (!file.startsWith(DIST + sep) && file !== DIST) {
        res.writeHead(403).end();
        return;
      }
      if (path.endsWith('/') || !existsSync(file)) file = join(DIST, 'index.html');
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => resolvePromise(srv));
  });
}

before(async () => {
  assert.ok(
    existsSync(join(DIST, 'index.html')),
    `no build in ${DIST}: run \`trunk build --release\` first (scripts/test.sh does)`,
  );
  await mkdir(SCREENSHOTS, { recursive: true });
  server = await serveDist();
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done()));
});

/** A fresh page in English with its errors collected, so a panic fails the test. */
async function openPage() {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(baseUrl);
  return { context, page, errors };
}

test('the page renders its title and introduction in English', async () => {
  const { context, page, errors } = await openPage();
  try {
    const title = page.getByRole('heading', { level: 1, name: 'mqlab' });
    await title.waitFor({ timeout: WAIT_MS });
    const intro = await page.getByRole('main').innerText();
    assert.match(intro, /message-queue cluster/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByRole('group', { name: 'Language' }).waitFor({ timeout: WAIT_MS });
    const english = page.getByRole('button', { name: 'English' });
    assert.equal(await english.getAttribute('aria-pressed'), 'true');
    await page.screenshot({ path: join(SCREENSHOTS, 'smoke-en.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('switching to 中文 shows Chinese and is remembered after a reload', async () => {
  const { context, page, errors } = await openPage();
  try {
    await page.getByRole('heading', { level: 1, name: 'mqlab' }).waitFor({ timeout: WAIT_MS });
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, {
      timeout: WAIT_MS,
    });
    await page.getByRole('group', { name: '语言' }).waitFor({ timeout: WAIT_MS });
    assert.match(await page.getByRole('main').innerText(), /消息队列/);
    assert.equal(await page.getByRole('button', { name: '中文' }).getAttribute('aria-pressed'), 'true');
    await page.screenshot({ path: join(SCREENSHOTS, 'smoke-zh.png'), fullPage: true });

    await page.reload();
    await page.getByRole('group', { name: '语言' }).waitFor({ timeout: WAIT_MS });
    assert.match(await page.getByRole('main').innerText(), /消息队列/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
