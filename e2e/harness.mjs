// What every end-to-end test needs: dist/ (from `trunk build --release`) served on a free loopback
// port, one headless Chromium, fresh pages that collect their errors, and share links made here
// with the same format as the app's link codec (m1. + base64url of raw DEFLATE of the JSON).

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = resolve(HERE, '..');
const DIST = join(ROOT, 'dist');
export const SCREENSHOTS = join(HERE, 'screenshots');
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
export const WAIT_MS = 30_000;

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
let browser;
export let baseUrl;

/** Serves dist/; unknown paths get index.html, as `trunk serve` does. */
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

/** Start the server and the browser before this file's tests, and stop them after. */
export function useBrowser() {
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
}

/**
 * A fresh page (its own storage) at `path`, in English unless `locale` says otherwise, with its
 * errors collected so that a panic fails the test. Waits until the lab has rendered.
 */
export async function openPage(path = '', { locale = 'en-US', context: shared } = {}) {
  const context = shared ?? (await browser.newContext({ locale, viewport: { width: 1280, height: 720 } }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  await page.goto(baseUrl + path);
  await page.locator('#clock').waitFor({ timeout: WAIT_MS });
  return { context, page, errors };
}

/** A shipped scenario as an object. */
export function scenario(name) {
  return JSON.parse(readFileSync(join(ROOT, 'scenarios', `${name}.json`), 'utf8'));
}

/** The fragment of a share link for a run (same format as src/scenario/link.rs). */
export function linkFor(run) {
  const packed = deflateRawSync(Buffer.from(JSON.stringify(run)), { level: 9 });
  return 'm1.' + packed.toString('base64url');
}

/**
 * Move the cursor to `ms` of sim time with the scrubber, as a learner dragging it would (the
 * scrubber stops a little after the run drained: a later time lands there). Returns where it landed.
 */
export async function seek(page, ms) {
  const target = await page.evaluate((value) => {
    const input = document.querySelector('#scrubber');
    input.value = String(value);
    // A drag's moves, then its release: the page seeks at once, to the exact position, on release.
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return Number(input.value);
  }, ms);
  await page.waitForFunction((value) => Number(document.querySelector('#scrubber').value) === value, target, {
    timeout: WAIT_MS,
  });
  return target;
}

/** The text of an element, trimmed. */
export async function textOf(page, selector) {
  return (await page.locator(selector).first().innerText()).trim();
}

export async function shot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** The scoreboard's backlog is what is stored and not yet settled: it leaves out the processed,
 * the dead-lettered, the lost (with the same `lost` as the Lost cell) and, at the end, what was
 * stored without a confirm and is gone. */
export async function assertBacklogLeavesOutLost(page, what) {
  const n = async (id) => Number(await textOf(page, `#count-${id}`));
  const [stored, processed, dlq, lost, backlog] = [
    await n('stored'),
    await n('processed'),
    await n('dlq'),
    await n('lost'),
    await n('backlog'),
  ];
  // Shown only where messages stored without a confirm are gone unprocessed (at the end).
  const unconfirmed = (await page.locator('#count-unconfirmed').count()) ? await n('unconfirmed') : 0;
  const expected = Math.max(0, stored - processed - dlq - lost - unconfirmed);
  assert.equal(backlog, expected, `${what}: stored ${stored}, processed ${processed}, dlq ${dlq}, lost ${lost}, unconfirmed ${unconfirmed}`);
}
