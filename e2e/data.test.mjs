// Journey (issue 4, section 1): a visitor explores the bundled RR Lyrae data
// as the paper's section I does (histograms, Table I, correlations), switches
// to the two-moons teaching set, then brings their own CSV: a good file by
// the file picker, a bad one (the message names the line and column, and the
// data loaded before stays in use), one by drag and drop, and the 4 MB RR
// Lyrae CSV itself.
//
// Numbers: Table I of the paper (KS 0.80, 0.94, 0.91, 0.76) and
// ../shared/data/rrlyrae/PROVENANCE.md (92,658 background, 483 RR Lyrae).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assertNoIssues, openSite, ROOT, shot, waitForFlowlab } from './lib/browser.mjs';

const PAPER_KS = { u_g: '0.80', g_r: '0.94', r_i: '0.91', i_z: '0.76' };
// The RR Lyrae CSV the build read: $RRLYRAE_CSV, else the shared copy beside the checkout.
const RRLYRAE_CSV = process.env.RRLYRAE_CSV || path.resolve(ROOT, '..', 'shared', 'data', 'rrlyrae', 'rrlyrae_combined.csv');
const CSV_NAME = path.basename(RRLYRAE_CSV).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let site;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

// classPixels counts the pixels of a canvas close to the background blue
// (#0072B2) and the RR Lyrae orange (#E69F00): both classes were drawn.
async function classPixels(page, testid) {
  const canvas = page.getByTestId(testid);
  await canvas.waitFor();
  return canvas.evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const near = (i, r, g, b) => Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 60;
    let blue = 0;
    let orange = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 200) continue;
      if (near(i, 0x00, 0x72, 0xb2)) blue++;
      else if (near(i, 0xe6, 0x9f, 0x00)) orange++;
    }
    return { blue, orange, width: c.width, height: c.height };
  });
}

// ksTable reads the KS table: { feature: { ours, paper } }.
async function ksTable(page) {
  return page.getByTestId('ks-table').evaluate((t) => Object.fromEntries(
    [...t.querySelectorAll('tbody tr')].map((tr) => [tr.dataset.feature, {
      ours: tr.querySelector('[data-col="ours"]').textContent,
      paper: tr.querySelector('[data-col="paper"]')?.textContent ?? null,
    }]),
  ));
}

// csv makes a labelled table with n rows of three features: class 1 is
// shifted by +2 in every feature (deterministic, no randomness needed).
function csv(n) {
  const lines = ['a,b,c,label'];
  for (let i = 0; i < n; i++) {
    const y = i % 5 === 0 ? 1 : 0;
    const s = y * 2;
    lines.push(`${((i * 37) % 100) / 50 + s},${((i * 61) % 100) / 50 + s},${((i * 13) % 100) / 50 - s},${y}`);
  }
  return lines.join('\n') + '\n';
}

async function uploadText(page, name, text) {
  await page.getByTestId('upload-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('the bundled data: summary, Table I beside the paper, histograms and correlations', async () => {
  const { page } = site;
  await waitForFlowlab(page);
  assert.equal(await page.getByTestId('dataset-select').inputValue(), 'rrlyrae');
  assert.match(await page.getByTestId('dataset-summary').innerText(), /92,658 background \/ 483 RR Lyrae/);

  const ks = await ksTable(page);
  assert.deepEqual(Object.keys(ks), Object.keys(PAPER_KS));
  for (const [f, want] of Object.entries(PAPER_KS)) {
    assert.equal(Number(ks[f].ours).toFixed(2), want, `our KS of ${f} is ${ks[f].ours}`);
    assert.equal(ks[f].paper, want);
  }

  const px = await classPixels(page, 'explorer-histograms-canvas');
  assert.ok(px.blue > 200 && px.orange > 200, `histograms: ${JSON.stringify(px)}`);
  assert.equal(await page.getByTestId('explorer-scatter').isVisible(), false, 'a scatter shows for 4-D data');

  // Fig. 7: g−r and r−i are strongly correlated for RR Lyrae (0.93).
  const rr = page.getByTestId('corr-1');
  assert.equal(await rr.locator('td.num').count(), 16);
  assert.equal(await rr.locator('tbody tr').nth(1).locator('td').nth(2).innerText(), '0.93');
  await shot(page, 'data-bundled');
  assertNoIssues(site.issues);
});

test('the two-moons teaching set shows its summary and a scatter of both classes', async () => {
  const { page } = site;
  await page.getByTestId('dataset-select').selectOption('moons');
  await page.getByText('2,000 of class 0 / 2,000 of class 1').waitFor();
  const st = await waitForFlowlab(page, { until: 's.dataset && s.dataset.rows === 4000' });
  assert.deepEqual(st.dataset.features, ['x1', 'x2']);
  assert.match(st.hash, /data=moons/);
  assert.match(await page.getByTestId('dataset-about').innerText(), /half circles/);
  const px = await classPixels(page, 'explorer-scatter-canvas');
  assert.ok(px.blue > 500 && px.orange > 500, `scatter: ${JSON.stringify(px)}`);
  assert.equal(Object.keys(await ksTable(page)).length, 2);
  await page.getByTestId('explorer-scatter').scrollIntoViewIfNeeded();
  await shot(page, 'data-moons');
  assertNoIssues(site.issues);
});

