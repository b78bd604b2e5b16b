// Journey (issue 4, section 3): a visitor opens the flow inspector on the
// pretrained flows, drags the layer slider, plays the flow from the base to
// the data, turns the direction round, and opens the likelihood ledger of a
// badly scored star and of a star clicked on the plot. Then they switch to
// the two-moons teaching set, train it, and check that the flow's samples at
// the last layer look like the data, with the density heatmap underneath.

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

const canvasSel = '[data-testid="inspector-canvas"]';

// canvasState reads the inspector canvas's data attributes (set by
// assets/inspector.js as it draws).
async function canvasState(page) {
  return page.locator(canvasSel).evaluate((c) => ({ ...c.dataset }));
}

// waitCanvas waits until the canvas's data attributes satisfy `cond`, an
// expression in `d` (the dataset), e.g. 'd.playing === "0"'.
async function waitCanvas(page, cond, timeout = 30000) {
  await page.waitForFunction(`(() => { const c = document.querySelector('${canvasSel}'); if (!c) return false; const d = c.dataset; return ${cond}; })()`, undefined, { timeout, polling: 50 });
  return canvasState(page);
}

// setSlider moves the layer slider to k as a person would (input event).
async function setSlider(page, k) {
  await page.getByTestId('layer-slider').fill(String(k));
}

// readLedger returns the shown ledger's numbers, read from the data-value
// attributes (every digit): per flow, the terms by name.
async function readLedger(page) {
  return page.getByTestId('ledger').evaluate((el) => {
    const flows = [{}, {}];
    el.querySelectorAll('td[data-term]').forEach((td) => {
      flows[Number(td.dataset.flow)][td.dataset.term] = Number(td.dataset.value);
    });
    const one = (t) => Number(el.querySelector(`[data-term="${t}"]`).dataset.value);
    return { flows, t: one('t'), cut: one('cut'), decision: one('decision') };
  });
}

// checkLedger asserts that each flow's terms (base, layers, and the defensive
// mixture's and the ensemble's terms when the flow has them) add up to its ln p(x) within
// 1e-9, that t = ln p0 − ln p1, and that the decision follows the cut.
function checkLedger(led) {
  const lp = [];
  for (const [f, terms] of led.flows.entries()) {
    const layers = Object.keys(terms).filter((k) => k.startsWith('logdet-')).sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
    assert.ok(layers.length >= 2, `flow ${f}: only ${layers.length} layer terms`);
    assert.ok(Number.isFinite(terms.base) && Number.isFinite(terms.logp), `flow ${f}: base ${terms.base}, ln p ${terms.logp}`);
    let sum = terms.base;
    for (const k of layers) sum += terms[k];
    // A defensive mixture adds one more term, ln p − ln p_flow, after the
    // layers, and an ensemble (the Quick preset's two flows) one more,
    // ln p − ln p₁.
    if (terms.mixture !== undefined) sum += terms.mixture;
    if (terms.ensemble !== undefined) sum += terms.ensemble;
    assert.ok(Math.abs(sum - terms.logp) < 1e-9, `flow ${f}: terms sum to ${sum}, shown ln p(x) = ${terms.logp}`);
    lp.push(terms.logp);
  }
  assert.ok(Math.abs(led.t - (lp[0] - lp[1])) < 1e-9, `t = ${led.t}, ln p0 − ln p1 = ${lp[0] - lp[1]}`);
  assert.equal(led.decision, led.t < led.cut ? 1 : 0, `decision ${led.decision} at t = ${led.t}, cut ${led.cut}`);
}

