// Journey (issue 10): a visitor measures how much a result depends on its
// seed and meets the spline flow. On the two-moons teaching set they run
// three seeds of small settings, read the mean ± std of every metric beside
// the GMM baseline from the table, and cancel a longer sweep half way. Then
// they pick the neural spline model, train it, and step through the layers
// in the inspector: a spline layer draws its curves, a permutation does not.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoIssues, openSite, shot, waitForFlowlab } from './lib/browser.mjs';

let site;
before(async () => {
  site = await openSite();
  await waitForFlowlab(site.page);
});
after(async () => {
  await site?.close();
});

const SMALL = 'data=moons&layers=2&hidden=1&units=16&e0=4&e1=4&b0=100&b1=100&view=train';

// open loads the page with a hash on a fresh document and waits for the
// two-moons data.
async function open(page, hash) {
  await page.goto('about:blank');
  await page.goto(new URL('#' + hash, site.url).href);
  await waitForFlowlab(page, { until: 's.ready && s.dataset && s.dataset.features.length === 2' });
}

// seedsState waits until the progress line's data-state is one of states.
async function seedsState(page, states, timeout) {
  const sel = '[data-testid="seeds-progress"]';
  await page.waitForFunction(`(() => { const p = document.querySelector('${sel}'); return p && ${JSON.stringify(states)}.includes(p.dataset.state); })()`, undefined, { timeout, polling: 100 });
  return page.locator(sel).evaluate((p) => ({ state: p.dataset.state, text: p.textContent }));
}

// readSeedsTable returns, per metric key, the flows' and the GMM's mean and
// std as shown (and the exact mean from the data attribute).
async function readSeedsTable(page) {
  return page.getByTestId('seeds-table').evaluate((t) => {
    const out = {};
    for (const tr of t.querySelectorAll('tbody tr')) {
      const cell = (col) => {
        const td = tr.querySelector(`td[data-col="${col}"]`);
        const m = /^(-?\d+\.\d+) ± (\d+\.\d+)$/.exec(td.textContent.trim());
        return { text: td.textContent, mean: m ? Number(m[1]) : NaN, std: m ? Number(m[2]) : NaN, exact: Number(td.dataset.mean) };
      };
      out[tr.dataset.metric] = { flows: cell('flows'), gmm: cell('gmm'), better: tr.querySelector('td[data-col="better"]').textContent };
    }
    return { rows: out, caption: t.querySelector('caption').textContent };
  });
}

test('three seeds give mean ± std of every metric beside the GMM', async () => {
  const { page } = site;
  await open(page, SMALL + '&seeds=3&seed=21');
  assert.equal(await page.getByTestId('seeds-run').innerText(), 'Run 3 seeds (21–23)');
  await page.getByTestId('seeds-run').click();
  const running = await seedsState(page, ['running'], 10000);
  assert.match(running.text, /Seed 1 of 3 \(seed 21\) is training/);
  assert.ok(await page.getByTestId('seeds-cancel').isEnabled());
  const end = await seedsState(page, ['done', 'failed', 'cancelled'], 240000);
  assert.equal(end.state, 'done', end.text);
  assert.match(end.text, /All 3 seeds finished/);

  const { rows, caption } = await readSeedsTable(page);
  assert.match(caption, /over 3 seeds \(21, 22, 23\)/);
  assert.deepEqual(Object.keys(rows), ['auc', 'ap', 'c10', 'c20', 'nll0', 'nll1']);
  for (const [key, r] of Object.entries(rows)) {
    for (const who of ['flows', 'gmm']) {
      const c = r[who];
      assert.ok(Number.isFinite(c.mean) && Number.isFinite(c.std) && c.std >= 0, `${key} ${who}: ${JSON.stringify(c.text)} is not mean ± std`);
      const decimals = c.text.trim().split(' ± ')[0].split('.')[1].length;
      assert.ok(Math.abs(c.mean - c.exact) <= 0.51 * 10 ** -decimals, `${key} ${who}: shown ${c.mean}, exact ${c.exact}`);
    }
    assert.ok(['flows', 'GMM', ''].includes(r.better), `${key}: better ${r.better}`);
  }
  for (const key of ['auc', 'ap', 'c10', 'c20']) {
    for (const who of ['flows', 'gmm']) {
      const m = rows[key][who].mean;
      assert.ok(m >= 0 && m <= 1, `${key} ${who}: ${m} is not a fraction`);
    }
  }
  // Two moons are easy: both classifiers separate them well.
  assert.ok(rows.auc.flows.mean > 0.9 && rows.auc.gmm.mean > 0.9, `AUC flows ${rows.auc.flows.mean}, GMM ${rows.auc.gmm.mean}`);
  // Better means follow the numbers: higher AUC, lower NLL.
  const want = (k, higher) => (rows[k].flows.exact === rows[k].gmm.exact ? '' : (rows[k].flows.exact > rows[k].gmm.exact) === higher ? 'flows' : 'GMM');
  assert.equal(rows.auc.better, want('auc', true));
  assert.equal(rows.nll1.better, want('nll1', false));
  // The page shows the last seed's flows, and the link says so.
  const st = await waitForFlowlab(page, { until: 's.ready && s.phase === "done"' });
  assert.match(st.hash, /seed=23/);
  const each = await page.getByTestId('seeds-each').locator('tbody tr').count();
  assert.equal(each, 3);
  console.log(`# moons, 3 seeds: AUC flows ${rows.auc.flows.text} vs GMM ${rows.auc.gmm.text}; NLL RR Lyrae flows ${rows.nll1.flows.text} vs GMM ${rows.nll1.gmm.text}`);
  await shot(page, 'fidelity-seeds');
  assertNoIssues(site.issues);
});

