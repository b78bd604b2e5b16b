// Journey (issue 4, section 2): a visitor sets up and drives a training run.
// They pick the paper's MADE preset and read Table II in the fields; type
// bad values and see the problem beside the field with Train disabled; set
// small custom settings and train, then Pause, Step one epoch, Resume and
// let it finish while the loss curves and the numerical health update; and
// change a setting mid-run, which asks before discarding the run.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoIssues, openSite, shot, waitForFlowlab } from './lib/browser.mjs';

let site;
before(async () => {
  site = await openSite();
  await waitForFlowlab(site.page);
  await site.page.getByTestId('view-train').click();
  // The settings fold away behind "More settings" (the first screen shows Train).
  await site.page.getByTestId('more-settings').locator('summary').click();
});
after(async () => {
  await site?.close();
});

const field = (page, key) => page.getByTestId(`field-${key}`);

// Small settings that train in a few seconds (batches of 100 → 742 steps per
// background epoch). A fast host trains such an epoch in a fraction of a
// second, quicker than a click and a message can pause it, so the run has
// EPOCHS epochs: enough that a pause lands with epochs to spare, whatever
// the host's speed.
const EPOCHS = 8;
const SMALL = { layers: '4', hidden: '2', units: '16', b0: '100', e0: String(EPOCHS), e1: '5', ens: '1' }; // one flow per class: EPOCHS epochs in all

async function setFields(page, values) {
  for (const [k, v] of Object.entries(values)) await field(page, k).fill(v);
}

// stepText reads the background flow's step count from its progress line.
async function backgroundStep(page) {
  const text = await page.getByTestId('progress-background').innerText();
  const m = /step ([\d,]+)/.exec(text);
  assert.ok(m, `no step in ${JSON.stringify(text)}`);
  return Number(m[1].replaceAll(',', ''));
}

test('the paper presets fill in Table II and set the model', async () => {
  const { page } = site;
  await page.getByTestId('preset-select').selectOption('paper-made');
  // Table II, MADE: 8 layers, 2 hidden layers of 200 units, batches 1000 and
  // 100, learning rate 1e-3 → 1e-4.
  await assert.doesNotReject(page.waitForFunction(() => document.querySelector('[data-testid="field-units"]').value === '200'));
  assert.equal(await page.getByTestId('model-select').inputValue(), 'made');
  const want = { layers: 8, hidden: 2, units: 200, b0: 1000, b1: 100, lr0: 1e-3, lr1: 1e-4 };
  for (const [k, v] of Object.entries(want)) {
    assert.equal(Number(await field(page, k).inputValue()), v, `field ${k}`);
  }
  assert.match(await page.getByTestId('arch-summary').innerText(), /4 → 200 → 200 → 8 network/);

  await page.getByTestId('preset-select').selectOption('paper-realnvp');
  await page.waitForFunction(() => document.querySelector('[data-testid="field-units"]').value === '100');
  assert.equal(await page.getByTestId('model-select').inputValue(), 'realnvp');
  assert.equal(Number(await field(page, 'hidden').inputValue()), 4);
  // 8 × (2·100+100 + 3·(100·100+100) + 100·4+4) parameters per flow.
  assert.match(await page.getByTestId('arch-summary').innerText(), /248,032 parameters per flow/);
  await shot(page, 'train-ui-paper-preset');
  assertNoIssues(site.issues);
});

test('a bad value is explained beside its field and disables Train', async () => {
  const { page } = site;
  await page.getByTestId('preset-select').selectOption('quick');
  await setFields(page, SMALL);
  assert.equal(await page.getByTestId('preset-select').inputValue(), 'custom');
  assert.ok(await page.getByTestId('train-button').isEnabled());

  await field(page, 'layers').fill('0');
  await assert.doesNotReject(page.getByTestId('error-layers').waitFor());
  assert.match(await page.getByTestId('error-layers').innerText(), /between 1 and 32/);
  assert.equal(await field(page, 'layers').getAttribute('aria-invalid'), 'true');
  assert.ok(await page.getByTestId('train-button').isDisabled());
  await field(page, 'lr0').fill('5');
  assert.match(await page.getByTestId('error-lr0').innerText(), /between 1e-6 and 0.1/);
  // The other values are kept while two fields are wrong.
  assert.equal(await field(page, 'units').inputValue(), '16');
  assert.equal(await field(page, 'e0').inputValue(), String(EPOCHS));
  await shot(page, 'train-ui-invalid');

  await field(page, 'layers').fill(SMALL.layers);
  await field(page, 'lr0').fill('0.003');
  await page.getByTestId('error-lr0').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('error-layers').count(), 0);
  assert.ok(await page.getByTestId('train-button').isEnabled());
  assertNoIssues(site.issues);
});

