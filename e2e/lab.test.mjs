// The web lab end to end, in Chromium against the release build: opening it, sharing a run and
// opening the link elsewhere, bad and hostile links, scrubbing, the language switch. Screenshots of
// each state go to e2e/screenshots/ (ignored by git).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, scenario, linkFor, seek, textOf, shot, WAIT_MS } from './harness.mjs';

useBrowser();

/** What two pages must agree on to be showing the same run at the same moment. */
async function fingerprint(page) {
  const counters = await page.$$eval('[id^="count-"]', (els) => els.map((e) => `${e.id}=${e.textContent.trim()}`));
  return {
    now: await textOf(page, '#now'),
    events: await textOf(page, '#events'),
    hash: await textOf(page, '#trace-hash'),
    counters: counters.join(' '),
  };
}

test('the lab opens on the standard cluster in English', async () => {
  const { context, page, errors } = await openPage();
  try {
    assert.equal(await textOf(page, '.brand'), 'mqlab');
    // An unchanged preset goes by its name in the page's language.
    assert.equal(await textOf(page, '.scenario-title'), 'Standard: multi-master, multi-slave, async');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    // At 1280 px the title has room to be read whole (it was cut to its first word).
    const title = await page.locator('.scenario-title').evaluate((e) => ({
      width: e.getBoundingClientRect().width,
      cut: e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1,
    }));
    assert.ok(title.width >= 200 && !title.cut, `the title is shown whole: ${JSON.stringify(title)}`);
    await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: WAIT_MS });
    await shot(page, 'open-en');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('scrubbing back and forward shows identical counters and trace hash', async () => {
  const run = { scenario: scenario('manual-ack-dropped-ack'), actions: [] };
  const { context, page, errors } = await openPage('#' + linkFor(run));
  try {
    await seek(page, 26_000);
    const first = await fingerprint(page);
    await seek(page, 4_000);
    assert.notEqual((await fingerprint(page)).hash, first.hash);
    await shot(page, 'scrub-back');
    await seek(page, 26_000);
    assert.deepEqual(await fingerprint(page), first);
    await shot(page, 'scrub-forward');
    // Focus on the scrubber (as after dragging it): → steps one event and Space plays.
    await page.locator('#scrubber').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((e) => document.querySelector('#events')?.textContent !== e, first.events, { timeout: WAIT_MS });
    const stepped = await textOf(page, '#now');
    await page.keyboard.press('Space');
    await page.waitForFunction((n) => document.querySelector('#now')?.textContent !== n, stepped, { timeout: WAIT_MS });
    await page.keyboard.press('Space');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('after a mouse click on a top-bar button, Space plays instead of pressing it again', async () => {
  const { context, page, errors } = await openPage();
  try {
    // "Edit scenario", then the same button as "Back to the lab": it keeps the focus.
    await page.locator('#open-editor').click();
    await page.locator('#open-editor').click();
    assert.equal(await page.locator('#open-editor').getAttribute('aria-pressed'), 'false');
    const before = await textOf(page, '#now');
    await page.keyboard.press('Space');
    await page.waitForFunction((b) => document.querySelector('#now')?.textContent !== b, before, { timeout: WAIT_MS });
    await page.keyboard.press('Space');
    assert.equal(await page.locator('#open-editor').getAttribute('aria-pressed'), 'false', 'the editor stayed shut');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a shared link opens the same run at the same moment in a new page', async () => {
  const run = { scenario: scenario('async-replication-master-crash'), actions: [] };
  const { context, page, errors } = await openPage('#' + linkFor(run));
  try {
    await seek(page, 12_345);
    // Stepped events, too: the link names the event, not only the time.
    for (let i = 0; i < 3; i++) {
      const before = await textOf(page, '#events');
      await page.locator('#step').click();
      await page.waitForFunction((b) => document.querySelector('#events')?.textContent !== b, before, { timeout: WAIT_MS });
    }
    await page.locator('#share').click();
    const url = await page.locator('.share-url').inputValue();
    assert.match(url, /#m1\./);
    await shot(page, 'share');
    // The popover takes focus on the link; Escape closes it and returns to Share.
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'share-url');
    await page.keyboard.press('Escape');
    await page.locator('.share-popover').waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'share');
    const here = await fingerprint(page);

    const other = await openPage(url.slice(url.indexOf('#')));
    try {
      assert.deepEqual(await fingerprint(other.page), here);
      await shot(other.page, 'share-opened');
      assert.deepEqual(other.errors, []);
    } finally {
      await other.context.close();
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('acting on a run opened from a link, then reloading, keeps what was done', async () => {
  const run = { scenario: scenario('async-replication-master-crash'), actions: [] };
  run.scenario.faults = [];
  const { context, page, errors } = await openPage('#' + linkFor(run));
  try {
    await seek(page, 5_000);
    await page.locator('#node-broker-a-master').click();
    await page.locator('#fault-crash').click();
    await page.waitForFunction(() => /broker-a\/master/.test(document.querySelector('#action-log')?.textContent), null, { timeout: WAIT_MS });
    // The link in the address is the run before the crash: it goes, so a reload opens the saved run.
    assert.equal(await page.evaluate(() => location.hash), '');
    await page.reload();
    await page.locator('#clock').waitFor({ timeout: WAIT_MS });
    assert.match(await textOf(page, '#action-log'), /broker-a\/master/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a preset picked over the learner\'s actions says so, and brings them back', async () => {
  const { context, page, errors } = await openPage();
  try {
    await seek(page, 5_000);
    await page.locator('#node-broker-a-master').click();
    await page.locator('#fault-crash').click();
    await page.waitForFunction(() => /broker-a\/master/.test(document.querySelector('#action-log')?.textContent), null, { timeout: WAIT_MS });
    const title = await textOf(page, '.scenario-title');
    await page.locator('header select').first().selectOption({ index: 1 });
    await page.locator('#bring-back').waitFor({ timeout: WAIT_MS });
    assert.match(await textOf(page, '.notices'), /was replaced, with the action you took in it/);
    assert.notEqual(await textOf(page, '.scenario-title'), title);
    await page.locator('#bring-back').click();
    await page.locator('#bring-back').waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await textOf(page, '.scenario-title'), title);
    assert.match(await textOf(page, '#action-log'), /broker-a\/master/);
    assert.equal(await textOf(page, '#now'), '5.000 s');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a scenario too heavy for the chosen speed says the page cannot keep up', async () => {
  const heavy = scenario('standard');
  heavy.brokers = { groups: 8, slaves: 2, replication: 'sync', flush: 'sync' };
  heavy.producers = ['p1', 'p2', 'p3', 'p4'].map((name) => ({ name, workload: { messages: 50000, rate_per_s: 5000, start_ms: 1000 } }));
  const { context, page, errors } = await openPage('#' + linkFor({ scenario: heavy, actions: [] }));
  try {
    await page.locator('#speed').selectOption({ label: '1000×' });
    await page.locator('#play').click();
    await page.locator('#speed-behind').waitFor({ timeout: WAIT_MS });
    await shot(page, 'speed-behind');
    await page.locator('#play').click();
    await page.locator('#speed-behind').waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a link pasted into a tab already open opens its run, and a broken one says so', async () => {
  const { context, page, errors } = await openPage();
  try {
    const saved = JSON.stringify({ scenario: scenario('peak-shaving-burst'), actions: [] });
    await page.evaluate((value) => localStorage.setItem('mqlab.saved', value), saved);
    const run = { scenario: scenario('async-replication-master-crash'), actions: [] };
    // Only the fragment changes: the page does not reload.
    await page.evaluate((hash) => { location.hash = hash; }, linkFor(run));
    await page.waitForFunction(
      () => document.querySelector('.scenario-title')?.textContent.startsWith('Async replication'),
      null,
      { timeout: WAIT_MS },
    );
    // Opening a link is not the learner's work: what they saved stays.
    assert.equal(await page.evaluate(() => localStorage.getItem('mqlab.saved')), saved);
    await page.evaluate(() => { location.hash = 'm1.this-is-not-a-link!!'; });
    const notice = page.locator('.notice-error');
    await notice.waitFor({ timeout: WAIT_MS });
    assert.match(await notice.innerText(), /could not be opened/);
    // Why, as a sentence of its own.
    assert.match(await textOf(page, '.notice-error .notice-detail'), /^The link is damaged.*\.$/);
    assert.match(await textOf(page, '.scenario-title'), /^Async replication/);
    // A good link opened next: the old complaint goes.
    await page.evaluate((hash) => { location.hash = hash; }, linkFor({ scenario: scenario('standard'), actions: [] }));
    await notice.waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a hand-edited link with a count its field cannot hold names the field\'s own range, in both languages', async () => {
  // Review 15: a link's scenario said serde's "0 to 255" where a file and the editor say "between 1 and 8".
  const s = scenario('standard');
  s.brokers = { ...s.brokers, groups: 500 };
  s.producers[0].workload.rate_per_s = 'x';
  for (const [locale, words] of [
    ['en-US', /scenario\.brokers\.groups: must be between 1 and 8, got 500/],
    ['zh-CN', /scenario\.brokers\.groups：必须在 1 到 8 之间，实际为 500/],
  ]) {
    const { context, page, errors } = await openPage('#' + linkFor({ scenario: s, actions: [] }), { locale });
    try {
      const detail = await textOf(page, '.notice-error .notice-detail');
      assert.match(detail, words, locale);
      assert.doesNotMatch(detail, /255|4294967295/, locale);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  // Without the count, the non-number is said with its field's range, not its type's.
  s.brokers.groups = 2;
  const { context, page } = await openPage('#' + linkFor({ scenario: s, actions: [] }));
  try {
    assert.match(
      await textOf(page, '.notice-error .notice-detail'),
      /rate_per_s: expected a whole number between 0 and 100000, got the text "x"/,
    );
  } finally {
    await context.close();
  }
});

test('a garbage link shows a dismissible error and keeps the saved scenario', async () => {
  const { context, page } = await openPage();
  try {
    const saved = JSON.stringify({ scenario: scenario('peak-shaving-burst'), actions: [] });
    await page.evaluate((value) => localStorage.setItem('mqlab.saved', value), saved);
    await page.goto('about:blank');
    const { page: bad, errors } = await openPage('#m1.this-is-not-a-link!!', { context });
    const notice = bad.locator('.notice-error');
    await notice.waitFor({ timeout: WAIT_MS });
    assert.match(await notice.innerText(), /could not be opened/);
    assert.equal(await textOf(bad, '.scenario-title'), 'Peak shaving: a burst absorbed by the queue');
    assert.equal(await bad.evaluate(() => localStorage.getItem('mqlab.saved')), saved);
    await shot(bad, 'garbage-link');
    await bad.getByRole('button', { name: 'Dismiss' }).first().click();
    await notice.waitFor({ state: 'detached', timeout: WAIT_MS });
    // The broken link left the address when it was refused: a reload shows the saved run quietly.
    assert.equal(await bad.evaluate(() => location.hash), '');
    await bad.reload();
    await bad.locator('#clock').waitFor({ timeout: WAIT_MS });
    assert.equal(await bad.locator('.notice-error').count(), 0);
    assert.equal(await textOf(bad, '.scenario-title'), 'Peak shaving: a burst absorbed by the queue');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a garbage link on a first visit says the standard scenario is shown instead', async () => {
  const { context, page, errors } = await openPage('#m1.this-is-not-a-link!!');
  try {
    const notice = page.locator('.notice-error');
    await notice.waitFor({ timeout: WAIT_MS });
    assert.match(await notice.innerText(), /the standard scenario is shown instead/);
    assert.doesNotMatch(await notice.innerText(), /saved scenario/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a title with markup in a link is shown as text, never run', async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const run = { scenario: { ...scenario('standard'), title: hostile }, actions: [] };
  const { context, page, errors } = await openPage('#' + linkFor(run));
  try {
    assert.equal(await textOf(page, '.scenario-title'), hostile);
    assert.equal(await page.locator('.scenario-title img').count(), 0);
    await shot(page, 'hostile-title');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('switching to 中文 shows Chinese labels and is remembered', async () => {
  const { context, page, errors } = await openPage();
  try {
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: WAIT_MS });
    await page.getByRole('button', { name: '播放' }).waitFor({ timeout: WAIT_MS });
    await page.getByRole('group', { name: '语言' }).waitFor({ timeout: WAIT_MS });
    await shot(page, 'open-zh');
    await page.reload();
    await page.getByRole('button', { name: '播放' }).waitFor({ timeout: WAIT_MS });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a link whose recorded action can never happen is refused on opening, counting actions from 1', async () => {
  const { context, page } = await openPage();
  try {
    const saved = JSON.stringify({ scenario: scenario('peak-shaving-burst'), actions: [] });
    await page.evaluate((value) => localStorage.setItem('mqlab.saved', value), saved);
    await page.goto('about:blank');
    // Edited by hand: no run handles a billion events in its first 5 s.
    const crash = { at_us: 5_000_000, after_events: 999_999_999, action: 'crash', node: 'broker-a/master' };
    const never = { scenario: scenario('standard'), actions: [crash], at_us: 1_000_000 };
    const { page: bad, errors } = await openPage('#' + linkFor(never), { context });
    const notice = bad.locator('.notice-error');
    await notice.waitFor({ timeout: WAIT_MS });
    assert.match(await notice.innerText(), /could not be opened/);
    assert.equal(await textOf(bad, '.notice-error .notice-detail'), 'Recorded action 1 refers to a moment this run never reaches.');
    // The learner's saved run is what the page shows, untouched.
    assert.equal(await textOf(bad, '.scenario-title'), 'Peak shaving: a burst absorbed by the queue');
    assert.equal(await bad.evaluate(() => localStorage.getItem('mqlab.saved')), saved);
    // The checks on opening count the same way.
    const late = { scenario: scenario('standard'), actions: [{ ...crash, at_us: 999_000_000_000, after_events: 5 }] };
    await bad.evaluate((hash) => { location.hash = hash; }, linkFor(late));
    await bad.waitForFunction(
      () => [...document.querySelectorAll('.notice-error .notice-detail')].some((e) => /is not valid: action 1 \(at_us\): .* is after the end of the run/.test(e.textContent)),
      null,
      { timeout: WAIT_MS },
    );
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('on the Chinese page, "was replaced" names the run as the header did', async () => {
  const { context, page, errors } = await openPage();
  try {
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '播放' }).waitFor({ timeout: WAIT_MS });
    const title = await textOf(page, '.scenario-title');
    assert.equal(title, '标准：多 master 多 slave，异步复制');
    await seek(page, 5_000);
    await page.locator('#node-broker-a-master').click();
    await page.locator('#fault-crash').click();
    await page.waitForFunction(() => /broker-a\/master/.test(document.querySelector('#action-log')?.textContent), null, { timeout: WAIT_MS });
    await page.locator('header select').first().selectOption({ index: 1 });
    await page.locator('#bring-back').waitFor({ timeout: WAIT_MS });
    assert.match(await textOf(page, '.notices'), new RegExp(`“${title}”已被替换`));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the Share popover closes on a press outside it, and stays open for one inside', async () => {
  const { context, page, errors } = await openPage();
  try {
    await page.locator('#share').click();
    const popover = page.locator('.share-popover');
    await popover.waitFor({ timeout: WAIT_MS });
    await page.locator('.share-url').click();
    assert.equal(await popover.count(), 1, 'a press on the link keeps it open');
    await page.locator('#clock').click();
    await popover.waitFor({ state: 'detached', timeout: WAIT_MS });
    // A click on its text keeps the focus in it, so Escape still closes it.
    await page.locator('#share').click();
    await popover.waitFor({ timeout: WAIT_MS });
    await page.locator('#share-status').click();
    assert.equal(await popover.count(), 1, 'a press on its text keeps it open');
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('past an hour, both sides of the clock read in one format, in both languages', async () => {
  // Review 11: "3068.504 s / 4 h 45 min 56.000 s".
  const long = scenario('standard');
  long.duration_ms = 3_700_000;
  long.producers = long.producers.map((p) => ({ ...p, workload: { ...p.workload, messages: 50 } }));
  long.faults = [];
  for (const [locale, now, end] of [
    ['en-US', /^0 h 51 min 8\.\d{3} s$/, /^1 h \d+ min \d+\.\d{3} s$/],
    ['zh-CN', /^0 小时 51 分 8\.\d{3} 秒$/, /^1 小时 \d+ 分 \d+\.\d{3} 秒$/],
  ]) {
    const { context, page, errors } = await openPage('#' + linkFor({ scenario: long, actions: [] }), { locale });
    try {
      await page.locator('#scrubber[data-known="true"]').waitFor({ timeout: 4 * WAIT_MS });
      await seek(page, 3_068_504);
      const [shown, total] = (await textOf(page, '#clock')).split(' · ')[0].split(' / ');
      assert.match(shown, now, locale);
      assert.match(total, end, locale);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});
