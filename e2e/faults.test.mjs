// Breaking the cluster by hand in the web lab, end to end: kill a master under async replication
// and watch acknowledged messages get lost; drop a consumer's ack, then crash it, and watch the
// redelivery; click an anomaly and get its lifecycle and cause. Screenshots to e2e/screenshots/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, scenario, linkFor, seek, textOf, shot, WAIT_MS, assertBacklogLeavesOutLost } from './harness.mjs';

useBrowser();

/** A shipped scenario with its fault schedule removed: the test breaks it by hand. */
function withoutFaults(name) {
  return { scenario: { ...scenario(name), faults: [] }, actions: [] };
}

async function count(page, id) {
  const text = await textOf(page, `#count-${id}`);
  const n = Number(text);
  assert.ok(Number.isInteger(n), `#count-${id} is not a number: ${text}`);
  return n;
}

test('killing a master under async replication loses acknowledged messages', async () => {
  const { context, page, errors } = await openPage('#' + linkFor(withoutFaults('async-replication-master-crash')));
  try {
    // Mid-way between two HA transfers (every 100 ms): the newest acknowledged messages are only
    // on the master.
    await seek(page, 10_050);
    assert.equal(await count(page, 'lost'), 0);
    await page.locator('#node-broker-a-master').click();
    await page.locator('#fault-crash').click();
    await page.waitForFunction(
      () => document.querySelector('#node-broker-a-master')?.dataset.status === 'crashed',
      null,
      { timeout: WAIT_MS },
    );
    assert.match(await textOf(page, '#action-log'), /broker-a\/master/);
    await shot(page, 'master-killed');
    // Space now plays: the menu's button (now Restart) must not take it.
    const clockBefore = await textOf(page, '#now');
    await page.keyboard.press('Space');
    await page.waitForFunction((b) => document.querySelector('#now')?.textContent !== b, clockBefore, { timeout: WAIT_MS });
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#node-broker-a-master').getAttribute('data-status'), 'crashed');
    assert.doesNotMatch(await textOf(page, '#action-log'), /restart/i);
    // The clicked button is gone (Kill became Restart), yet Escape still closes the menu.
    await page.keyboard.press('Escape');
    await page.locator('.fault-menu').waitFor({ state: 'detached', timeout: WAIT_MS });
    await seek(page, 45_000);
    const lost = await count(page, 'lost');
    assert.ok(lost > 0, `lost ${lost}`);
    await shot(page, 'master-killed-lost');
    // At the end of the run the losses are certain, and the backlog no longer counts them.
    await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
    await seek(page, 10_000_000);
    await assertBacklogLeavesOutLost(page, 'master killed, at the end');

    // The anomaly list explains a loss; clicking it opens the message and moves the scrubber.
    const before = await page.locator('#scrubber').inputValue();
    await page.locator('#anomaly-list .anomaly-button').first().click();
    await page.locator('#inspected-name').waitFor({ timeout: WAIT_MS });
    assert.match(await textOf(page, '#inspector'), /broker-a\/master/);
    assert.notEqual(await page.locator('#scrubber').inputValue(), before);
    await shot(page, 'anomaly-inspected');

    // Walking the lifecycle: a step's time moves the cursor back, and the whole lifecycle stays,
    // the steps still to come greyed.
    const steps = await page.locator('#lifecycle li').count();
    assert.ok(steps > 2, `lifecycle steps ${steps}`);
    await page.locator('#lifecycle li:first-child .step-time').click();
    await page.locator('#lifecycle-later').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#lifecycle li').count(), steps);
    assert.equal(await page.locator('#lifecycle li.step-later').count(), steps - 1);
    assert.equal(await page.locator('#lifecycle li[aria-current="step"]').count(), 1);
    await page.locator('#lifecycle li:last-child .step-time').click();
    await page.waitForFunction(() => !document.querySelector('#lifecycle-later'), null, { timeout: WAIT_MS });

    // The crash is on the timeline; acting before it forks the run and drops it, with a notice.
    assert.equal(await page.locator('.scrubber .marker-action').count(), 1);
    await seek(page, 5_000);
    await page.locator('#node-broker-b-master').click();
    await page.locator('#fault-pause').click();
    const notice = page.locator('.notice-info');
    await notice.waitFor({ timeout: WAIT_MS });
    assert.match(await notice.innerText(), /the later action was dropped/);
    assert.equal(await page.locator('#action-log li').count(), 1);
    assert.match(await textOf(page, '#action-log'), /broker-b\/master/);
    await shot(page, 'forked');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a dropped consumer ack, then a consumer crash, means redelivery', async () => {
  const { context, page, errors } = await openPage('#' + linkFor(withoutFaults('manual-ack-dropped-ack')));
  try {
    await seek(page, 6_000);
    // The link menu: from billing/c1 to broker-a/master, kind "consumer ack".
    // A link is a thin line under the dots: open its menu the keyboard way (focus, Enter).
    await page.locator('g.link[aria-label*="billing/c1"][aria-label*="broker-a/master"]').first().focus();
    await page.keyboard.press('Enter');
    const direction = page.locator('#fault-direction');
    const options = await direction.locator('option').allInnerTexts();
    const forward = options.findIndex((o) => o.startsWith('billing/c1'));
    await direction.selectOption(String(forward));
    const kind = page.locator('#fault-kind');
    // Review 13: only what travels from a consumer to its broker, and "any kind".
    const offered = await kind.locator('option').allInnerTexts();
    assert.ok(offered.includes('any kind') && offered.some((o) => /pull request/.test(o)), offered.join(', '));
    assert.ok(!offered.some((o) => /SEND_OK|pull result|replication|^message$/.test(o)), offered.join(', '));
    const kindLabel = offered.find((o) => /consumer ack/.test(o));
    await kind.selectOption({ label: kindLabel });
    await page.locator('#fault-drop-next').click();
    assert.match(await textOf(page, '#action-log'), /billing\/c1/);
    await shot(page, 'ack-drop-armed');

    // The next offset commit is dropped within 5 s; crash billing/c1 before it commits again.
    await seek(page, 11_500);
    await page.locator('#node-billing-c1').click();
    await page.locator('#fault-crash').click();
    await seek(page, 40_000);
    const redelivered = await count(page, 'duplicate-deliveries');
    assert.ok(redelivered > 0, `duplicate deliveries ${redelivered}`);
    assert.ok((await count(page, 'duplicate-effects')) > 0);
    await shot(page, 'ack-dropped-redelivered');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a link can be cut one way, in the direction chosen', async () => {
  const { context, page, errors } = await openPage('#' + linkFor(withoutFaults('manual-ack-dropped-ack')));
  try {
    await seek(page, 6_000);
    const link = page.locator('g.link[aria-label*="billing/c1"][aria-label*="broker-a/master"]').first();
    await link.focus();
    await page.keyboard.press('Enter');
    const direction = page.locator('#fault-direction');
    const options = await direction.locator('option').allInnerTexts();
    await direction.selectOption(String(options.findIndex((o) => o.startsWith('broker-a/master'))));
    await page.locator('#fault-cut-one-way').click();
    assert.match(await textOf(page, '#action-log'), /cut the link broker-a\/master → billing\/c1/);
    // That direction is cut: it is not offered again, and the link can be healed.
    await page.locator('#fault-cut-one-way').waitFor({ state: 'detached', timeout: WAIT_MS });
    await page.locator('#fault-heal-link').waitFor({ timeout: WAIT_MS });
    assert.match(await link.getAttribute('class'), /link-cut/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('nodes and faults are reachable from the keyboard', async () => {
  const { context, page, errors } = await openPage();
  try {
    await seek(page, 2_000);
    await page.locator('#faults-button').focus();
    await page.keyboard.press('Enter');
    await page.locator('#fault-node').selectOption({ label: 'broker-b/master' });
    await page.locator('#fault-pause').waitFor({ timeout: WAIT_MS });
    await page.locator('#fault-pause').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('#node-broker-b-master')?.dataset.status === 'paused',
      null,
      { timeout: WAIT_MS },
    );
    await shot(page, 'keyboard-pause');

    // The links are one tab stop, before the nodes; ↑ and ↓ move between them, Enter opens one.
    assert.equal(await page.locator('.links > [tabindex="0"]').count(), 1);
    const first = page.locator('.links > [tabindex="0"]');
    await first.focus();
    const label = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    const was = await label();
    await page.keyboard.press('ArrowDown');
    const next = await label();
    assert.notEqual(next, was);
    assert.match(next, /^link /);
    await page.keyboard.press('ArrowUp');
    assert.equal(await label(), was);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.locator('#fault-menu').waitFor({ timeout: WAIT_MS });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a loss that is certain only at the end leaves the backlog too', async () => {
  // The price lesson's run: the restarted master writes one acknowledged order where the group
  // has already read; the checker knows it is lost only when the run ends.
  const { context, page, errors } = await openPage('#' + linkFor({ scenario: scenario('all-masters-down') }));
  try {
    await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
    await seek(page, 10_000_000);
    assert.ok((await count(page, 'lost')) > 0);
    await assertBacklogLeavesOutLost(page, 'all masters down, at the end');
    assert.match(await textOf(page, '#anomaly-list'), /a position the group had already read/);
    // Its link goes back to where the harm was done, when the loss is not certain yet: the list
    // keeps it among those still to come.
    await page.locator('#anomaly-list .anomaly-button').first().click();
    await page.waitForFunction(() => Number(document.querySelector('#scrubber').value) < 30_000, null, {
      timeout: WAIT_MS,
    });
    assert.equal(await count(page, 'lost'), 0);
    assert.ok((await page.locator('.anomaly-later').count()) >= 1, 'the loss to come is listed');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a long anomaly list pages back through the older anomalies', async () => {
  const { context, page, errors } = await openPage('#' + linkFor({ scenario: scenario('manual-ack-dropped-ack'), actions: [] }));
  try {
    await seek(page, 100_000_000);
    const total = Number(await textOf(page, '#anomaly-count'));
    assert.ok(total > 60, `enough anomalies for three pages: ${total}`);
    assert.equal(await textOf(page, '#anomaly-range'), `1–30 of ${total}, newest first`);
    assert.equal(await page.locator('#anomaly-list > li').count(), 30);
    assert.ok(await page.locator('#anomalies-newer').isDisabled());
    const newest = await textOf(page, '#anomaly-list > li:first-child');

    await page.locator('#anomalies-older').click();
    assert.equal(await textOf(page, '#anomaly-range'), `31–60 of ${total}, newest first`);
    assert.notEqual(await textOf(page, '#anomaly-list > li:first-child'), newest);
    // Page to the oldest: the last page holds the rest, and Older is done.
    while (!(await page.locator('#anomalies-older').isDisabled())) await page.locator('#anomalies-older').click();
    const rest = total % 30 || 30;
    assert.equal(await page.locator('#anomaly-list > li').count(), rest);
    assert.match(await textOf(page, '#anomaly-range'), new RegExp(`–${total} of ${total}`));
    await shot(page, 'anomalies-oldest-page');

    // Inspecting one on the second page moves the cursor back to it, where it is among the
    // newest: the list turns to its first page.
    await page.locator('#anomalies-newer').click();
    while (!(await page.locator('#anomalies-newer').isDisabled())) await page.locator('#anomalies-newer').click();
    await page.locator('#anomalies-older').click();
    const picked = await textOf(page, '#anomaly-list > li:first-child .anomaly-headline');
    await page.locator('#anomaly-list .anomaly-button').first().click();
    assert.match(await textOf(page, '#anomaly-range'), /^1–30 of /);
    assert.ok(Number(await textOf(page, '#anomaly-count')) < total, 'the cursor moved back');
    assert.ok((await textOf(page, '#anomaly-list')).includes(picked), `${picked} is on the first page`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the anomaly buttons\' Chinese names use the Chinese colon', async () => {
  // Review 11: "查看该消息并跳转到 10.000 秒: 消息 p1-1799…".
  const { context, page, errors } = await openPage('#' + linkFor({ scenario: scenario('async-replication-master-crash'), actions: [] }), { locale: 'zh-CN' });
  try {
    await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
    await seek(page, 10_000_000);
    await page.locator('#anomaly-list .anomaly-button').first().waitFor({ timeout: WAIT_MS });
    const labels = await page.locator('.anomaly-button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label')));
    assert.ok(labels.length > 0);
    for (const label of labels) {
      assert.match(label, /^查看该消息并跳转到 .+ 秒：/, label);
      assert.doesNotMatch(label, /: /, label);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
