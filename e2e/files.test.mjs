// Files in and out of the web lab: export the scenario and the trace as JSON, import a scenario
// file (a valid one starts it, a broken one is refused with the field named and changes nothing).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useBrowser, openPage, scenario, seek, textOf, shot, WAIT_MS } from './harness.mjs';

useBrowser();

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), click()]);
  return JSON.parse(await readFile(await file.path(), 'utf8'));
}

test('the trace and the scenario export as JSON; scenario files import', async () => {
  const { context, page, errors } = await openPage();
  try {
    await seek(page, 1_500);
    const trace = await download(page, () => page.locator('#export-trace').click());
    assert.equal(trace.trace_hash, await textOf(page, '#trace-hash'));
    assert.ok(trace.trace.length > 0);

    await page.getByRole('button', { name: 'Edit scenario' }).click();
    const exported = await download(page, () => page.getByRole('button', { name: 'Export JSON' }).click());
    assert.equal(exported.title, 'Standard cluster');

    const input = page.getByLabel('Import a scenario JSON file');
    const broken = { ...scenario('peak-shaving-burst'), brokers: { groups: 9 } };
    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await page.getByText('brokers.groups').first().waitFor({ timeout: WAIT_MS });
    assert.equal(await textOf(page, '.scenario-title'), 'Standard: multi-master, multi-slave, async');
    await shot(page, 'import-refused');

    const good = scenario('peak-shaving-burst');
    await input.setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    // The file is the preset unchanged, so the page calls it by the preset's name.
    const name = 'Peak shaving: a burst absorbed by the queue';
    await page.waitForFunction((t) => document.querySelector('.scenario-title')?.textContent === t, name, {
      timeout: WAIT_MS,
    });
    assert.equal(await page.locator('.scenario-title').getAttribute('title'), good.title);
    await shot(page, 'import-loaded');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a trace with more events than the page exports is refused with a message, and no file is saved', async () => {
  // The standard run passes the limit (250 000 events) well before its end.
  const { context, page, errors } = await openPage();
  const downloads = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  try {
    // Once the end is known (the standard run drains at 61 s), seek there.
    await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
    await seek(page, 10_000_000);
    const events = Number((await textOf(page, '#events')).replace(/\D/g, ''));
    assert.ok(events > 250_000, `only ${events} events at the end`);
    await page.locator('#export-trace').click();
    const notice = page.locator('.notice', { hasText: 'more than the page exports (250000)' });
    await notice.waitFor({ timeout: WAIT_MS });
    assert.match(await notice.innerText(), new RegExp(`has ${events} events`));
    // The click saves in the same handler that refuses: had it saved, the download would be here.
    assert.deepEqual(downloads, []);
    await page.getByRole('button', { name: '中文' }).click();
    assert.match(await page.locator('.notice-warn').first().innerText(), /超过了网页能导出的上限（250000）/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