test('the layer slider, Play and the direction toggle drive the canvas', async () => {
  const { page } = site;
  await waitForFlowlab(page, { until: 's.ready && s.flows !== ""' });
  await page.getByTestId('view-inspect').click();
  // The scene arrives once; a first visit starts playing by itself.
  const first = await waitCanvas(page, 'd.k !== undefined');
  const K = Number(first.k);
  assert.equal(first.dim, '4');
  assert.ok(K >= 6, `the pretrained flow has ${K} layers`);
  if ((await canvasState(page)).playing === '1') await page.getByTestId('play-button').click();
  await waitCanvas(page, 'd.playing === "0"');

  // Moving the slider changes the picture; moving back restores it exactly.
  await setSlider(page, 0);
  await waitCanvas(page, 'd.level === "0.000"');
  const atBase = await page.locator(canvasSel).screenshot();
  const mid = Math.floor(K / 2);
  await setSlider(page, mid);
  await waitCanvas(page, `d.level === "${mid}.000"`);
  const atMid = await page.locator(canvasSel).screenshot();
  assert.notDeepEqual(atMid, atBase, 'the canvas did not change between level 0 and the middle level');
  assert.match(await page.getByTestId('level-text').innerText(), new RegExp(`^Level ${mid} of ${K}`));
  await shot(page, 'inspector-middle');
  await setSlider(page, 0);
  await waitCanvas(page, 'd.level === "0.000"');
  assert.deepEqual(await page.locator(canvasSel).screenshot(), atBase, 'level 0 drew differently the second time');

  // Play at 4× runs through fractional levels and stops at the last one.
  await page.getByTestId('speed-select').selectOption('4');
  await page.getByTestId('play-button').click();
  await waitCanvas(page, 'd.playing === "1"');
  const seen = await page.evaluate(`new Promise((resolve) => {
    const c = document.querySelector('${canvasSel}');
    const levels = new Set();
    const t = setInterval(() => {
      levels.add(c.dataset.level);
      if (c.dataset.playing === '0') { clearInterval(t); resolve([...levels]); }
    }, 20);
  })`);
  const end = await canvasState(page);
  assert.equal(end.level, `${K}.000`);
  assert.ok(seen.some((l) => Math.abs(Number(l) - Math.round(Number(l))) > 0.01), `no in-between level seen while playing: ${seen.join(', ')}`);
  assert.equal(await page.getByTestId('layer-slider').inputValue(), String(K));
  assert.equal(await page.getByTestId('play-button').getAttribute('aria-pressed'), 'false');
  await shot(page, 'inspector-played');

  // Reverse: the RR Lyrae stars pulled back to the base, played to level 0.
  await page.getByTestId('direction-toggle').click();
  await waitCanvas(page, 'd.reverse === "1"');
  assert.equal(await page.getByTestId('direction-toggle').getAttribute('aria-pressed'), 'true');
  await page.getByTestId('play-button').click();
  await waitCanvas(page, 'd.playing === "0" && d.level === "0.000"');
  assert.match(await page.getByTestId('level-text').innerText(), /^Level 0 of/);
  assert.match(page.url(), /rev=1/);
  await shot(page, 'inspector-reversed');
  await page.getByTestId('direction-toggle').click();
  await waitCanvas(page, 'd.reverse === "0"');
  assertNoIssues(site.issues);
});

test('the likelihood ledger adds up for a listed star and a clicked star', async () => {
  const { page } = site;
  // A badly scored validation star from the list.
  const star = page.getByTestId('worst-star').first();
  await star.click();
  await page.getByTestId('ledger-entry').waitFor();
  const listed = await readLedger(page);
  checkLedger(listed);
  await page.getByTestId('ledger').scrollIntoViewIfNeeded();
  await shot(page, 'inspector-ledger');

  // A star clicked on the plot at the last level.
  const K = Number((await canvasState(page)).k);
  await setSlider(page, K);
  await waitCanvas(page, `d.level === "${K}.000"`);
  let at = null;
  for (let i = 0; i < 50 && !at; i++) at = await page.evaluate(`window.flowlabInspect.locate(${i})`);
  assert.ok(at, 'no star is drawn inside the first panel');
  await page.locator(canvasSel).scrollIntoViewIfNeeded();
  const box = await page.locator(canvasSel).boundingBox();
  await page.mouse.click(box.x + at.x, box.y + at.y);
  await page.waitForFunction(() => /Clicked star/.test(document.querySelector('[data-testid="ledger-entry"]')?.innerText ?? ''));
  const clicked = await readLedger(page);
  checkLedger(clicked);
  assert.notEqual(clicked.t, listed.t, 'the clicked star shows the listed star\'s numbers');
  assertNoIssues(site.issues);
});

