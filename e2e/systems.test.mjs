// The other systems of the article in the page: a preset of each (Kafka, RabbitMQ, a Raft queue,
// Redis) opens, draws its servers with their state words and strips, and at the end of the run
// shows the counts the native runner reports for the same scenario. Then the cross-system
// comparison, and switching the system in the editor. Screenshots to e2e/screenshots/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, scenario, linkFor, seek, shot, textOf, WAIT_MS, assertBacklogLeavesOutLost } from './harness.mjs';
import { runner } from './runner.mjs';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

useBrowser();

const count = async (page, id) => Number(await textOf(page, `#count-${id}`));

// `legend`: words its legend must show, and must not (what the system never sends).
const SYSTEMS = [
  {
    preset: 'kafka-acks1-leader-dies',
    servers: ['kafka1', 'kafka2', 'kafka3'],
    coordinator: 'controller',
    legend: { shows: /election/, hides: /send-back/ },
  },
  { preset: 'rabbitmq-manual-ack-consumer-crash', servers: ['rabbit'], legend: { shows: /nack/, hides: /replication|election|route/ } },
  { preset: 'raft-leader-killed', servers: ['node1', 'node2', 'node3'], legend: { shows: /election/, hides: /route|rebalance/ } },
  { preset: 'redis-queue-reliable-consumer-crash', servers: ['redis-mq'], legend: { shows: /recovery job/, hides: /replication|election|rebalance/ } },
];

