// Journey (issue 4, section 5): a visitor keeps and shares a classifier.
// Export the shown flows as JSON and import the file again: the per-star
// scores CSV is byte-for-byte the same. A broken file is refused with a clear
// message and the previous classifier stays. A link with a URL hash restores
// the view, the cut and the settings, also after moving the cut and
// reloading; "Copy link" offers that link.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { assertNoIssues, openSite, shot, waitForFlowlab } from './lib/browser.mjs';

let site, dir;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'flowlab-share-'));
  site = await openSite();
});
after(async () => {
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// download clicks the button with a data-testid, saves the file under the
// name the page suggests and returns that name, its path and its text.
async function download(page, id) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
  const name = d.suggestedFilename();
  const file = path.join(dir, name);
  await d.saveAs(file);
  return { name, path: file, text: await readFile(file, 'utf8') };
}

test('export then import gives identical scores; a broken file changes nothing', async () => {
  const { page } = site;
  await waitForFlowlab(page, { until: 's.ready && s.flows !== "" && s.auc > 0' });
  await page.getByTestId('view-results').click();

  const model = await download(page, 'export-model');
  assert.match(model.name, /^flowlab-realnvp-quick-seed1\.json$/);
  const pair = JSON.parse(model.text);
  assert.deepEqual(pair.features, ['u_g', 'g_r', 'r_i', 'i_z']);
  assert.ok(pair.background.params.length > 1000 && pair.rrlyrae.params.length > 1000);
  const before = await download(page, 'download-scores');
  assert.equal(before.text.trim().split('\n').length, 9317); // header + 9,316 validation stars
  const aucBefore = await page.getByTestId('roc-auc').innerText();

  await page.getByTestId('import-model').setInputFiles(model.path);
  const classifier = page.getByTestId('results-classifier');
  await classifier.filter({ hasText: 'imported from' }).waitFor();
  // The import is scored in the background; the message gains the AUC when done.
  await page.getByTestId('share-message').filter({ hasText: /^Imported flowlab-realnvp-quick-seed1\.json\. ROC AUC 0\.\d{4}/ }).waitFor();
  const after = await download(page, 'download-scores');
  assert.equal(after.text, before.text, 'the scores changed after export and import');
  assert.equal(await page.getByTestId('roc-auc').innerText(), aucBefore);
  const label = await classifier.innerText();

  // A truncated file: refused with a message naming it, nothing else changes.
  site.issues.allow(/broken\.json/);
  await page.getByTestId('import-model').setInputFiles({
    name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "flowlab-pair/1", "background": {'),
  });
  const err = page.getByTestId('import-error');
  await err.waitFor();
  assert.match(await err.innerText(), /broken\.json is not a usable Flow Lab model.*unchanged/s);
  assert.equal(await classifier.innerText(), label);
  assert.equal(await page.getByTestId('roc-auc').innerText(), aucBefore);
  const still = await download(page, 'download-scores');
  assert.equal(still.text, before.text, 'a broken import changed the scores');
  await shot(page, 'share-import-error');

  // A good import clears the message again.
  await page.getByTestId('import-model').setInputFiles(model.path);
  await page.getByTestId('share-message').filter({ hasText: /^Imported/ }).waitFor();
  assert.equal(await err.count(), 0);
  assertNoIssues(site.issues);
});

test('a link restores the view, the cut and the settings; Copy link offers it', async () => {
  await site.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  const page = await site.context.newPage();
  await page.goto(new URL('#view=results&cut=-2.5&model=made&seed=7', site.url).href);
  const st = await waitForFlowlab(page, { until: 's.ready && s.flows !== "" && s.auc > 0' });
  assert.equal(st.view, 'results');
  assert.equal(await page.getByTestId('view-results').getAttribute('aria-current'), 'page');
  assert.equal(await page.getByTestId('cut-slider').inputValue(), '-2.5');
  assert.equal(await page.getByTestId('cut-value').innerText(), '−2.50');
  assert.equal(await page.getByTestId('cut-number').inputValue(), '-2.5');
  assert.match(await page.getByTestId('results-classifier').innerText(), /MADE/);
  assert.match(await page.locator('.results-classifier').innerText(), /seed 7/);
  // The pretrained flows were trained on seed 1's split: the page says so.
  assert.match(await page.getByTestId('seed-warning').innerText(), /seed 1.*seed is 7/s);
  const tp = Number(await page.getByTestId('confusion-tp').innerText());
  const fn = Number(await page.getByTestId('confusion-fn').innerText());
  assert.equal(tp + fn, 49);

  // The Train view shows the restored settings.
  await page.getByTestId('view-train').click();
  assert.equal(await page.getByTestId('model-select').inputValue(), 'made');
  await page.getByTestId('view-results').click();

  // Move the cut, then reload: the page comes back where the visitor left it.
  await page.getByTestId('cut-slider').focus();
  await page.keyboard.press('ArrowRight');
  await page.getByTestId('cut-value').filter({ hasText: '−2.40' }).waitFor();
  await page.reload();
  await waitForFlowlab(page, { until: 's.ready && s.flows !== "" && s.auc > 0' });
  assert.equal(await page.getByTestId('cut-slider').inputValue(), '-2.4');
  assert.match(await page.getByTestId('results-classifier').innerText(), /MADE/);

  await page.getByTestId('copy-link').click();
  await page.getByTestId('share-message').filter({ hasText: 'Link copied' }).waitFor();
  const link = await page.getByTestId('share-link').inputValue();
  assert.equal(link, page.url());
  for (const part of ['view=results', 'cut=-2.4', 'model=made', 'seed=7']) assert.ok(link.includes(part), `${link} lacks ${part}`);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await shot(page, 'share-link-restored');
  await page.close();
  assertNoIssues(site.issues);
});

test('a link restores the inspector: class flow, direction and layer', async () => {
  const page = await site.context.newPage();
  await page.goto(new URL('#view=inspect&flow=0&rev=1&layer=3', site.url).href);
  await waitForFlowlab(page, { until: 's.ready && s.flows !== ""' });
  await page.getByTestId('inspector-canvas').waitFor();
  assert.equal(await page.getByTestId('class-background').isChecked(), true);
  assert.equal(await page.getByTestId('class-signal').isChecked(), false);
  assert.equal(await page.getByTestId('layer-slider').inputValue(), '3');
  assert.match(await page.getByTestId('direction-toggle').innerText(), /data → base/);
  // Choosing the other class goes into the link.
  await page.getByTestId('class-signal').check();
  await page.waitForFunction(() => !location.hash.includes('flow=0'));
  await shot(page, 'share-inspector-restored');
  await page.close();
  assertNoIssues(site.issues);
});