test('two moons: after training, the last layer\'s samples match the data', async () => {
  const { page } = site;
  // No autoplay for visitors who ask for reduced motion.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('about:blank');
  await page.goto(new URL('#data=moons&layers=4&units=32&e0=30&e1=30&b0=100&b1=100&view=train', site.url).href);
  await waitForFlowlab(page, { until: 's.ready && s.dataset && s.dataset.features.length === 2' });
  await page.getByTestId('train-button').click();
  await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 60000 });
  await page.getByTestId('view-inspect').click();
  const st = await waitCanvas(page, 'd.k !== undefined && d.dim === "2"');
  const K = Number(st.k);
  assert.ok(Number(st.g) >= 24, `no density grid for the 2-D flow (G = ${st.g})`);
  assert.equal(st.playing, '0', 'the inspector played by itself although reduced motion is asked for');
  await setSlider(page, K);
  await waitCanvas(page, `d.level === "${K}.000"`);

  for (const cls of ['signal', 'background']) {
    await page.getByTestId(`class-${cls}`).check();
    await waitCanvas(page, `d.klass === "${cls === 'signal' ? 1 : 0}" && d.level === "${K}.000"`);
    const s = await page.evaluate('window.flowlabInspect.stats()');
    // Source of truth: the class's own rows (s.ref*), drawn as the dark dots.
    // Tolerances: the means within 0.1 of the data's standard deviation per
    // axis (sampling error of 10,000 points is 0.01 σ; a flow this small
    // after 30 epochs is not exact), the covariance entries within 20% of
    // the data's variances.
    const sd = [Math.sqrt(s.refCov[0][0]), Math.sqrt(s.refCov[1][1])];
    for (let j = 0; j < 2; j++) {
      assert.ok(Math.abs(s.mean[j] - s.refMean[j]) < 0.1 * sd[j], `${cls} mean[${j}] ${s.mean[j]} vs data ${s.refMean[j]} (σ ${sd[j]})`);
      for (let k = 0; k < 2; k++) {
        const tol = 0.2 * Math.sqrt(s.refCov[j][j] * s.refCov[k][k]);
        assert.ok(Math.abs(s.cov[j][k] - s.refCov[j][k]) < tol, `${cls} cov[${j}][${k}] ${s.cov[j][k]} vs data ${s.refCov[j][k]} (tolerance ${tol})`);
      }
    }
    // The moments alone cannot tell a moon from a Gaussian (the standardising
    // layer matches them even for an untrained flow), so also compare the
    // shapes: the flow's 12×12 histogram must be much closer to the data's
    // than a Gaussian with the data's own mean and covariance is.
    console.log(`# moons ${cls}: histogram TV distance flow ${s.tv.toFixed(3)}, Gaussian ${s.tvGaussian.toFixed(3)}`);
    assert.ok(s.tv < 0.6 * s.tvGaussian, `${cls}: TV(flow, data) ${s.tv} is not well below TV(Gaussian, data) ${s.tvGaussian}`);
  }
  await shot(page, 'inspector-moons');
  // The density of the middle level, under the moving points.
  await setSlider(page, Math.floor(K / 2));
  await waitCanvas(page, `d.level === "${Math.floor(K / 2)}.000"`);
  await shot(page, 'inspector-moons-middle');
  // The density alone, without the points.
  await page.getByTestId('points-toggle').uncheck();
  await waitCanvas(page, '(d.view || "").includes(\'"points":false\')');
  await page.locator(canvasSel).screenshot({ path: new URL('./screenshots/inspector-moons-density.png', import.meta.url).pathname });
  assertNoIssues(site.issues);
});

test('a MADE layer shows its masks as pictures the browser decodes', async () => {
  const page = await site.context.newPage();
  await page.goto(new URL('#model=made&view=inspect', site.url).href);
  await waitForFlowlab(page, { until: 's.ready && s.flows !== ""' });
  await page.locator('.insp-kind-maf .insp-layer-btn').first().click();
  const pics = page.getByTestId('layer-detail').locator('img.insp-picture');
  await pics.first().waitFor();
  const imgs = await pics.evaluateAll(async (els) => Promise.all(els.map(async (img) => {
    await img.decode().catch(() => {});
    return { src: img.src.slice(0, 22), natural: [img.naturalWidth, img.naturalHeight], attr: [Number(img.getAttribute('width')), Number(img.getAttribute('height'))] };
  })));
  assert.ok(imgs.length >= 2, `${imgs.length} mask pictures`);
  for (const im of imgs) {
    assert.equal(im.src, 'data:image/bmp;base64,');
    assert.deepEqual(im.natural, im.attr, 'the mask picture decodes at its drawn size');
  }
  await shot(page, 'inspector-made-masks');
  assertNoIssues(site.issues);
  await page.close();
});
