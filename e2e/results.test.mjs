// Journey (issue 4, section 4): a visitor opens the Classify view with the
// pretrained flows, reads the ROC AUC, moves the cut slider with the mouse
// and the keyboard and watches the confusion matrix follow, sees the GMM
// Bayes baseline arrive from its worker, and checks the numbers against the
// downloaded per-star scores. The view must also fit a phone.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { assertNoIssues, openSite, shot, waitForFlowlab } from './lib/browser.mjs';

let site;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

// count reads a whole number from the element with a data-testid.
async function count(page, id) {
  return Number((await page.getByTestId(id).innerText()).replace(/,/g, ''));
}

// confusion reads the live confusion matrix.
async function confusion(page) {
  return {
    tp: await count(page, 'confusion-tp'),
    fp: await count(page, 'confusion-fp'),
    tn: await count(page, 'confusion-tn'),
    fn: await count(page, 'confusion-fn'),
  };
}

// cutValue reads the cut the page shows (with a real minus sign).
async function cutValue(page) {
  return Number((await page.getByTestId('cut-value').innerText()).replace('−', '-'));
}

// parseScores reads the scores CSV: label and t per validation star.
function parseScores(text) {
  const lines = text.trim().split('\n');
  const head = lines[0].split(',');
  const li = head.indexOf('label'), ti = head.indexOf('t');
  assert.ok(li >= 0 && ti >= 0, `scores CSV header ${lines[0]}`);
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    return { label: Number(f[li]), t: Number(f[ti]) };
  });
}

// countAt counts "RR Lyrae iff t < cut" from the scores.
function countAt(rows, cut) {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const r of rows) {
    if (r.t < cut) r.label === 1 ? c.tp++ : c.fp++;
    else r.label === 1 ? c.fn++ : c.tn++;
  }
  return c;
}

test('the cut slider drives the confusion matrix; the GMM baseline arrives', async () => {
  const { page } = site;
  const st = await waitForFlowlab(page, { until: 's.ready && s.flows !== "" && s.auc > 0' });
  await page.getByTestId('view-results').click();

  // ROC AUC of the pretrained quick Real NVP on seed 1's validation split.
  const auc = Number(await page.getByTestId('roc-auc').innerText());
  assert.ok(auc >= 0.98, `ROC AUC ${auc} < 0.98`);
  assert.equal(auc.toFixed(4), st.auc.toFixed(4));
  assert.match(await page.getByTestId('results-classifier').innerText(), /pretrained/);

  // At the paper's cut t = 0: all 49 validation RR Lyrae are TP or FN.
  assert.equal(await cutValue(page), 0);
  const at0 = await confusion(page);
  assert.equal(at0.tp + at0.fn, 49, `TP ${at0.tp} + FN ${at0.fn} should be the 49 validation RR Lyrae`);
  assert.equal(at0.tp + at0.fn + at0.fp + at0.tn, 9316);

  // The scores CSV is the ground truth for every count at every cut.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-scores').click()]);
  const rows = parseScores(await readFile(await download.path(), 'utf8'));
  assert.equal(rows.length, 9316);
  assert.deepEqual(at0, countAt(rows, 0));

  // Drag (fill) the slider to t = −2: fewer stars are called RR Lyrae.
  const slider = page.getByTestId('cut-slider');
  await slider.fill('-2');
  await page.getByTestId('cut-value').filter({ hasText: '−2.00' }).waitFor();
  const atM2 = await confusion(page);
  assert.deepEqual(atM2, countAt(rows, -2));
  assert.equal(atM2.tp + atM2.fn, 49);
  assert.ok(atM2.fp < at0.fp, `FP ${atM2.fp} at −2 should be below ${at0.fp} at 0`);
  assert.ok(atM2.tp <= at0.tp);

  // Keyboard: five steps of 0.1 to the left reach −2.5, and the URL follows.
  await slider.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  await page.getByTestId('cut-value').filter({ hasText: '−2.50' }).waitFor();
  assert.deepEqual(await confusion(page), countAt(rows, -2.5));
  assert.match(page.url(), /[#&]cut=-2\.5(&|$)/);

  // The prior-corrected cut ln(386/74126) ≈ −5.26: cleaner list, fewer found.
  await page.getByTestId('cut-prior').click();
  await page.getByTestId('cut-value').filter({ hasText: '−5.26' }).waitFor();
  const prior = Math.log(386 / 74126);
  const atPrior = await confusion(page);
  assert.deepEqual(atPrior, countAt(rows, prior));
  const contamination = (c) => c.fp / (c.tp + c.fp);
  assert.ok(contamination(atPrior) < contamination(at0), 'the prior cut should be less contaminated than t = 0');
  const metrics = page.getByTestId('cut-metrics');
  assert.equal(Number(await metrics.locator('tr[data-row="completeness"] td[data-col="0"]').innerText()),
    Number((atPrior.tp / 49).toFixed(4)));

  // The GMM Bayes baseline is fitted in a worker and fills its column.
  await page.getByTestId('gmm-auc').filter({ hasText: /ROC AUC 0\.\d{4}/ }).waitFor({ timeout: 60000 });
  const gmmAUC = Number(/ROC AUC (0\.\d{4})/.exec(await page.getByTestId('gmm-auc').innerText())[1]);
  assert.ok(gmmAUC > 0.95, `GMM AUC ${gmmAUC}`);
  const gmmTP = Number(await metrics.locator('tr[data-row="tp"] td[data-col="1"]').innerText());
  const gmmFN = Number(await metrics.locator('tr[data-row="fn"] td[data-col="1"]').innerText());
  assert.equal(gmmTP + gmmFN, 49);
  assert.equal(await metrics.locator('tr[data-row="fn"] td[data-col="2"]').innerText(), '49'); // all background
  assert.equal(await page.getByTestId('gmm-note').count(), 0);

  // Back to the paper's cut; Table III sits beside the paper.
  await page.getByTestId('cut-paper').click();
  await page.getByTestId('cut-value').filter({ hasText: '0.00' }).waitFor();
  const table3 = await page.getByTestId('table3').innerText();
  assert.match(table3, /0\.9870[\s\S]*0\.9831/);
  assert.match(await page.getByTestId('accuracy-note').innerText(), /already scores 0\.9947/);
  for (const id of ['t-histogram', 'roc-canvas', 'loss-canvas']) {
    assert.ok(Number(await page.getByTestId(id).getAttribute('data-drawn')) >= 1, `${id} was never drawn`);
  }
  await shot(page, 'results-desktop');
  assertNoIssues(site.issues);
});

test('the Classify view fits a phone', async () => {
  const { page } = site;
  const drawn = async () => Number(await page.getByTestId('roc-canvas').getAttribute('data-drawn'));
  const before = await drawn();
  await page.setViewportSize({ width: 375, height: 800 });
  // The charts are redrawn for the narrow canvas (one ROC panel per row).
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="roc-canvas"]').dataset.drawn) > n, before);
  assert.ok((await page.getByTestId('roc-canvas').boundingBox()).height > 600, 'the three ROC panels should stack on a phone');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await shot(page, 'results-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
  assertNoIssues(site.issues);
});
