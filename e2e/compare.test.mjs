// Compare mode, end to end: open the Compare pane, run the replication comparison (ASYNC_MASTER vs
// SYNC_MASTER under the same master crash) and read the table: the async row lost acknowledged
// messages, the sync row lost none. Then open a row in the lab. Screenshot to e2e/screenshots/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, seek, shot, textOf, WAIT_MS } from './harness.mjs';

useBrowser();

async function cell(page, column, i) {
  const value = await page.locator(`#compare-${column}-${i}`).getAttribute('data-value');
  const n = Number(value);
  assert.ok(Number.isInteger(n), `#compare-${column}-${i} is not a number: ${value}`);
  return n;
}

test('the replication comparison shows SYNC_MASTER losing nothing where ASYNC_MASTER loses', async () => {
  const { context, page, errors } = await openPage();
  try {
    await page.locator('#open-compare').click();
    await page.locator('#compare-pick').selectOption({ index: 0 });
    await page.locator('#compare-run').click();
    // Both rows finished: every lost cell has a value.
    await page.waitForFunction(
      () => [0, 1].every((i) => document.querySelector(`#compare-lost-${i}`)?.dataset.value !== undefined),
      null,
      { timeout: 4 * WAIT_MS },
    );
    assert.match(await page.locator('#compare-row-0').innerText(), /ASYNC_MASTER/);
    assert.match(await page.locator('#compare-row-1').innerText(), /SYNC_MASTER/);
    const asyncLost = await cell(page, 'lost', 0);
    const syncLost = await cell(page, 'lost', 1);
    assert.ok(asyncLost > 0, `ASYNC_MASTER lost ${asyncLost}`);
    assert.equal(syncLost, 0);
    // The best (lowest) lost value is the sync row's, and it is marked.
    assert.match((await page.locator('#compare-lost-1').getAttribute('class')) ?? '', /cmp-best/);
    await page.locator('#compare-row-1').scrollIntoViewIfNeeded();
    await shot(page, 'compare');

    // "Open in the lab" loads that configuration and goes back to the lab, where the run ends
    // as in the table: same trace hash once the page knows the whole run.
    const rowHash = await page.locator('#compare-hash-1 code').getAttribute('title');
    await page.locator('#compare-row-1 .cmp-open').click();
    await page.locator('#stage svg, #stage canvas').first().waitFor({ timeout: WAIT_MS });
    assert.match(await page.locator('.scenario-title').innerText(), /SYNC_MASTER/);
    await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
    await seek(page, 10_000_000);
    assert.equal(await textOf(page, '#trace-hash'), rowHash);
    // One event on from the end: nothing, and the page says the run is over.
    await page.locator('#clock').click();
    await page.keyboard.press('ArrowRight');
    await page.locator('.notice-info').waitFor({ timeout: WAIT_MS });
    assert.match(await page.locator('.notice-info').innerText(), /end of the run/);
    // Back in Compare, the table is still there to open another row.
    await page.locator('#open-compare').click();
    await page.locator('#compare-row-0 .cmp-open').waitFor({ timeout: WAIT_MS });
    assert.equal(await cell(page, 'lost', 1), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('on the Chinese page, a row opened in the lab has a Chinese title and notes that say what it changed', async () => {
  const { context, page, errors } = await openPage();
  try {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '播放' }).waitFor({ timeout: WAIT_MS });
    await page.locator('#open-compare').click();
    await page.locator('#compare-pick').selectOption({ index: 0 });
    await page.locator('#compare-run').click();
    await page.locator('#compare-row-1 .cmp-open').waitFor({ timeout: 4 * WAIT_MS });
    await page.locator('#compare-row-1 .cmp-open').click();
    await page.locator('#stage svg, #stage canvas').first().waitFor({ timeout: WAIT_MS });
    assert.equal(await textOf(page, '.scenario-title'), '异步复制：master 宕机 [SYNC_MASTER 同步双写]');
    // The base's notes say the async tail is lost: this run first says it is the SYNC_MASTER one.
    const about = await textOf(page, '#scenario-about');
    assert.match(about, /对比运行：基准场景 \+ SYNC_MASTER 同步双写。以下是基准场景的说明/);
    assert.match(about, /ASYNC_MASTER 在 slave 收到消息之前就回复 SEND_OK/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