test('Pause, Step one epoch, Resume: a run driven by hand, with live loss curves and health', async () => {
  const { page } = site;
  const chart = page.getByTestId('train-loss-canvas');
  await chart.waitFor(); // the pretrained flows' curves, before any run
  const pretrained = await chart.screenshot();

  await page.getByTestId('train-button').click();
  await waitForFlowlab(page, { until: 's.phase === "training" && s.classes[0].step > 0' });
  await page.getByTestId('pause-button').click();
  let st = await waitForFlowlab(page, { until: 's.classes[0].state === "paused"' });
  await page.getByTestId('run-state').filter({ hasText: 'paused' }).waitFor();
  assert.ok(await page.getByTestId('resume-button').isEnabled());
  assert.ok(await page.getByTestId('pause-button').isDisabled());
  assert.ok(st.classes[0].epoch <= EPOCHS - 2, `paused only at epoch ${st.classes[0].epoch} of ${EPOCHS}: no epochs left to step and resume`);
  const pausedStep = await backgroundStep(page);
  await page.waitForTimeout(700); // a negative check needs time to pass
  assert.equal(await backgroundStep(page), pausedStep, 'steps were taken while paused');
  assert.match(await page.getByTestId('progress-background').innerText(), /paused/);
  await shot(page, 'train-ui-paused');

  // Step one epoch: a whole epoch's worth of steps, then paused again at an
  // epoch's end — the next one, or the one after when it was paused mid-epoch.
  const epoch = st.classes[0].epoch;
  await page.getByTestId('step-button').click();
  st = await waitForFlowlab(page, { until: `s.classes[0].epoch >= ${epoch + 1} && s.classes[0].state === "paused"` });
  assert.ok(st.classes[0].epoch <= epoch + 2, `stepped from epoch ${epoch} to ${st.classes[0].epoch}`);
  const stepped = (await backgroundStep(page)) - pausedStep;
  assert.ok(stepped >= 700, `Step one epoch took ${stepped} steps; an epoch of ~74,000 rows in batches of 100 is ~742`);

  // A change while a run is under way asks first; Keep training keeps both.
  await field(page, 'units').fill('24');
  const bar = page.getByTestId('confirm-bar');
  await bar.waitFor();
  assert.match(await bar.innerText(), /Discard the current run and apply the change\?/);
  await shot(page, 'train-ui-confirm');
  await page.getByTestId('confirm-keep').click();
  await bar.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('[data-testid="field-units"]').value === '16');

  await page.getByTestId('resume-button').click();
  await page.getByTestId('run-state').filter({ hasText: /running|scoring|done/ }).waitFor();
  const during = await chart.screenshot();
  st = await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 60000 });
  assert.equal(st.classes[0].epoch, EPOCHS);
  await page.getByTestId('run-state').filter({ hasText: 'done' }).waitFor();
  // The chart is redrawn at most every 100 ms: wait for the drawing of the
  // last epoch (each draw labels the canvas with the latest losses).
  await page.waitForFunction((n) => new RegExp(`background flow after ${n} epochs`).test(
    document.querySelector('[data-testid="train-loss-canvas"]').getAttribute('aria-label')), EPOCHS);
  const finished = await chart.screenshot();
  assert.ok(!finished.equals(pretrained), 'the loss canvas still shows the pretrained curves');
  assert.ok(!finished.equals(during) || !during.equals(pretrained), 'the loss canvas never changed during the run');
  assert.match(await page.getByTestId('health').innerText(), /\b0 rollbacks\b/);
  assert.match(await page.getByTestId('health').innerText(), new RegExp(`last good epoch ${EPOCHS}\\b`));
  assert.match(await page.getByTestId('run-line').innerText(), /Trained for/);
  assert.match(await page.getByTestId('loss-heading').innerText(), /this run/);
  await page.getByTestId('metrics-table').waitFor();
  await shot(page, 'train-ui-done');

  // Log-scale steps redraws the chart.
  const draws = Number(await chart.getAttribute('data-drawn'));
  await page.getByTestId('loss-logx').check();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="train-loss-canvas"]').dataset.drawn) > n, draws);
  assert.ok(!(await chart.screenshot()).equals(finished), 'log-x did not change the chart');
  assertNoIssues(site.issues);
});

test('changing a setting mid-run and choosing Discard ends the run and applies it', async () => {
  const { page } = site;
  await field(page, 'e0').fill('40'); // long enough to be mid-run
  await page.getByTestId('train-button').click();
  await waitForFlowlab(page, { until: 's.phase === "training" && s.classes[0].step > 0' });
  assert.match(await page.getByTestId('run-line').innerText(), /\d+ workers? in use: .*background/);
  assert.match(await page.getByTestId('progress-background').innerText(), /samples\/s|left/);
  await shot(page, 'train-ui-running');
  await page.getByTestId('preset-select').selectOption('paper-made');
  await page.getByTestId('confirm-bar').waitFor();
  // Nothing changes until the visitor decides.
  assert.equal(await page.getByTestId('run-state').innerText(), 'running');
  await page.getByTestId('confirm-discard').click();
  await page.getByTestId('run-state').filter({ hasText: 'no run' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="field-units"]').value === '200');
  assert.equal(await page.getByTestId('model-select').inputValue(), 'made');
  assert.ok(await page.getByTestId('train-button').isEnabled());
  assert.match(await page.getByTestId('status').innerText(), /Discarded the run/);
  // The URL remembers the new settings.
  const st = await waitForFlowlab(page);
  assert.match(st.hash, /model=made/);
  await shot(page, 'train-ui-discarded');
  assertNoIssues(site.issues);
});