test('a good CSV from the file picker becomes the data in use', async () => {
  const { page } = site;
  await page.getByTestId('dataset-select').selectOption('upload');
  assert.match(await page.getByTestId('drop-zone').innerText(), /never leaves this browser/);
  await uploadText(page, 'mine.csv', csv(300));
  // 300 rows, every fifth is class 1: 240 / 60.
  await page.getByText('240 of class 0 / 60 of class 1').waitFor();
  const st = await waitForFlowlab(page, { until: 's.dataset && s.dataset.rows === 300' });
  assert.deepEqual(st.dataset.features, ['a', 'b', 'c']);
  assert.match(await page.getByTestId('dataset-summary').innerText(), /mine\.csv/);
  const ks = await ksTable(page);
  assert.deepEqual(Object.keys(ks), ['a', 'b', 'c']);
  assert.equal(ks.a.paper, null, 'the paper column shows for data that is not the paper\'s');
  assert.equal(await page.getByTestId('column-choice').locator('input[data-column="label"]').isDisabled(), true);
  const px = await classPixels(page, 'explorer-histograms-canvas');
  assert.ok(px.blue > 100 && px.orange > 100, `histograms: ${JSON.stringify(px)}`);
  await shot(page, 'data-upload-good');
  assertNoIssues(site.issues);
});

test('a bad CSV names the line and column, and the data loaded before stays usable', async () => {
  const { page } = site;
  await uploadText(page, 'bad.csv', 'a,b,label\n0.1,0.2,0\n0.3,abc,1\n0.5,0.6,0\n');
  const message = await page.getByTestId('upload-error').innerText();
  assert.match(message, /Could not use bad\.csv:/);
  assert.match(message, /line 3, column "b": not a number: "abc"/);
  assert.match(message, /Nothing was lost: the mine\.csv data is still in use/);
  assert.match(await page.getByTestId('error-message').innerText(), /line 3, column "b": not a number: "abc"/);

  // Still the good file: its summary, statistics and row count.
  assert.match(await page.getByTestId('dataset-summary').innerText(), /mine\.csv[\s\S]*240 of class 0 \/ 60 of class 1/);
  assert.equal(Object.keys(await ksTable(page)).length, 3);
  assert.equal(await page.evaluate(() => window.flowlab.dataset.rows), 300);
  await shot(page, 'data-upload-bad');

  // Usable: the Train view offers to train on it.
  await page.getByTestId('view-train').click();
  await page.getByTestId('train-button').waitFor();
  assert.equal(await page.getByTestId('train-button').isEnabled(), true);
  await page.getByTestId('view-data').click();
  await page.getByTestId('upload-error').waitFor();
  assertNoIssues(site.issues);
});

test('a CSV dropped on the drop zone is loaded and clears the error', async () => {
  const { page } = site;
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    const zone = document.querySelector('[data-testid="drop-zone"]');
    for (const type of ['dragenter', 'dragover', 'drop']) {
      zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, csv(50));
  await page.getByText('40 of class 0 / 10 of class 1').waitFor();
  await waitForFlowlab(page, { until: 's.dataset && s.dataset.rows === 50' });
  assert.match(await page.getByTestId('dataset-summary').innerText(), /dropped\.csv/);
  assert.equal(await page.getByTestId('error-message').count(), 0);
  assert.equal(await page.getByTestId('upload-error').count(), 0);
  await shot(page, 'data-upload-drop');
  assertNoIssues(site.issues);
});

test('a constant feature and a copied one are named before training, and unticking them clears the warning', async () => {
  const { page } = site;
  await page.getByTestId('view-data').click();
  await page.getByTestId('dataset-select').selectOption('upload');
  // "flag" is 1 in every row; "b2" repeats "b"; "a" and "b" are fine.
  const lines = ['a,b,flag,b2,label'];
  for (let i = 0; i < 300; i++) {
    const b = ((i * 61) % 100) / 50;
    lines.push(`${((i * 37) % 100) / 50},${b},1,${b},${i % 5 === 0 ? 1 : 0}`);
  }
  await uploadText(page, 'flawed.csv', lines.join('\n'));
  await waitForFlowlab(page, { until: 's.dataset && s.dataset.rows === 300' });
  const flaws = page.getByTestId('upload-flaws').locator('li');
  assert.equal(await flaws.count(), 2);
  assert.match(await flaws.nth(0).innerText(), /Feature “flag” is 1 in every row of class 0: .*Untick it/);
  assert.match(await flaws.nth(1).innerText(), /Features “b2” and “b” are equal in every row/);
  await shot(page, 'data-upload-flaws');
  const choice = page.getByTestId('column-choice');
  await choice.locator('input[data-column="flag"]').uncheck();
  await choice.locator('input[data-column="b2"]').uncheck();
  await page.getByTestId('apply-columns').click();
  const st = await waitForFlowlab(page, { until: 's.dataset && s.dataset.features.length === 2' });
  assert.deepEqual(st.dataset.features, ['a', 'b']);
  assert.equal(await page.getByTestId('upload-flaws').count(), 0);
  assertNoIssues(site.issues);
});