for (const { preset, servers, coordinator, legend } of SYSTEMS) {
  test(`${preset}: the page draws the system and ends where the runner does`, async () => {
    const { context, page, errors } = await openPage('#' + linkFor({ scenario: scenario(preset) }));
    try {
      for (const name of servers.concat(coordinator ? [coordinator] : [])) {
        await page.locator(`#node-${name}`).waitFor({ timeout: WAIT_MS });
      }
      // Mid-run: the first server has its state words and at least one strip of its log or queue.
      await seek(page, 12_000);
      const first = page.locator(`#node-${servers[0]}`);
      assert.ok((await first.getAttribute('aria-label')).includes(servers[0]));
      assert.ok((await page.locator('.server-strips .strip').count()) >= servers.length, 'a strip per server');
      await shot(page, `system-${preset}`);
      // The legend lists the kinds of message this system sends, in its own words.
      const kinds = await textOf(page, '.cluster-legend .legend-list >> nth=0');
      assert.match(kinds, legend.shows, `${preset} legend: ${kinds}`);
      assert.doesNotMatch(kinds, legend.hides, `${preset} legend: ${kinds}`);
      // Every row of the legend can be read at 1280x720, in both languages: the whole legend fits
      // its band (Kafka's long names once took a fifth row, cut in half).
      for (const [lang, button] of [['en', 'English'], ['zh', '中文']]) {
        await page.getByRole('button', { name: button }).click();
        await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang, { timeout: WAIT_MS });
        const band = await page.locator('.cluster-legend').evaluate((b) => ({ content: b.scrollHeight, shown: b.clientHeight }));
        assert.ok(band.content <= band.shown + 1, `${preset} (${lang}): the legend needs ${band.content} px, its band has ${band.shown}`);
      }
      await page.getByRole('button', { name: 'English' }).click();

      // At the end, the page's counts are the runner's (once the whole run is known, the end of
      // the scrubber is the end of the run).
      await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
      await seek(page, 10_000_000);
      const report = runner(['run', `scenarios/${preset}.json`]);
      for (const [id, key] of [['lost', 'lost'], ['processed', 'processed'], ['acked', 'acked'], ['duplicate-effects', 'duplicate_effects']]) {
        assert.equal(await count(page, id), report.counts[key], `${preset}: ${id}`);
      }
      await assertBacklogLeavesOutLost(page, preset);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('RabbitMQ without confirms: at the end, what vanished unconfirmed has its own count, out of the backlog', async () => {
  const preset = 'rabbitmq-broker-crash';
  const { context, page, errors } = await openPage('#' + linkFor({ scenario: scenario(preset) }));
  try {
    await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
    await seek(page, 10_000_000);
    const report = runner(['run', `scenarios/${preset}.json`]);
    assert.ok(report.counts.unconfirmed_unprocessed > 0, 'the preset loses unconfirmed messages');
    await page.locator('#count-unconfirmed').waitFor({ timeout: WAIT_MS });
    assert.equal(await count(page, 'unconfirmed'), report.counts.unconfirmed_unprocessed);
    assert.equal(await count(page, 'backlog'), 0);
    assert.equal(await page.locator('#undrained').count(), 0, 'a drained run says nothing of draining');
    await assertBacklogLeavesOutLost(page, preset);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a cut between a RabbitMQ consumer and the node holds its frames, as TCP does, and loses nothing', async () => {
  const s = scenario('rabbitmq-manual-ack-consumer-crash');
  s.faults = [
    { at_ms: 10_000, action: 'cut', from: 'billing/c1', to: 'rabbit', one_way: false },
    { at_ms: 11_000, action: 'heal_link', from: 'billing/c1', to: 'rabbit' },
  ];
  const { context, page, errors } = await openPage('#' + linkFor({ scenario: s }));
  try {
    await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
    await seek(page, 10_600);
    const held = page.locator('.link-held');
    await held.waitFor({ timeout: WAIT_MS });
    assert.match(await held.textContent(), /^\d+ held by TCP$/);
    await shot(page, 'systems-rabbitmq-cut-holds');
    await seek(page, 10_000_000);
    assert.equal(await page.locator('.link-held').count(), 0, 'sent at the heal');
    assert.equal(await count(page, 'lost'), 0);
    assert.equal(await count(page, 'redelivered'), 0);
    assert.equal(await page.locator('#undrained').count(), 0, 'the queue drains');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a run that never drains says at its end what was left, as the runner does, in both languages', async () => {
  // A consumer that hangs (paused) on a connection without heartbeats keeps its deliveries
  // unacked for RabbitMQ's consumer_timeout (30 min), longer than the drain limit: the run ends
  // with c1 holding them and the queue behind.
  const s = scenario('rabbitmq-manual-ack-consumer-crash');
  s.faults = [{ at_ms: 3000, action: 'pause', node: 'billing/c1' }];
  s.system.heartbeat_ms = 0;
  s.max_drain_ms = 90_000;
  const file = join(tmpdir(), 'mqlab-e2e-undrained.json');
  writeFileSync(file, JSON.stringify(s));
  for (const locale of ['en-US', 'zh-CN']) {
    const report = runner(['run', file, '--lang', locale === 'en-US' ? 'en' : 'zh-CN']);
    assert.equal(report.drained, false);
    const { context, page, errors } = await openPage('#' + linkFor({ scenario: s }), { locale });
    try {
      await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
      await seek(page, 5_000);
      assert.equal(await page.locator('#undrained').count(), 0, 'nothing said before the end');
      await seek(page, 10_000_000);
      await page.locator('#undrained').waitFor({ timeout: WAIT_MS });
      const line = await textOf(page, '#undrained');
      for (const item of report.undrained.slice(0, 3)) {
        assert.ok(line.includes(item), `${locale}: "${line}" names "${item}"`);
      }
      assert.match(line, locale === 'en-US' ? /never drains/ : /始终没有排空/);
      await shot(page, `systems-undrained-${locale}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('the first server dies for good on every system: the comparison table', async () => {
  const { context, page, errors } = await openPage();
  try {
    await page.locator('#open-compare').click();
    const value = await page.$$eval('#compare-pick option', (os) =>
      os.find((o) => o.textContent.includes('Every system: the first server dies'))?.value,
    );
    assert.ok(value !== undefined, 'the cross-system comparison is offered');
    await page.locator('#compare-pick').selectOption(value);
    await page.locator('#compare-run').click();
    await page.waitForFunction(
      () => [...Array(8).keys()].every((i) => document.querySelector(`#compare-lost-${i}`)?.dataset.value !== undefined),
      null,
      { timeout: 8 * WAIT_MS },
    );
    const lost = async (i) => Number(await page.locator(`#compare-lost-${i}`).getAttribute('data-value'));
    assert.match(await page.locator('#compare-row-4').innerText(), /RabbitMQ/);
    assert.match(await page.locator('#compare-row-5').innerText(), /Raft/);
    assert.ok((await lost(0)) > 0, 'RocketMQ ASYNC_MASTER loses its unreplicated tail');
    assert.equal(await lost(1), 0, 'SYNC_MASTER');
    assert.equal(await lost(5), 0, 'the Raft queue');
    assert.ok((await lost(4)) > 0, 'a lone RabbitMQ node strands what it held');
    await page.locator('#compare-row-7').scrollIntoViewIfNeeded();
    await shot(page, 'compare-systems');

    // A row opens in the lab on its own system.
    await page.locator('#compare-row-5 .cmp-open').click();
    await page.locator('#node-node1').waitFor({ timeout: WAIT_MS });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the editor switches the cluster to another system, in Chinese too', async () => {
  const { context, page, errors } = await openPage('', { locale: 'zh-CN' });
  try {
    await page.locator('#open-editor').click();
    // The standard producers have no transaction section: their mode reads "none".
    assert.equal(await page.locator('#ed-producers-0--transaction-mode').inputValue(), 'none');
    // A RocketMQ-only setting made before the switch: Kafka has no message table.
    await page.locator('#ed-producers-0--reliable').check();
    await page.locator('#ed-producers-0--reliable-max_resends').waitFor({ timeout: WAIT_MS });
    await page.locator('#ed-system-kind').selectOption('kafka');
    // Kafka's own settings appear, each with its default and an explanation in Chinese.
    const acks = page.locator('#ed-system-acks');
    await acks.waitFor({ timeout: WAIT_MS });
    const help = await textOf(page, '#ed-system-acks-help');
    assert.match(help, /[\u4e00-\u9fff]/, `Chinese explanation: ${help}`);
    assert.equal(await page.locator('#ed-group-cluster').count(), 0, "RocketMQ's own sections are hidden");
    // So are the client settings Kafka has no use for; those it has stay.
    for (const gone of ['producers-0--retries', 'producers-0--reliable', 'producers-0--transaction-mode',
      'consumer_groups-0--rebalance_interval_ms', 'consumer_groups-0--orderly', 'brokers-delay_levels_ms']) {
      assert.equal(await page.locator(`#ed-${gone}`).count(), 0, `${gone} is not shown for Kafka`);
    }
    assert.equal(await page.locator('#ed-producers-0--workload-messages').count(), 1);
    assert.equal(await page.locator('#ed-consumer_groups-0--processing_ms').count(), 1);
    // A setting that means something else in Kafka is explained in Kafka's terms.
    assert.match(await textOf(page, '#ed-consumer_groups-0--ack-help'), /enable\.auto\.commit/);
    // A slow disk is a RocketMQ broker's: not offered for a Kafka fault.
    const faults = await page.locator('[id^="ed-faults-"][id$="--action"]').count();
    await page.locator('#ed-group-faults .ed-add').click();
    const action = page.locator(`#ed-faults-${faults}--action`);
    await action.waitFor({ timeout: WAIT_MS });
    // The options read as words; their values are the engine's actions.
    const actions = await action.locator('option').evaluateAll((options) => options.map((o) => o.value));
    assert.ok(actions.includes('crash') && !actions.includes('slow_disk'), actions.join(' '));
    await page.locator(`#ed-group-faults .ed-item:last-of-type .ed-remove`).click();
    // Idempotence follows acks unless set: the form says "default", not "off".
    assert.equal(await page.locator('#ed-system-enable_idempotence').inputValue(), '');
    assert.match(await page.locator('#ed-system-enable_idempotence option:checked').innerText(), /acks=all/);
    await acks.scrollIntoViewIfNeeded();
    await shot(page, 'editor-kafka-zh');
    await page.locator('.ed-bar .button-primary').click();
    await page.locator('#node-kafka1').waitFor({ timeout: WAIT_MS });
    await page.locator('#node-controller').waitFor({ timeout: WAIT_MS });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("switching a preset's copy to Kafka in the editor moves its fault to Kafka's first server", async () => {
  const { context, page, errors } = await openPage('#' + linkFor({ scenario: scenario('async-replication-master-crash') }));
  try {
    await page.locator('#open-editor').click();
    await page.locator('#ed-system-kind').selectOption('kafka');
    await page.locator('#ed-system-acks').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('[id^="ed-faults-0-"][id$="node"]').inputValue(), 'kafka1');
    await page.locator('.ed-bar .button-primary').click();
    await page.locator('#node-kafka1').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('.ed-summary').count(), 0, 'applied without a refusal');
    await seek(page, 11_000);
    await page.waitForFunction(() => /crashed/.test(document.querySelector('#node-kafka1')?.textContent ?? ''), null, {
      timeout: WAIT_MS,
    });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a consumer stuck on an isolated Raft leader says whom it waits on and when it gives up', async () => {
  // The pull went to node1 before the cut; the consumer waits out its 30 s pull timeout
  // (RocketMQ's consumerTimeoutMillisWhenSuspend) while the others elect a new leader.
  const s = scenario('raft-leader-killed');
  s.faults = [{ at_ms: 10_000, action: 'isolate', node: 'node1', direction: 'both' }];
  for (const [locale, words] of [['en-US', /c1 waiting on node1 · gives up at \d+\.\d{3} s/], ['zh-CN', /c1 等待 node1 回复 · \d+\.\d{3} 秒放弃/]]) {
    const { context, page, errors } = await openPage('#' + linkFor({ scenario: s }), { locale });
    try {
      await page.locator('#node-billing-c1').waitFor({ timeout: WAIT_MS });
      await seek(page, 20_000);
      await page.locator('.stuck-waits text').first().waitFor({ timeout: WAIT_MS });
      // SVG text: its lines joined (innerText is for HTML elements).
      const under = (await page.locator('.stuck-waits text').allTextContents()).join(' · ');
      assert.match(under, words, `${locale}: ${under}`);
      const c1 = page.locator('#node-billing-c1');
      assert.match(await c1.getAttribute('class'), /node-waiting/);
      assert.match(await c1.getAttribute('aria-label'), locale === 'en-US' ? /waiting on node1/ : /等待 node1 回复/);
      // The node's inspector says it too.
      await c1.click();
      assert.match(await textOf(page, '#inspected-waiting'), locale === 'en-US' ? /waiting on node1 · gives up at/ : /等待 node1 回复/);
      await shot(page, `system-raft-stuck-consumer-${locale}`);
      // Once the run is past the timeout, the consumer has moved to the new leader: no more words.
      await seek(page, 45_000);
      assert.equal(await page.locator('.stuck-waits text').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

// A click in the middle of any server's box opens its fault menu, as on a RocketMQ broker: the
// strips below the head inspect messages only where a cell holds one.
for (const { preset, servers } of SYSTEMS) {
  test(`${preset}: a click in the middle of a server's box opens its fault menu`, async () => {
    const { context, page, errors } = await openPage('#' + linkFor({ scenario: scenario(preset) }));
    try {
      await seek(page, 5_000);
      const box = await page.locator(`#node-${servers[0]} .node-box`).boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.locator('#fault-menu').waitFor({ timeout: WAIT_MS });
      assert.match(await textOf(page, '#fault-menu'), new RegExp(servers[0]));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}

test('a RocketMQ consumer stuck on an isolated master reads whole under its group at 1280×720, in both languages', async () => {
  // Pulls held by broker-a's master when it is cut off are never answered: its consumers wait.
  const s = scenario('standard');
  s.faults = [{ at_ms: 10_000, action: 'isolate', node: 'broker-a/master', direction: 'both' }];
  for (const [locale, words] of [
    ['en-US', /c\d waiting on broker-a\/master gives up at \d+\.\d{3} s/],
    ['zh-CN', /c\d 等待 broker-a\/master 回复 \d+\.\d{3} 秒放弃/],
  ]) {
    const { context, page, errors } = await openPage('#' + linkFor({ scenario: s }), { locale });
    try {
      await page.locator('#node-billing-c1').waitFor({ timeout: WAIT_MS });
      await seek(page, 12_000);
      await page.locator('.stuck-waits text').first().waitFor({ timeout: WAIT_MS });
      // SVG text: its lines joined, the phrases' " · " left out (a line may end a phrase).
      const lines = await page.locator('.stuck-waits text').allTextContents();
      const under = lines.join(' ').replaceAll(' · ', ' ');
      assert.match(under, words, `${locale}: ${lines.join(' | ')}`);
      assert.ok(!under.includes('…'), `${locale}: cut: ${lines.join(' | ')}`);
      // Every line ends inside its group's frame, as the browser measures it.
      const overruns = await page.evaluate(() => {
        const frame = document.querySelector('.consumer-frame rect');
        const right = Number(frame.getAttribute('x')) + Number(frame.getAttribute('width'));
        return [...document.querySelectorAll('.stuck-waits text')]
          .filter((t) => Number(t.getAttribute('x')) + t.getComputedTextLength() > right)
          .map((t) => t.textContent);
      });
      assert.deepEqual(overruns, [], locale);
      await shot(page, `rocketmq-stuck-consumer-${locale}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('the inspector\'s Chinese lines use the full-width colon', async () => {
  // Review 15: a server's queue and log lines read "orders-0: 条目 0–5" on the Chinese page.
  for (const [preset, node] of [['standard', 'broker-a-master'], ['kafka-acks1-leader-dies', 'kafka1']]) {
    const { context, page, errors } = await openPage('#' + linkFor({ scenario: scenario(preset), actions: [] }), { locale: 'zh-CN' });
    try {
      await page.locator(`#node-${node}`).waitFor({ timeout: WAIT_MS });
      await seek(page, 5_000);
      // The keyboard way: a Kafka server's strips lie over its dot.
      await page.locator(`#node-${node}`).focus();
      await page.keyboard.press('Enter');
      const said = await textOf(page, '#inspector');
      assert.match(said, /：/, `${preset}: ${said}`);
      // No ASCII colon beside Chinese text, nor before a value.
      assert.doesNotMatch(said, /[\u4e00-\u9fff]\s*:|:\s*[\u4e00-\u9fff]|: /, `${preset}: ${said}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});
