// Lessons end to end: a learner walks one whole lesson in English and another in 中文 from the
// lesson list, answering every prediction and waiting for the run to show the answer; the address
// bar names each step and a step link opens that step in a new page; the learner's own saved
// scenario survives the lesson; "continue in sandbox" keeps the run and leaves lesson mode.
// Screenshots to e2e/screenshots/lesson-<lang>-<step>.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, textOf, shot, seek, WAIT_MS } from './harness.mjs';

useBrowser();

const WALKS = [
  { lesson: 'ha', locale: 'en-US', lang: 'en', right: 'Right.', wrong: 'Not quite.', lessons: 'Lessons' },
  { lesson: 'reliable', locale: 'zh-CN', lang: 'zh', right: '答对了。', wrong: '不太对。', lessons: '课程' },
];

async function stepShown(page, n, count) {
  await page.waitForFunction(
    ([n, count]) => document.querySelector('#lesson-progress')?.textContent.includes(`${n}`) &&
      document.querySelector('.lesson-nav span')?.textContent.trim() === `${n} / ${count}`,
    [n, count],
    { timeout: WAIT_MS },
  );
}

for (const walk of WALKS) {
  test(`walk the ${walk.lesson} lesson in ${walk.lang}, answering its predictions`, async () => {
    const { page, errors } = await openPage('', { locale: walk.locale });
    // The learner's own work, saved before the lesson.
    const saved = await page.evaluate(() => localStorage.getItem('mqlab.saved'));

    await page.getByRole('button', { name: walk.lessons, exact: true }).click();
    await page.locator(`#start-${walk.lesson}`).click();
    await page.locator('#lesson').waitFor({ timeout: WAIT_MS });
    const count = Number((await textOf(page, '.lesson-nav span')).split('/')[1]);
    assert.ok(count >= 3, `a whole lesson has steps (${count})`);

    let movedAway = 0;
    for (let n = 1; n <= count; n++) {
      await stepShown(page, n, count);
      assert.equal(await page.evaluate(() => location.hash), `#lesson=${walk.lesson}/${n}`, 'the address names the step');
      const title = await textOf(page, '#lesson-step-title');
      assert.ok(title.length > 0);
      if (walk.lang === 'zh') assert.match(title + (await textOf(page, '#lesson-body')), /[\u4e00-\u9fff]/, 'Chinese text');
      if (await page.locator('#prediction').count()) {
        // Predict the first answer, then let the run play on until the page says whether it was right.
        await page.locator('#prediction-choice-0').click();
        await page.waitForFunction(
          () => document.querySelector('#prediction-answer strong') !== null,
          null,
          { timeout: WAIT_MS },
        );
        const verdict = await textOf(page, '#prediction-answer strong');
        assert.ok([walk.right, walk.wrong].includes(verdict), `a verdict: ${verdict}`);
        // Exactly one choice is marked right, read off the run.
        assert.equal(await page.locator('.prediction-choice.right').count(), 1);
        assert.ok((await page.locator('#lesson-claims li').count()) > 0, 'what the tests check is shown');
        // At the reveal every claim holds; scrubbed back to the start, those about what went wrong
        // no longer do and say so, and one click returns to the step's moment.
        assert.equal(await page.locator('#lesson-claims .claim-not-now').count(), 0, 'all hold at the reveal');
        const reveal = Number(await page.locator('#scrubber').inputValue());
        await seek(page, 0);
        if (await page.locator('#lesson-claims .claim-not-now').count()) {
          movedAway += 1;
          await page.locator('#lesson-claims-back').click();
          await page.waitForFunction((v) => Number(document.querySelector('#scrubber').value) === v, reveal, { timeout: WAIT_MS });
          assert.equal(await page.locator('#lesson-claims .claim-not-now').count(), 0, 'all hold again');
        }
      }
      if (await page.locator('#lesson-anomalies').count()) {
        // A step about the anomaly list counts them on the card and leads to the list, which at
        // 1280x720 is below the fold.
        assert.equal(await textOf(page, '#lesson-anomaly-count'), await textOf(page, '#anomaly-count'));
        await page.locator('#lesson-show-anomalies').click();
        await page.waitForFunction(() => {
          const r = document.querySelector('#anomalies-title').getBoundingClientRect();
          return r.top >= 0 && r.bottom <= window.innerHeight;
        }, null, { timeout: WAIT_MS });
      }
      if (walk.lang === 'zh' && (await page.locator('#scenario-about').count())) {
        // A shipped scenario is introduced in Chinese, and its notes are shown translated.
        assert.match(await textOf(page, '#scenario-about p'), /[\u4e00-\u9fff]/);
      }
      await shot(page, `lesson-${walk.lang}-${n}`);
      if (n < count) {
        // Alternate the button and the → key.
        if (n % 2) await page.locator('#lesson-next').click();
        else await page.keyboard.press('ArrowRight');
      }
    }
    assert.ok(await page.locator('#lesson-next').isDisabled(), 'no step after the last');
    assert.ok(movedAway > 0, "some step's claims stopped holding when scrubbed back");

    // ← goes back a step.
    await page.keyboard.press('ArrowLeft');
    await stepShown(page, count - 1, count);

    // A step link opens that step in a new page.
    const link = await page.evaluate(() => location.href);
    const other = await openPage(link.slice(link.indexOf('#')), { locale: walk.locale });
    await other.page.locator('#lesson').waitFor({ timeout: WAIT_MS });
    assert.equal(await textOf(other.page, '#lesson-step-title'), await textOf(page, '#lesson-step-title'));
    assert.deepEqual(other.errors, []);
    await other.page.context().close();

    // The lesson's runs did not overwrite the learner's saved scenario.
    assert.equal(await page.evaluate(() => localStorage.getItem('mqlab.saved')), saved);

    // The sandbox: lesson mode ends, the run stays, the address forgets the lesson.
    const hash = await textOf(page, '#trace-hash');
    await page.locator('#lesson-sandbox').click();
    await page.locator('#lesson').waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await textOf(page, '#trace-hash'), hash, 'the same run, to continue from');
    assert.equal(await page.evaluate(() => location.hash), '');
    await shot(page, `lesson-${walk.lang}-sandbox`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });
}

test('a broken lesson link says why and opens the lab', async () => {
  const { page, errors } = await openPage('#lesson=no-such-lesson/3');
  await page.getByText('There is no lesson called "no-such-lesson"').waitFor({ timeout: WAIT_MS });
  assert.equal(await page.locator('#lesson').count(), 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});