test('the 4 MB RR Lyrae CSV itself loads, and Table I shows the paper beside it', { skip: !existsSync(RRLYRAE_CSV) && 'shared RR Lyrae CSV not present' }, async () => {
  const { page } = site;
  await page.getByTestId('upload-input').setInputFiles(RRLYRAE_CSV);
  await waitForFlowlab(page, { until: 's.dataset && s.dataset.rows === 93141', timeoutMs: 60_000 });
  const summary = await page.getByTestId('dataset-summary').innerText();
  assert.match(summary, new RegExp(`${CSV_NAME}[\\s\\S]*92,658 background / 483 RR Lyrae`));
  const ks = await ksTable(page);
  for (const [f, want] of Object.entries(PAPER_KS)) {
    assert.equal(Number(ks[f].ours).toFixed(2), want);
    assert.equal(ks[f].paper, want, 'the uploaded paper table is not recognised');
  }
  assertNoIssues(site.issues);
});

test('a European spreadsheet of the bundled colours, reordered, with text labels: read, explained, classifier kept', async () => {
  const { page } = site;
  await page.getByTestId('dataset-select').selectOption('upload');
  // The RR Lyrae table as a semicolon file with decimal commas, its columns
  // shuffled and its labels written as words, a comment line on top.
  const lines = readFileSync(RRLYRAE_CSV, 'utf8').trim().split(/\r?\n/);
  const head = lines[0].split(',');
  const col = (name) => head.indexOf(name);
  const out = ['# exported from a spreadsheet', 'type;i_z;r_i;G_R;u_g'];
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const label = f[col('label')] === '1' ? 'RRLyrae' : 'star';
    out.push([label, f[col('i_z')], f[col('r_i')], f[col('g_r')], f[col('u_g')]].map((v) => v.replace('.', ',')).join(';'));
  }
  await uploadText(page, 'european.csv', out.join('\r\n'));
  let s = await waitForFlowlab(page, { until: 's.dataset && s.dataset.rows === 93141 && s.flows !== ""', timeoutMs: 90_000 });
  assert.deepEqual(s.dataset.features, ['u_g', 'g_r', 'r_i', 'i_z']);
  assert.equal(s.dataset.rrLyrae, 483, 'the rarer value RRLyrae is guessed as the signal class');
  assert.match(s.flows, /pretrained/, 'the reordered columns dropped the pretrained classifier');
  assert.equal(s.flowDim, 4);
  const dialect = await page.getByTestId('upload-dialect').innerText();
  assert.match(dialect, /semicolon-separated, decimal commas, CRLF line ends, 1 comment line skipped/);
  assert.match(await page.getByTestId('signal-note').innerText(), /“RRLyrae” are the signal class[\s\S]*a guess/);
  // The KS table recognises the paper's data in its new dress.
  const ks = await ksTable(page);
  for (const [f, want] of Object.entries(PAPER_KS)) assert.equal(ks[f].paper, want);
  // Choosing the other value as the signal swaps the classes.
  await page.getByTestId('signal-select').selectOption('star');
  await page.getByTestId('apply-columns').click();
  s = await waitForFlowlab(page, { until: 's.dataset && s.dataset.rrLyrae === 92658', timeoutMs: 90_000 });
  assert.equal(s.dataset.background, 483);
  await shot(page, 'data-upload-european');
  assertNoIssues(site.issues);
});

test('back to the bundled data, on a phone-width screen', async () => {
  const { page } = site;
  await page.getByTestId('dataset-select').selectOption('rrlyrae');
  await waitForFlowlab(page, { until: 's.dataset && s.dataset.rows === 93141 && !s.hash.includes("data=")' });
  assert.doesNotMatch(await page.getByTestId('dataset-summary').innerText(), new RegExp(CSV_NAME));
  await page.setViewportSize({ width: 375, height: 800 });
  await page.getByTestId('ks-table').waitFor();
  // The histograms are redrawn one panel per row at the narrow width.
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid="explorer-histograms-canvas"]');
    return c && c.clientWidth < 375 && c.clientHeight >= 4 * 190;
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, `the page is ${overflow}px wider than a 375px screen`);
  await shot(page, 'data-phone');
  await page.setViewportSize({ width: 1280, height: 900 });
  assertNoIssues(site.issues);
});
