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

test('on the Chinese page, a row opened in the lab has a Chinese title and notes that say what it changed, and a switch renames its copy', async () => {
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
    // Review 13: switched to another system in the editor, the row's copy kept its title and notes,
    // which described its RocketMQ settings. Now it is renamed and noted as a preset's copy is: in
    // English in the fields, in Chinese as the page shows them. (Applying it would be refused: the
    // editor's switch leaves the fault on broker-a/master, which Kafka does not have.)
    await page.locator('#open-editor').click();
    await page.locator('#ed-system-kind').selectOption('kafka');
    assert.equal(await page.locator('#ed-title').inputValue(), 'Custom scenario (Kafka)');
    assert.match(
      await page.locator('#ed-notes').inputValue(),
      /^Made from the Compare run “Async replication: the master crashes \[SYNC_MASTER\]”, switched to Kafka\./,
    );
    assert.match(await textOf(page, '#ed-title-shown'), /自定义场景（Kafka）$/);
    assert.match(await textOf(page, '#ed-notes-shown'), /由对比运行“异步复制：master 宕机 \[SYNC_MASTER 同步双写\]”改为 Kafka。/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// Review 11: "(best)" sat on 1.31 s beside an unmarked 663.1 ms, with no word of why. The speed and
// availability columns compete only among the runs that lost fewest messages; the pane says so, in
// both languages, and the mark says it in full where it is not the column's lowest value.
test('compare states its rule for "best", and marks speed and availability only among the runs that lost fewest', async () => {
  const { context, page, errors } = await openPage();
  try {
    await page.locator('#open-compare').click();
    const every = await page.$$eval('#compare-pick option', (os) => os.findIndex((o) => /^Every system/.test(o.textContent)));
    assert.ok(every >= 0, 'the every-system comparison is offered');
    await page.locator('#compare-pick').selectOption({ index: every });
    await page.locator('#compare-run').click();
    await page.locator('#compare-best-rule').waitFor({ timeout: WAIT_MS });
    const rows = await page.locator('#compare-table tbody tr').count();
    await page.waitForFunction(
      (n) => [...Array(n).keys()].every((i) => document.querySelector(`#compare-lost-${i}`)?.dataset.value !== undefined),
      rows,
      { timeout: 8 * WAIT_MS },
    );
    assert.match(await textOf(page, '#compare-best-rule'), /only among the runs that lost fewest messages/);
    const lost = [];
    for (let i = 0; i < rows; i++) lost.push(await cell(page, 'lost', i));
    const fewest = Math.min(...lost);
    let marked = 0;
    for (const column of ['p99', 'throughput', 'unavailable']) {
      for (let i = 0; i < rows; i++) {
        const td = page.locator(`#compare-${column}-${i}`);
        if (!/cmp-best/.test((await td.getAttribute('class')) ?? '')) continue;
        marked += 1;
        assert.equal(lost[i], fewest, `${column} of row ${i} is marked best but the row lost ${lost[i]}`);
        assert.match(await td.innerText(), /\(best among the runs that lost fewest\)/);
      }
    }
    assert.ok(marked > 0, 'some speed or availability value is marked');
    await page.getByRole('button', { name: '中文' }).click();
    assert.match(await textOf(page, '#compare-best-rule'), /只在丢失消息最少的运行中评最佳/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
