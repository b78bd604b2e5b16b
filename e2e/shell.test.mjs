// Journey: a visitor opens Flow Lab and sees the bundled RR Lyrae data
// summarised. Numbers from ../shared/data/rrlyrae/PROVENANCE.md: 92,658
// background stars (label 0), 483 RR Lyrae (label 1), features u_g g_r r_i i_z.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { assertNoIssues, DIST, openSite, shot, waitForFlowlab } from './lib/browser.mjs';

const FEATURES = ['u_g', 'g_r', 'r_i', 'i_z'];

let site;
before(async () => {
  site = await openSite();
});
after(async () => {
  await site?.close();
});

test('the page loads and summarises the bundled RR Lyrae data', async () => {
  const { page } = site;
  const state = await waitForFlowlab(page);

  assert.equal(await page.title(), 'Flow Lab — normalizing flows in your browser');
  assert.equal(await page.locator('h1').innerText(), 'Flow Lab');
  assert.deepEqual(state.dataset, { rows: 93141, background: 92658, rrLyrae: 483, features: FEATURES });

  const summary = await page.getByTestId('dataset-summary').innerText();
  assert.match(summary, /92,658 background \/ 483 RR Lyrae/);
  for (const name of FEATURES) {
    assert.ok(summary.includes(name), `summary lacks feature ${name}: ${summary}`);
  }
  assert.match(await page.getByTestId('status').innerText(), /^Ready/);
  assert.equal(await page.getByTestId('error-message').count(), 0);
  assert.equal(await page.locator('#boot').isHidden(), true, 'the loading screen is still shown');

  // The download progress counted every (decoded) byte of app.wasm against the
  // size build.sh wrote into index.html, although the server sent it gzipped.
  const wasmBytes = (await stat(path.join(DIST, 'app.wasm'))).size;
  const progress = await page.evaluate(() => window.flowlabBoot.progress);
  assert.deepEqual(progress, { received: wasmBytes, total: wasmBytes });

  await shot(page, 'shell-desktop');
  assertNoIssues(site.issues);
});

test('the layout fits a phone screen', async () => {
  const { page } = site;
  await page.setViewportSize({ width: 375, height: 740 });
  await page.getByTestId('dataset-summary').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, `the page is ${overflow}px wider than a 375px screen`);
  await shot(page, 'shell-phone');
  assertNoIssues(site.issues);
});

test('the server sends app.wasm gzip-compressed as application/wasm', async () => {
  const res = await fetch(new URL('app.wasm', site.url), { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  const body = new Uint8Array(await res.arrayBuffer()); // fetch decodes gzip
  assert.deepEqual([...body.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'not a wasm module');
});

test('a missing data file shows an error message instead of a blank page', async () => {
  const { context, issues } = site;
  const page = await context.newPage();
  await page.route('**/data/rrlyrae.bin', (route) => route.fulfill({ status: 404, body: 'gone' }));
  issues.allow(/data\/rrlyrae\.bin: HTTP 404/);
  issues.allow(/Failed to load resource: the server responded with a status of 404/);
  await page.goto(site.url);
  await assert.rejects(waitForFlowlab(page), /the page reports an error: .*HTTP 404/);
  const message = await page.getByTestId('error-message').innerText();
  assert.match(message, /Could not load the RR Lyrae data/);
  assert.equal(await page.getByTestId('dataset-summary').count(), 0);
  await shot(page, 'shell-data-error');
  await page.close();
  assertNoIssues(issues);
});
