// A new learner's first visit, end to end, in English and in 中文: open the lab, play and pause,
// step, step to the next interesting event, change the speed, crash a master from its menu and
// restart it, inspect a message from a dot and from a commit-log cell, open the editor, change a
// setting, apply, and see the new run. Waits are on what the page shows, never on the clock.
// Screenshots to e2e/screenshots/walk-<lang>-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, seek, textOf, shot, WAIT_MS } from './harness.mjs';

useBrowser();

const LANGS = {
  en: {
    locale: 'en-US',
    play: 'Play',
    pause: 'Pause',
    crash: 'Kill (crash)',
    restart: 'Restart',
    message: 'Message',
    edit: 'Edit scenario',
    apply: 'Apply and restart',
    custom: 'Custom scenario',
  },
  zh: {
    locale: 'zh-CN',
    play: '播放',
    pause: '暂停',
    crash: '杀死（宕机）',
    restart: '重启',
    message: '消息',
    edit: '编辑场景',
    apply: '应用并重新开始',
    custom: '自定义场景',
  },
};

const events = async (page) => Number(await textOf(page, '#events'));

/** Waits until `#events` differs from `before`. */
async function eventsMove(page, before) {
  await page.waitForFunction((n) => Number(document.querySelector('#events').textContent) !== n, before, {
    timeout: WAIT_MS,
  });
}

/**
 * Clicks, where the learner would, the first element matching `selector` that is on top at its
 * own centre (a dot can pass behind a node; a click there would land on the node).
 */
async function clickVisible(page, selector) {
  const point = await page.evaluate((sel) => {
    for (const el of document.querySelectorAll(sel)) {
      const r = el.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (r.width > 0 && document.elementFromPoint(x, y) === el) return [x, y];
    }
    return null;
  }, selector);
  assert.ok(point, `nothing clickable matches ${selector}`);
  await page.mouse.click(point[0], point[1]);
}

for (const [lang, words] of Object.entries(LANGS)) {
  test(`a learner's first visit (${lang})`, async () => {
    const { context, page, errors } = await openPage('', { locale: words.locale });
    try {
      const shoot = (name) => shot(page, `walk-${lang}-${name}`);
      // Open.
      await page.getByRole('button', { name: words.play, exact: true }).waitFor({ timeout: WAIT_MS });
      await shoot('open');

      // From the start (where the cluster's start-up is interesting: routes, registrations,
      // rebalances), step one event, then to the next interesting one; the keyboard does the same.
      // Past the start-up a fault-free run has nothing interesting left, and the step runs to the end.
      let before = await events(page);
      await page.locator('#step').click();
      await eventsMove(page, before);
      before = await events(page);
      await page.locator('#step-interesting').click();
      await eventsMove(page, before);
      before = await events(page);
      await page.locator('#scrubber').blur();
      await page.locator('body').press('ArrowRight');
      await eventsMove(page, before);
      before = await events(page);
      await page.locator('body').press('ArrowLeft');
      await eventsMove(page, before);

      // Play, see time pass, pause (the button's name says which it does); then space does both.
      before = await events(page);
      await page.getByRole('button', { name: words.play, exact: true }).click();
      await eventsMove(page, before);
      await page.getByRole('button', { name: words.pause, exact: true }).click();
      await page.getByRole('button', { name: words.play, exact: true }).waitFor({ timeout: WAIT_MS });
      await page.locator('body').press(' ');
      await page.getByRole('button', { name: words.pause, exact: true }).waitFor({ timeout: WAIT_MS });
      await page.locator('body').press(' ');
      await page.getByRole('button', { name: words.play, exact: true }).waitFor({ timeout: WAIT_MS });
      await shoot('played');

      // Speed: 10× and back.
      const speed = page.locator('#speed');
      await speed.selectOption({ label: '10×' });
      assert.equal(await speed.locator('option:checked').innerText(), '10×');
      await speed.selectOption({ label: '1×' });

      // Crash a master from its menu, see it crashed and logged, restart it.
      await seek(page, 3_000);
      await page.locator('#node-broker-a-master').click();
      await page.getByRole('button', { name: words.crash }).click();
      await page.waitForFunction(
        () => document.querySelector('#node-broker-a-master')?.dataset.status === 'crashed',
        null,
        { timeout: WAIT_MS },
      );
      assert.match(await textOf(page, '#action-log'), /broker-a\/master/);
      await shoot('crashed');
      await page.getByRole('button', { name: words.restart }).click();
      await page.waitForFunction(
        () => document.querySelector('#node-broker-a-master')?.dataset.status !== 'crashed',
        null,
        { timeout: WAIT_MS },
      );
      assert.equal(await page.locator('#action-log li').count(), 2);
      await page.keyboard.press('Escape');

      // Inspect a message from a dot on the wire, then from a cell of a commit-log strip.
      await seek(page, 3_500);
      await clickVisible(page, 'circle.dot[data-msg]');
      await page.locator('#inspected-name').waitFor({ timeout: WAIT_MS });
      assert.ok((await textOf(page, '#inspected-name')).startsWith(words.message));
      assert.ok((await page.locator('#lifecycle li').count()) > 0);
      await shoot('dot-inspected');
      const first = await textOf(page, '#inspected-name');
      await clickVisible(page, '#node-broker-b-master ~ .strip .strip-cell');
      await page.waitForFunction(
        (name) => document.querySelector('#inspected-name')?.textContent.trim() !== name,
        first,
        { timeout: WAIT_MS },
      );
      assert.ok((await textOf(page, '#inspected-name')).startsWith(words.message));
      await shoot('cell-inspected');

      // The editor: change the seed, apply, and a new run of a custom scenario starts.
      await seek(page, 2_000);
      const oldHash = await textOf(page, '#trace-hash');
      await page.getByRole('button', { name: words.edit }).click();
      const seed = page.locator('#ed-seed');
      await seed.fill('7');
      await seed.dispatchEvent('change');
      await shoot('editor');
      await page.getByRole('button', { name: words.apply }).click();
      await page.locator('#node-broker-a-master').waitFor({ timeout: WAIT_MS });
      assert.equal(await events(page), 0);
      assert.equal(await page.locator('header select option:checked').first().innerText(), words.custom);
      await seek(page, 2_000);
      assert.notEqual(await textOf(page, '#trace-hash'), oldHash);
      await shoot('new-run');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
}