test('a sweep can be cancelled and keeps its finished seeds', async () => {
  const { page } = site;
  await open(page, 'data=moons&layers=2&hidden=1&units=16&e0=4&e1=40&b0=100&b1=20&tol=-1&view=train&seeds=6&seed=3');
  await page.getByTestId('seeds-run').click();
  await page.waitForFunction(() => /Seed 2 of 6/.test(document.querySelector('[data-testid="seeds-progress"]')?.textContent ?? ''), undefined, { timeout: 120000, polling: 100 });
  await page.getByTestId('seeds-cancel').click();
  const end = await seedsState(page, ['cancelled'], 10000);
  const m = /Cancelled after (\d) of 6 seeds/.exec(end.text);
  assert.ok(m, end.text);
  const { caption } = await readSeedsTable(page);
  assert.match(caption, new RegExp(`over ${m[1]} seed`));
  assert.ok(await page.getByTestId('seeds-run').isEnabled());
  assert.ok(await page.getByTestId('seeds-cancel').isDisabled());
  // Nothing trains any more.
  await page.waitForTimeout(1500);
  assert.equal((await seedsState(page, ['cancelled'], 1000)).text, end.text);
  assertNoIssues(site.issues);
});

// curvePixels counts the spline canvas's pixels in the curve's colour
// (Okabe–Ito vermillion, #D55E00) and all non-white ones.
async function curvePixels(page) {
  return page.getByTestId('spline-canvas').evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let curve = 0;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && (r < 240 || g < 240 || b < 240)) ink++;
      if (a > 200 && Math.abs(r - 0xd5) < 40 && Math.abs(g - 0x5e) < 40 && b < 60) curve++;
    }
    return { curve, ink, w: c.width, h: c.height };
  });
}

test('the spline model trains on two moons and the inspector draws its curves', async () => {
  const { page } = site;
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, 'data=moons&model=spline&layers=4&units=32&e0=20&e1=20&b0=100&b1=100&view=train');
  const models = await page.getByTestId('model-select').locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(models, ['realnvp', 'made', 'spline']);
  assert.equal(await page.getByTestId('model-select').inputValue(), 'spline');
  assert.match(await page.getByTestId('arch-summary').textContent(), /spline coupling layers/);
  await page.getByTestId('train-button').click();
  await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 120000 });

  await page.getByTestId('view-inspect').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-canvas"]')?.dataset.k !== undefined, undefined, { timeout: 30000 });
  const slider = page.getByTestId('layer-slider');
  await slider.fill('1'); // just after layer 1, a spline
  await page.getByTestId('spline-canvas').waitFor({ timeout: 10000 });
  assert.match(await page.getByTestId('layer-detail').innerText(), /Spline 1/);
  assert.match(await page.getByTestId('spline-panel').innerText(), /always rises/);
  assert.match(await page.getByTestId('spline-caption').innerText(), /median of the shown points/);
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid="spline-canvas"]');
    return c && c.width > 0 && c.height > 0;
  });
  const px = await curvePixels(page);
  assert.ok(px.curve > 150, `the spline chart has ${px.curve} curve pixels (${px.ink} inked of ${px.w}×${px.h})`);
  assert.match(await page.getByTestId('spline-canvas').getAttribute('aria-label'), /slope .* at the point/);

  await slider.fill('2'); // after the permutation: no curves
  await page.getByTestId('spline-panel').waitFor({ state: 'detached', timeout: 10000 });
  assert.match(await page.getByTestId('layer-detail').innerText(), /Permutation/);

  await slider.fill('3'); // the next spline: its own curves
  await page.getByTestId('spline-canvas').waitFor({ timeout: 10000 });
  assert.match(await page.getByTestId('layer-detail').innerText(), /Spline 2/);
  const px2 = await curvePixels(page);
  assert.ok(px2.curve > 150, `the second spline chart has ${px2.curve} curve pixels`);
  await page.getByTestId('spline-panel').screenshot({ path: new URL('./screenshots/fidelity-spline-curves.png', import.meta.url).pathname });
  await shot(page, 'fidelity-spline-inspector');
  assertNoIssues(site.issues);
});

