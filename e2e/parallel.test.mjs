// Journey (issue 5): data-parallel training in the page. With #workers=2 the
// background flow's batches are split between its worker and a helper worker
// it starts; the run must report the workers in use and end with the same
// validation metrics as a single-worker run of the same seed, to rounding
// (the reduction order differs, so t differs only in the last digits).

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

// trainQuick trains the quick preset with one flow per class (an ensemble
// trains its flows one per worker instead) and the given number of background
// workers and returns the page state and the run line's text.
async function trainQuick(page, workers) {
  // Wait until the page is idle (the shown classifier scored: a reload
  // would abort its scoring worker's download), then open the link with
  // these settings.
  await waitForFlowlab(page, { until: 's.ready && s.flows !== "" && s.scoring === "" && s.auc > 0' });
  await page.evaluate((h) => { location.hash = h; }, `view=train&workers=${workers}&ens=1`);
  await page.reload();
  await waitForFlowlab(page);
  await page.getByTestId('train-button').click();
  await waitForFlowlab(page, { until: 's.phase === "training" && s.classes[0].step > 0', timeoutMs: 60000 });
  const line = await page.getByTestId('run-line').innerText();
  // The small RR Lyrae flow may finish before the background flow's first
  // step (its helper has to start first); the line then counts it no more.
  const st = await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 120000 });
  return { st, line };
}

test('two workers share the background batches and agree with one', async () => {
  const { page } = site;
  const one = await trainQuick(page, 1);
  assert.match(one.line, /^(2 workers in use: 1 trains the background flow, 1 trains the RR Lyrae flow|1 worker in use: 1 trains the background flow) ·/);
  const two = await trainQuick(page, 2);
  assert.match(two.line, /^(3 workers in use: 2 share each background batch, 1 trains the RR Lyrae flow|2 workers in use: 2 share each background batch) ·/);
  await shot(page, 'parallel-done');
  // Same seed and split: the sharded gradient equals the whole-batch one to
  // rounding, so the classifier's AUC on the validation stars agrees closely.
  assert.ok(Math.abs(one.st.auc - two.st.auc) < 1e-3, `AUC ${one.st.auc} with 1 worker, ${two.st.auc} with 2`);
  assert.ok(two.st.auc >= 0.98, `AUC ${two.st.auc}`);
  assertNoIssues(site.issues);
});
