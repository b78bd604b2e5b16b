// Journey (issue 3): a visitor opens the Train view, picks Real NVP with the
// quick preset, clicks Train and watches both class flows train in their own
// Web Workers, then reads the validation metrics beside the paper's Table III.
// A second run is stopped part-way: both workers must stop within a second
// and the page must keep what they learned.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoIssues, openSite, shot, waitForFlowlab } from './lib/browser.mjs';

let site;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

// metric reads a number from the metrics table by its row name.
async function metric(page, name) {
  const text = await page.locator(`[data-testid="metrics-table"] td[data-metric="${name}"]`).innerText();
  return Number(text);
}

test('quick Real NVP trains in two workers and reaches ROC AUC ≥ 0.98', async () => {
  const { page } = site;
  await waitForFlowlab(page);
  await page.getByTestId('view-train').click();
  await page.getByTestId('model-select').selectOption('realnvp');
  await page.getByTestId('preset-select').selectOption('quick');
  const started = Date.now();
  await page.getByTestId('train-button').click();

  // Both workers report progress while training runs.
  await waitForFlowlab(page, { until: 's.phase === "training" && s.classes[0].step > 0 && s.classes[1].step > 0', timeoutMs: 60000 });
  assert.match(await page.getByTestId('progress-background').innerText(), /epoch \d+ \/ 14/);
  assert.match(await page.getByTestId('progress-signal').innerText(), /epoch \d+ \/ 120/);
  // The two background flows train at once, one per worker (the small RR
  // Lyrae flows may have finished already).
  assert.match(await page.getByTestId('run-line').innerText(), /^\d workers in use: 2 train one background flow each/);
  await shot(page, 'train-running');

  const st = await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 120000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(`# quick preset click-to-metrics: ${seconds.toFixed(1)} s, AUC ${st.auc.toFixed(4)}`);
  assert.equal(st.classes[0].epoch, 14); // the Quick Real NVP preset: two flows of 7 background epochs
  assert.ok(st.classes[1].epoch >= 1 && st.classes[1].epoch <= 120);

  const table = page.getByTestId('metrics-table');
  await table.waitFor();
  const auc = await metric(page, 'ROC AUC');
  assert.ok(auc >= 0.98, `ROC AUC ${auc} < 0.98`);
  assert.equal(auc.toFixed(4), st.auc.toFixed(4));
  const acc = await metric(page, 'correctly classified');
  const fp = await metric(page, 'false positive');
  const fn = await metric(page, 'false negative');
  assert.ok(Math.abs(acc + fp + fn - 1) < 2e-4, `accuracy ${acc} + FP ${fp} + FN ${fn} should be 1`);
  assert.match(await table.innerText(), /paper \(Real NVP\)[\s\S]*0\.9870/);
  // The run is judged (diverged? worse than one Gaussian?) before the status says how it ended.
  await page.getByTestId('status').filter({ hasText: /Training finished/ }).waitFor({ timeout: 60_000 });
  await shot(page, 'train-done');
  assertNoIssues(site.issues);
});

test('Stop ends a run within a second and keeps what was learned', async () => {
  const { page } = site;
  await page.getByTestId('preset-select').selectOption('paper-realnvp'); // Table II, Real NVP
  await page.getByTestId('train-button').click();
  await waitForFlowlab(page, { until: 's.phase === "training" && s.classes[0].step > 0 && s.classes[1].step > 0', timeoutMs: 120000 });

  // The page stays responsive while both workers train: a click is handled.
  const clicked = Date.now();
  await page.getByTestId('stop-button').click();
  const st = await waitForFlowlab(page, { until: 's.classes[0].done && s.classes[1].done', timeoutMs: 30000 });
  const stopMs = Date.now() - clicked;
  console.log(`# stop took ${stopMs} ms (paper preset, background epoch ${st.classes[0].epoch})`);
  assert.ok(stopMs < 1000, `training took ${stopMs} ms to stop`);

  const done = await waitForFlowlab(page, { until: 's.phase === "stopped"', timeoutMs: 120000 });
  assert.ok(done.auc > 0, 'no metrics after stopping');
  assert.match(await page.getByTestId('progress-background').innerText(), /stopped/);
  await page.getByTestId('metrics-table').waitFor();
  await shot(page, 'train-stopped');
  assertNoIssues(site.issues);
});