test('an ensemble of three flows per class trains, and its ledger still adds up', async () => {
  const { page } = site;
  await page.emulateMedia({ reducedMotion: 'reduce' }); // no autoplay: the slider stays where it is put
  await open(page, SMALL);
  // The visitor opens the settings and types 3 into "Flows per class" (Quick has 2).
  await page.getByTestId('more-settings').locator('summary').click();
  const field = page.getByTestId('field-ens');
  await field.fill('3');
  await field.press('Tab');
  await page.waitForFunction(() => /ens=3/.test(location.hash), undefined, { timeout: 10000 });
  assert.match(await page.getByTestId('steps-summary').textContent(), /at most/);
  await page.getByTestId('train-button').click();
  await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 120000 });
  // Progress counts every member's epochs: 3 × 4.
  for (const id of ['progress-background', 'progress-signal']) {
    assert.match(await page.getByTestId(id).innerText(), /epoch 12 \/ 12/, `${id} does not count every member's epochs`);
  }

  await page.getByTestId('view-inspect').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="inspector-canvas"]')?.dataset.k !== undefined, undefined, { timeout: 30000 });
  assert.match(await page.getByTestId('points-text').innerText(), /ensemble of 3 flows/);
  // A star clicked on the plot at the last level (two moons may have no
  // misclassified star to pick from the list).
  const canvas = page.getByTestId('inspector-canvas');
  const K = Number(await canvas.evaluate((c) => c.dataset.k));
  await page.getByTestId('layer-slider').fill(String(K));
  await page.waitForFunction((k) => document.querySelector('[data-testid="inspector-canvas"]')?.dataset.level === `${k}.000`, K, { timeout: 30000, polling: 50 });
  let at = null;
  for (let i = 0; i < 50 && !at; i++) at = await page.evaluate(`window.flowlabInspect.locate(${i})`);
  assert.ok(at, 'no star is drawn inside the first panel');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  await page.mouse.click(box.x + at.x, box.y + at.y);
  await page.waitForFunction(() => /Clicked star/.test(document.querySelector('[data-testid="ledger-entry"]')?.innerText ?? ''), undefined, { timeout: 30000 });
  const led = await page.getByTestId('ledger').evaluate((el) => {
    const flows = [{}, {}];
    el.querySelectorAll('td[data-term]').forEach((td) => { flows[Number(td.dataset.flow)][td.dataset.term] = Number(td.dataset.value); });
    return { flows, text: el.innerText, t: Number(el.querySelector('[data-term="t"]').dataset.value) };
  });
  assert.match(led.text, /ensemble: ln p − ln p₁/);
  assert.match(led.text, /\(3 flows\)/);
  const lp = [];
  for (const [f, terms] of led.flows.entries()) {
    assert.ok(Number.isFinite(terms.ensemble), `flow ${f} has no ensemble term`);
    let sum = terms.base + terms.ensemble + (terms.mixture ?? 0);
    for (const [k, v] of Object.entries(terms)) if (k.startsWith('logdet-')) sum += v;
    assert.ok(Math.abs(sum - terms.logp) < 1e-9, `flow ${f}: terms sum to ${sum}, shown ln p(x) = ${terms.logp}`);
    lp.push(terms.logp);
  }
  assert.ok(Math.abs(led.t - (lp[0] - lp[1])) < 1e-9, `t = ${led.t}, ln p0 − ln p1 = ${lp[0] - lp[1]}`);
  await page.getByTestId('ledger').scrollIntoViewIfNeeded();
  await shot(page, 'fidelity-ensemble-ledger');
  assertNoIssues(site.issues);
});
