// The scenario editor refuses invalid values with the engine's field-named message: in a summary
// at the top, where list entries are counted as the form counts them (from 1), and at the field
// itself, including an error about one entry of a list field. Fixing a value clears its error.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, textOf, shot, seek, scenario, linkFor, WAIT_MS } from './harness.mjs';

useBrowser();

async function setField(page, id, value) {
  const input = page.locator(`#${id}`);
  await input.fill(value);
  await input.dispatchEvent('change');
}

test('the editor refuses invalid values with the field named, in the summary and at the field', async () => {
  const { context, page, errors } = await openPage('');
  try {
    await page.locator('#open-editor').click();
    await setField(page, 'ed-producers-1--workload-rate_per_s', '200000');
    await setField(page, 'ed-brokers-delay_levels_ms', '1000, 0, 5000');
    await setField(page, 'ed-consumer_groups-0--name', '');
    const preset = () => page.locator('header select option:checked').first().innerText();
    const standard = await preset();
    await page.locator('.ed-bar .button-primary').click();

    const summary = page.locator('.ed-summary');
    await summary.waitFor({ timeout: WAIT_MS });
    const said = await summary.innerText();
    assert.match(said, /Producer 2 › rate_per_s: must be at most 100000, got 200000/);
    assert.match(said, /Consumer groups › delay_levels_ms › entry 2: must be between 1 ms/);
    // Review 15: each line names the section that shows its field.
    for (const button of await summary.locator('.ed-jump').all()) {
      const line = await button.innerText();
      const target = await button.evaluate((b) => {
        const field = document.getElementById(b.closest('li').dataset.target);
        const item = field?.closest('fieldset.ed-item')?.querySelector('legend span')?.textContent;
        return item ?? field?.closest('fieldset.ed-group')?.querySelector('legend')?.textContent;
      });
      assert.ok(target && line.startsWith(target.replace(/: .*$/, '')), `${line} is shown under ${target}`);
    }
    // A field the reader could not take (a required name left empty) does not hide the others.
    assert.match(said, /Consumer group 1 › name: /);
    // At the fields: the message without the path, a list's entry by its place.
    const rate = page.locator('#ed-producers-1--workload-rate_per_s');
    assert.equal(await rate.getAttribute('aria-invalid'), 'true');
    assert.match(await textOf(page, '#ed-producers-1--workload-rate_per_s-err'), /^must be at most 100000/);
    assert.match(await textOf(page, '#ed-brokers-delay_levels_ms-err'), /^entry 2: /);
    assert.equal(await preset(), standard, 'the run was not replaced');
    await shot(page, 'editor-refused');

    // An entry of a list field moves to the list's input.
    await summary.locator('.ed-jump', { hasText: 'delay_levels_ms' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ed-brokers-delay_levels_ms');
    // A summary line moves to its field; fixing the value clears its error at once.
    await summary.locator('.ed-jump', { hasText: 'Producer 2' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ed-producers-1--workload-rate_per_s');
    await setField(page, 'ed-producers-1--workload-rate_per_s', '20');
    assert.doesNotMatch(await summary.innerText(), /Producer 2/);
    await setField(page, 'ed-brokers-delay_levels_ms', '1000, 2000, 5000');
    await setField(page, 'ed-consumer_groups-0--name', 'billing');
    await page.waitForFunction(() => !document.querySelector('.ed-summary'), null, { timeout: WAIT_MS });
    await page.locator('.ed-bar .button-primary').click();
    await page.waitForFunction(
      (name) => document.querySelector('header select option:checked')?.textContent.trim() !== name,
      standard,
      { timeout: WAIT_MS },
    );
    assert.equal(await preset(), 'Custom scenario');
    // The applied copy came from the standard preset: the editor still offers to go back to it.
    await page.locator('#open-editor').click();
    await page.getByRole('button', { name: 'Reset to this preset' }).click();
    assert.equal(await page.locator('#ed-producers-1--workload-rate_per_s').inputValue(), '500');
    await page.locator('.ed-bar .button-primary').click();
    await page.waitForFunction(
      (name) => document.querySelector('header select option:checked')?.textContent.trim() === name,
      standard,
      { timeout: WAIT_MS },
    );
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('unapplied edits survive leaving the editor, and an empty run length hides no other error', async () => {
  const { context, page, errors } = await openPage('');
  try {
    // The run plays on behind the editor: a value being typed is not set back by its frames.
    await page.locator('#play').click();
    await page.locator('#open-editor').click();
    await page.locator('#ed-seed').fill('42');
    await page.waitForTimeout(300);
    assert.equal(await page.locator('#ed-seed').inputValue(), '42', 'still as typed');
    await page.locator('#ed-seed').dispatchEvent('change');
    await page.getByRole('button', { name: 'Back to the lab' }).click();
    await page.locator('#open-editor').click();
    assert.equal(await page.locator('#ed-seed').inputValue(), '42', 'the working copy was kept');
    // A run length left empty is one error: the producers' start times are not "after the end".
    await setField(page, 'ed-duration_ms', '');
    await page.locator('.ed-bar .button-primary').click();
    const summary = page.locator('.ed-summary');
    await summary.waitFor({ timeout: WAIT_MS });
    const said = await summary.innerText();
    assert.match(said, /duration_ms/);
    assert.doesNotMatch(said, /after the end of the run/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('picking a preset over unapplied edits says so and brings them back; "1e3" is a number with an exponent', async () => {
  const { context, page, errors } = await openPage('');
  try {
    await page.locator('#open-editor').click();
    await setField(page, 'ed-seed', '42');
    // A browser's number field takes "1e3": the message calls it what it is and says what to write.
    await setField(page, 'ed-producers-1--workload-rate_per_s', '1e3');
    await page.locator('.ed-bar .button-primary').click();
    await page.locator('.ed-summary').waitFor({ timeout: WAIT_MS });
    assert.match(await textOf(page, '.ed-summary'), /the number 1e3, written with an exponent; write it in full \(1000\)/);
    // A preset picked now replaces the run, and with it the working copy: the page says so.
    await page.locator('header select').first().selectOption({ index: 1 });
    await page.locator('#restore-edits').waitFor({ timeout: WAIT_MS });
    assert.match(
      await textOf(page, '.notices'),
      /Your unapplied edits to “Standard: multi-master, multi-slave, async” were dropped/,
    );
    await page.locator('#restore-edits').click();
    await page.locator('#ed-seed').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#ed-seed').inputValue(), '42', 'the edits are back in the editor');
    assert.equal(await page.locator('#ed-producers-1--workload-rate_per_s').inputValue(), '1e3');
    assert.equal(await page.locator('#restore-edits').count(), 0, 'the notice has done its job');
    // Applying them is the learner's choice: the run is still the preset picked.
    assert.match(await textOf(page, '.scenario-title'), /^Async replication/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('bringing back a replaced run does not lose the unapplied edits dropped with it, in either order', async () => {
  const { context, page, errors } = await openPage('');
  try {
    await seek(page, 5_000);
    await page.locator('#node-broker-a-master').click();
    await page.locator('#fault-crash').click();
    await page.waitForFunction(() => /broker-a\/master/.test(document.querySelector('#action-log')?.textContent), null, { timeout: WAIT_MS });
    await page.locator('#open-editor').click();
    await setField(page, 'ed-seed', '55');
    // The preset replaces both the run (with its action) and the working copy.
    await page.locator('header select').first().selectOption({ index: 1 });
    await page.locator('#bring-back').waitFor({ timeout: WAIT_MS });
    await page.locator('#restore-edits').waitFor({ timeout: WAIT_MS });
    // The run first: the edits can still be brought back, over it.
    await page.locator('#bring-back').click();
    await page.locator('#bring-back').waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.match(await textOf(page, '#action-log'), /broker-a\/master/);
    await page.locator('#restore-edits').click();
    await page.locator('#ed-seed').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#ed-seed').inputValue(), '55');
    // Now the other way round: the edits first, then the run, which says it drops them again.
    await page.locator('header select').first().selectOption({ index: 1 });
    await page.locator('#restore-edits').click();
    await page.locator('#ed-seed').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#ed-seed').inputValue(), '55');
    await page.locator('#bring-back').click();
    await page.locator('#restore-edits').waitFor({ timeout: WAIT_MS });
    assert.match(await textOf(page, '#action-log'), /broker-a\/master/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a link pasted into the address over unapplied edits says they were dropped and brings them back', async () => {
  const { context, page, errors } = await openPage('');
  try {
    await page.locator('#open-editor').click();
    await setField(page, 'ed-seed', '66');
    // Pasting a link changes only the fragment: the open tab opens it as a page load would.
    const link = linkFor({ scenario: scenario('peak-shaving-burst'), actions: [] });
    await page.evaluate((l) => { location.hash = l; }, link);
    await page.locator('#restore-edits').waitFor({ timeout: WAIT_MS });
    assert.match(await textOf(page, '.scenario-title'), /^Peak shaving/);
    await page.locator('#restore-edits').click();
    await page.locator('#ed-seed').waitFor({ timeout: WAIT_MS });
    assert.equal(await page.locator('#ed-seed').inputValue(), '66');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('unapplied edits survive a reload with a notice to discard them; applied or discarded, they do not come back', async () => {
  const { context, page, errors } = await openPage('');
  const reloadIntoEditor = async () => {
    await page.reload();
    await page.locator('#clock').waitFor({ timeout: WAIT_MS });
    await page.locator('#open-editor').click();
    await page.locator('#ed-seed').waitFor({ timeout: WAIT_MS });
  };
  try {
    await page.locator('#open-editor').click();
    // Typed, and still in the field (no change event yet) when the page reloads.
    await page.locator('#ed-seed').fill('4242');
    await reloadIntoEditor();
    assert.equal(await page.locator('#ed-seed').inputValue(), '4242');
    assert.match(await textOf(page, '#ed-draft-restored'), /unapplied changes .* are back/);
    assert.equal(await textOf(page, '.scenario-title'), 'Standard: multi-master, multi-slave, async', 'not applied');
    await page.getByRole('button', { name: '中文' }).click();
    assert.match(await textOf(page, '#ed-draft-restored'), /未应用的修改已恢复/);
    assert.equal(await textOf(page, '#ed-draft-discard'), '放弃这些修改');
    await page.getByRole('button', { name: 'English' }).click();

    // Discarded: the form shows the run again, and a reload has nothing to bring back.
    await page.locator('#ed-draft-discard').click();
    assert.equal(await page.locator('#ed-draft-restored').count(), 0);
    assert.notEqual(await page.locator('#ed-seed').inputValue(), '4242');
    await reloadIntoEditor();
    assert.equal(await page.locator('#ed-draft-restored').count(), 0);

    // Applied: the scenario is saved as the run, and no draft notice follows the reload.
    await setField(page, 'ed-seed', '4343');
    await page.locator('.ed-bar .button-primary').click();
    await page.locator('#open-editor[aria-pressed="false"]').waitFor({ timeout: WAIT_MS });
    await reloadIntoEditor();
    assert.equal(await page.locator('#ed-seed').inputValue(), '4343');
    assert.equal(await page.locator('#ed-draft-restored').count(), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem('mqlab.draft')), null);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('an unreadable stored draft is said on load, in a dismissible notice, and the saved run is kept', async () => {
  // Review 15: the message showed only once the editor was opened.
  for (const [locale, words] of [['en-US', /could not be read and were ignored/], ['zh-CN', /无法读取，已忽略/]]) {
    const { context, page, errors } = await openPage('', { locale });
    try {
      const saved = JSON.stringify({ scenario: scenario('peak-shaving-burst'), actions: [] });
      await page.evaluate((value) => {
        localStorage.setItem('mqlab.saved', value);
        localStorage.setItem('mqlab.draft', '{"version":1,"of":"x","doc":"not a scenario"');
      }, saved);
      await page.reload();
      const notice = page.locator('#draft-unreadable');
      await notice.waitFor({ timeout: WAIT_MS });
      assert.match(await notice.innerText(), words, locale);
      if (locale === 'en-US') assert.match(await textOf(page, '.scenario-title'), /^Peak shaving/);
      assert.equal(await page.evaluate(() => localStorage.getItem('mqlab.saved')), saved, 'saved run intact');
      assert.equal(await page.evaluate(() => localStorage.getItem('mqlab.draft')), null, 'said once');
      await page.locator('.notices .notice-dismiss').click();
      await notice.waitFor({ state: 'detached', timeout: WAIT_MS });
      // A reload says nothing more.
      await page.reload();
      await page.locator('#clock').waitFor({ timeout: WAIT_MS });
      assert.equal(await page.locator('#draft-unreadable').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});

test('out-of-range numbers name the field\'s own range, and the too-big notice is Chinese, on the Chinese page', async () => {
  const { context, page, errors } = await openPage('', { locale: 'zh-CN' });
  try {
    await page.locator('#open-editor').click();
    // Review 11: 500 in a count read as a u8 said "0 到 255"; digits past 2^64 were "文本".
    await setField(page, 'ed-brokers-groups', '500');
    await setField(page, 'ed-brokers-slaves', '-1');
    await setField(page, 'ed-seed', '18446744073709551616');
    await page.locator('.ed-bar .button-primary').click();
    const summary = page.locator('.ed-summary');
    await summary.waitFor({ timeout: WAIT_MS });
    const said = await summary.innerText();
    assert.match(said, /集群 › groups：必须在 1 到 8 之间，实际为 500/);
    assert.match(said, /集群 › slaves：必须在 0 到 2 之间，实际为 -1/);
    assert.match(said, /运行 › seed：不能超过 18446744073709551615，实际为 18446744073709551616/);
    assert.doesNotMatch(said, /255|文本/);
    assert.equal(await page.locator('#ed-brokers-groups').getAttribute('aria-invalid'), 'true');

    await setField(page, 'ed-brokers-groups', '2');
    await setField(page, 'ed-brokers-slaves', '1');
    await setField(page, 'ed-seed', '7');
    await page.waitForFunction(() => !document.querySelector('.ed-summary'), null, { timeout: WAIT_MS });
    await setField(page, 'ed-producers-0--workload-messages', '300000');
    await page.locator('.ed-bar .button-primary').click();
    await page.locator('.notice-error .notice-detail').waitFor({ timeout: WAIT_MS });
    // The standard scenario has two producers: the notice names them as the form does, in Chinese.
    assert.match(await textOf(page, '.notice-error .notice-detail'), /^生产者：该场景共产生 330000 条消息/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// Review 11: a Kafka cluster under the header "Standard: multi-master, multi-slave, async" and notes
// about NameServers. Switched to another system, a preset's copy is a custom scenario of that
// system, named and noted so in either language; on the Chinese page the English title and notes
// fields say why they are English and show the text as the page shows it.
test('switching the system renames a preset copy and drops its notes, in both languages', async () => {
  const { context, page, errors } = await openPage('', { locale: 'zh-CN' });
  try {
    await page.locator('#open-editor').click();
    // The preset's own text, in English in the field, is shown as the page shows it.
    assert.equal(await page.locator('#ed-title').inputValue(), 'Standard cluster');
    assert.match(await textOf(page, '#ed-title-shown'), /英文保存.*标准：多 master 多 slave，异步复制$/);
    assert.match(await textOf(page, '#ed-notes-shown'), /页面上显示为：/);
    await page.locator('#ed-system-kind').selectOption('kafka');
    assert.equal(await page.locator('#ed-title').inputValue(), 'Custom scenario (Kafka)');
    assert.match(await page.locator('#ed-notes').inputValue(), /^Made from the preset “Standard: multi-master, multi-slave, async”, switched to Kafka\./);
    assert.match(await textOf(page, '#ed-title-shown'), /自定义场景（Kafka）$/);
    assert.match(await textOf(page, '#ed-notes-shown'), /由预设“标准：多 master 多 slave，异步复制”改为 Kafka。/);
    await page.locator('.ed-bar .button-primary').click();
    await page.locator('#ed-title').waitFor({ state: 'detached', timeout: WAIT_MS });
    assert.equal(await textOf(page, '.scenario-title'), '自定义场景（Kafka）');
    const about = await textOf(page, '#scenario-about');
    assert.match(about, /由预设“标准：多 master 多 slave，异步复制”改为 Kafka。/);
    assert.doesNotMatch(about, /NameServer/);
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await textOf(page, '.scenario-title'), 'Custom scenario (Kafka)');
    assert.match(await textOf(page, '#scenario-about'), /Made from the preset “Standard: multi-master, multi-slave, async”, switched to Kafka\./);
    // A title of the learner's own stays through a switch.
    await page.locator('#open-editor').click();
    await setField(page, 'ed-title', 'My cluster');
    await page.locator('#ed-system-kind').selectOption('rabbitmq');
    assert.equal(await page.locator('#ed-title').inputValue(), 'My cluster');
    assert.match(await page.locator('#ed-notes').inputValue(), /switched to RabbitMQ\./);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// Review 11: after "too big for the browser", a later refusal (a wrong field, a file that is no
// scenario) showed beside the stale notice about the earlier attempt.
test('a too-big notice goes at the next refused apply or import', async () => {
  const { context, page, errors } = await openPage('');
  try {
    await page.locator('#open-editor').click();
    const apply = page.locator('.ed-bar .button-primary');
    const tooBig = page.locator('.notices .notice-error', { hasText: 'too big for the browser' });
    await setField(page, 'ed-producers-0--workload-messages', '300000');
    await apply.click();
    await tooBig.waitFor({ timeout: WAIT_MS });
    await setField(page, 'ed-producers-0--workload-messages', '30000');
    await setField(page, 'ed-consumer_groups-0--pull_batch', '0');
    await apply.click();
    await page.locator('.ed-summary').waitFor({ timeout: WAIT_MS });
    assert.match(await textOf(page, '.ed-summary'), /pull_batch/);
    assert.equal(await tooBig.count(), 0, 'the notice about the earlier attempt is gone');

    // The same with Import: a too-big file, then a file that is no scenario.
    await setField(page, 'ed-consumer_groups-0--pull_batch', '32');
    const big = scenario('standard');
    big.producers[0].workload.messages = 900000;
    const input = page.locator('input[type=file]');
    await input.setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) });
    await tooBig.waitFor({ timeout: WAIT_MS });
    await input.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{not json') });
    await page.locator('.ed-import-error').waitFor({ timeout: WAIT_MS });
    assert.equal(await tooBig.count(), 0, 'the notice about the earlier file is gone');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// Review 13: the fault schedule's actions were engine keys ("crash", "lose_disk") on the Chinese
// page too, and a bad time was said twice at its field after Apply.
test('the fault schedule names its actions in words and says a bad time once at the field', async () => {
  const { context, page, errors } = await openPage('', { locale: 'zh-CN' });
  try {
    await page.locator('#open-editor').click();
    await page.getByRole('button', { name: '添加故障' }).click();
    const action = page.locator('#ed-faults-0--action');
    const options = await action.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
    assert.ok(options.length >= 13, JSON.stringify(options));
    for (const [value, shown] of options) {
      assert.doesNotMatch(shown, /[a-z_]{3,}/, `${value} is shown as ${shown}`);
    }
    assert.deepEqual(options.find(([v]) => v === 'crash'), ['crash', '杀死（宕机）']);
    // The value is still the key: choosing a cut gives the row its two ends.
    await action.selectOption('cut');
    await page.locator('#ed-faults-0--from').waitFor({ timeout: WAIT_MS });
    await action.selectOption('crash');

    await setField(page, 'ed-faults-0--at_ms', '-5');
    await page.locator('.ed-bar .button-primary').click();
    await page.locator('.ed-summary').waitFor({ timeout: WAIT_MS });
    const summary = await textOf(page, '.ed-summary');
    assert.equal(summary.match(/-5/g)?.length, 1, summary);
    const field = await textOf(page, '#ed-faults-0--at_ms-err');
    assert.equal(field.match(/-5/g)?.length, 1, field);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
