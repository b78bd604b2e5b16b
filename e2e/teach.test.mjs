// Journey (teacher's first five minutes, issue 14): every view's first screen
// shows a picture and the next action without scrolling, at 1280×800 and at
// phone width; and the inspector follows the flows live while they train.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoIssues, openSite, shot, waitForFlowlab } from './lib/browser.mjs';

// inViewport asserts that the element's bounding box lies inside the window.
async function inViewport(page, testID, what) {
  const loc = page.getByTestId(testID).first();
  await loc.waitFor({ state: 'visible' });
  const box = await loc.boundingBox();
  const { width, height } = page.viewportSize();
  assert.ok(box, `${what}: no box`);
  const where = `${what} at x ${Math.round(box.x)}–${Math.round(box.x + box.width)}, y ${Math.round(box.y)}–${Math.round(box.y + box.height)} in ${width}×${height}`;
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5 && box.y + box.height <= height + 0.5, where);
}

async function showView(page, view) {
  await page.getByTestId(`view-${view}`).click();
  await waitForFlowlab(page, { until: `s.view === "${view}"` });
  await page.evaluate(() => window.scrollTo(0, 0));
}

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`each view's first screen at ${width}×${height} holds a picture and the next action`, async () => {
    const site = await openSite({ viewport: { width, height } });
    const { page } = site;
    try {
      await waitForFlowlab(page, { until: 's.ready && s.flows' });
      await showView(page, 'data');
      await page.getByTestId('data-glance-canvas').waitFor();
      await inViewport(page, 'data-glance-canvas', 'the data picture');
      await inViewport(page, 'next-train', 'Next: Train');
      await inViewport(page, 'flows-ready', 'the word that pretrained flows are loaded');
      assert.match(await page.getByTestId('flows-ready').innerText(), /Pretrained flows .* already loaded/);
      await shot(page, `teach-data-${width}`);

      await page.getByTestId('next-train').click();
      await waitForFlowlab(page, { until: 's.view === "train"' });
      await inViewport(page, 'preset-select', 'the preset choice');
      await inViewport(page, 'train-button', 'Train');
      await page.getByTestId('train-glance-canvas').waitFor();
      await inViewport(page, 'train-glance-canvas', 'the picture of what will train');
      await shot(page, `teach-train-${width}`);
      assert.equal(await page.getByTestId('more-settings').evaluate((d) => d.open), false, 'the settings fold away');
      await inViewport(page, 'more-settings', 'More settings');

      await showView(page, 'inspect');
      await page.waitForFunction(() => { const s = window.flowlabInspect?.stats(); return s && s.K > 0; }, null, { timeout: 60000 });
      await inViewport(page, 'play-button', 'Play');
      await inViewport(page, 'inspector-canvas', 'the inspector plot');
      await inViewport(page, 'class-signal', 'the class choice');
      // The class choice does not wrap: both radios on one line.
      const [a, b] = await Promise.all(['class-background', 'class-signal'].map((id) => page.getByTestId(id).boundingBox()));
      assert.ok(Math.abs(a.y - b.y) < 4, `class radios on one line (y ${a.y} and ${b.y})`);
      await shot(page, `teach-inspect-${width}`);

      // Classify: the cut and its histogram come first, the explanations fold away.
      await showView(page, 'results');
      await waitForFlowlab(page, { until: 's.auc > 0', timeoutMs: 60000 });
      await page.getByTestId('t-histogram').waitFor();
      await inViewport(page, 'cut-slider', 'the cut slider');
      await inViewport(page, 't-histogram', 'the histogram of t');
      assert.equal(await page.getByTestId('why-prior').evaluate((d) => d.open), false, 'the prior cut\'s explanation folds away');
      await shot(page, `teach-classify-${width}`);

      // A teaching set has no pretrained flows: the Data view does not say it has.
      await showView(page, 'data');
      await page.getByTestId('dataset-select').selectOption('moons');
      await waitForFlowlab(page, { until: 's.dataset && s.dataset.features.length === 2' });
      await inViewport(page, 'next-train', 'Next: Train on two moons');
      await inViewport(page, 'data-glance-canvas', 'the two moons picture');
      assert.equal(await page.getByTestId('flows-ready').count(), 0, 'no pretrained flows on two moons');
      assertNoIssues(site.issues);
    } finally {
      await site.close();
    }
  });
}

test('the inspector follows the flows live while they train', async () => {
  const site = await openSite({ viewport: { width: 1280, height: 800 }, urlPath: '#data=moons' });
  const { page } = site;
  try {
    await waitForFlowlab(page, { until: 's.ready && s.dataset && s.dataset.features.length === 2' });
    await showView(page, 'train');
    // Several invalid settings: the message says how many and which.
    await page.getByTestId('more-settings').locator('summary').click();
    await page.getByTestId('field-layers').fill('0');
    await page.getByTestId('field-lr0').fill('x');
    await assert.doesNotReject(page.getByTestId('train-blocker').filter({ hasText: /Fix the 2 highlighted settings to train: “Layers” and “Learning rate, start”/ }).waitFor());
    await page.getByTestId('field-layers').fill('6');
    await page.getByTestId('field-lr0').fill('0.003');
    await page.getByTestId('field-e0').fill('400');
    await page.getByTestId('field-e1').fill('400');
    await page.getByTestId('train-button').click();
    await waitForFlowlab(page, { until: 's.phase === "training"' });
    // Train disabled itself: the focus went to Pause, not to the page's body.
    await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'pause-button', null, { timeout: 10000 });

    await page.getByTestId('view-inspect').click();
    await page.getByTestId('inspector-live').waitFor({ timeout: 60000 });
    assert.match(await page.getByTestId('inspector-flows').innerText(), /training in this page now/);
    await page.getByTestId('train-loss-chart').waitFor();
    const canvas = page.getByTestId('inspector-canvas');
    const read = async () => page.evaluate(() => {
      const c = document.querySelector('[data-testid="inspector-canvas"]');
      const s = window.flowlabInspect.stats();
      return { scene: Number(c.dataset.scene), level: s.shownLevel, K: s.K, n: s.n, mean: s.mean };
    });
    await canvas.waitFor();
    await page.waitForFunction(() => window.flowlabInspect?.stats()?.K > 0);
    const first = await read();
    assert.equal(first.level, first.K, 'the live picture shows the data side');
    // Two more snapshots' scenes while the run still trains.
    await page.waitForFunction((s0) => Number(document.querySelector('[data-testid="inspector-canvas"]').dataset.scene) >= s0 + 2, first.scene, { timeout: 60000 });
    const later = await read();
    const st = await waitForFlowlab(page, { until: 'true' });
    assert.equal(st.phase, 'training', 'the picture changed while the run trains');
    assert.equal(later.n, first.n, 'the same tracked points');
    const moved = Math.hypot(later.mean[0] - first.mean[0], later.mean[1] - first.mean[1]);
    assert.ok(moved > 1e-4, `the tracked points moved between snapshots (mean moved by ${moved})`);
    await shot(page, 'teach-live');
    await page.getByTestId('view-train').click();
    await page.getByTestId('stop-button').click();
    await waitForFlowlab(page, { until: 's.phase === "stopped" || s.phase === "done"', timeoutMs: 60000 });
    // Two moons is no paper data: no Table III column beside its metrics.
    await page.getByTestId('metrics-table').waitFor({ timeout: 60000 });
    assert.doesNotMatch(await page.getByTestId('metrics-table').innerText(), /paper/i);
    await page.getByTestId('view-results').click();
    await page.getByTestId('table3').waitFor();
    assert.doesNotMatch(await page.getByTestId('table3').innerText(), /paper/i);
    assert.equal(await page.locator('#results-table3-heading').innerText(), 'The classifier beside its baselines (cut t = 0)');
    assertNoIssues(site.issues);
  } finally {
    await site.close();
  }
});

const canvasSel = '[data-testid="inspector-canvas"]';
const canvasData = (page) => page.locator(canvasSel).evaluate((c) => ({ ...c.dataset }));
const waitCanvas = (page, cond) => page.waitForFunction(`(() => { const c = document.querySelector('${canvasSel}'); if (!c) return false; const d = c.dataset; return ${cond}; })()`, undefined, { timeout: 90000, polling: 50 });

test('the inspector names its axes, draws the real stars on top, and its caption matches the highlighted layer', async () => {
  const site = await openSite({ viewport: { width: 1280, height: 800 }, urlPath: '#view=inspect' });
  const { page } = site;
  try {
    await waitForFlowlab(page, { until: 's.ready && s.flows' });
    await page.waitForFunction(() => window.flowlabInspect?.stats()?.K > 0, null, { timeout: 60000 });
    const K = Number((await canvasData(page)).k);
    // At the base the axes are the base's coordinates; in data space the
    // features, written as the Data view writes them.
    await page.getByTestId('layer-slider').fill('0');
    await waitCanvas(page, 'd.level === "0.000"');
    const base = (await canvasData(page)).axes.split('|');
    assert.ok(base.every((a) => /^z[₁₂₃₄]$/.test(a)), `axes at the base: ${base}`);
    await page.getByTestId('layer-slider').fill(String(K));
    await waitCanvas(page, `d.level === "${K}.000"`);
    const data = (await canvasData(page)).axes.split('|');
    assert.ok(data.includes('u − g') && data.includes('g − r') && !data.some((a) => a.includes('_')), `axes in data space: ${data}`);

    // The real stars: a black core in a white rim, on top of the samples.
    let at = null;
    for (let i = 0; i < 200 && !at; i++) at = await page.evaluate(`window.flowlabInspect.locate(${i})`);
    assert.ok(at, 'no real star inside the first panel');
    const px = await page.locator(canvasSel).evaluate((c, p) => {
      const dpr = c.width / c.clientWidth;
      const d = c.getContext('2d').getImageData(Math.round(p.x * dpr), Math.round(p.y * dpr), 1, 1).data;
      return [d[0], d[1], d[2]];
    }, at);
    assert.ok(px.every((v) => v < 90), `the star's centre is drawn dark over the samples: rgb ${px}`);
    assert.match(await page.locator('.insp-legend').innerText(), /black dots in a white rim, drawn on top, are real RR Lyrae stars/);
    const box = await page.locator(canvasSel).boundingBox();
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForFunction(() => /Clicked star/.test(document.querySelector('[data-testid="ledger-entry"]')?.innerText ?? ''));
    // Points unticked: the legend says only the stars are drawn.
    await page.getByTestId('points-toggle').uncheck();
    assert.match(await page.locator('.insp-legend').innerText(), /points are hidden/);
    await page.getByTestId('points-toggle').check();

    // Going back (data → base) the level names the layer just undone, the one highlighted.
    await page.getByTestId('direction-toggle').click();
    await page.waitForFunction(() => window.flowlabInspect?.stats()?.reverse === true, null, { timeout: 60000 });
    const mid = Math.floor(K / 2);
    await page.getByTestId('layer-slider').fill(String(mid));
    await waitCanvas(page, `d.level === "${mid}.000"`);
    const current = await page.locator('[data-current="true"] .insp-layer-name').innerText();
    const level = await page.getByTestId('level-text').innerText();
    assert.ok(level.includes(current), `caption "${level}" names the highlighted layer "${current}"`);
    assertNoIssues(site.issues);
  } finally {
    await site.close();
  }
});

test('a restored link on rings does not promise pretrained flows', async () => {
  const site = await openSite({ viewport: { width: 1280, height: 800 }, urlPath: '#data=rings&seed=7&view=results' });
  const { page } = site;
  try {
    await waitForFlowlab(page, { until: 's.ready && s.dataset && s.dataset.features.length === 2 && s.view === "results"' });
    const text = await page.getByTestId('results-empty').innerText();
    assert.doesNotMatch(text, /pretrained/);
    assert.match(text, /train one in step 2/);
    assertNoIssues(site.issues);
  } finally {
    await site.close();
  }
});

test('three flows per class on two moons: the epochs stay sized for the small table, and every flow trains', async () => {
  const site = await openSite({ urlPath: '#data=moons&view=train' });
  const { page } = site;
  try {
    await waitForFlowlab(page, { until: 's.ready && s.dataset && s.dataset.features.length === 2' });
    await page.getByTestId('more-settings').locator('summary').click();
    const summary = page.getByTestId('steps-summary');
    // atMost reads "at most X and Y steps" off the summary.
    const atMost = async () => {
      const m = (await summary.textContent()).replaceAll(',', '').match(/at most (\d+) and (\d+) steps/);
      assert.ok(m, `no steps in the summary: ${await summary.textContent()}`);
      return [Number(m[1]), Number(m[2])];
    };
    assert.match(await summary.textContent(), /raised/, 'the summary says the quick epochs are raised for two moons');
    const [quick0] = await atMost(); // Quick's two flows
    assert.ok(quick0 / 2 >= 350, `Quick on two moons: at most ${quick0} background steps for two flows`);

    // The teacher types 3 into "Flows per class": the settings become custom,
    // and each of the three background flows still gets the sized epochs.
    const field = page.getByTestId('field-ens');
    await field.fill('3');
    await field.press('Tab');
    await page.waitForFunction(() => /ens=3/.test(location.hash), undefined, { timeout: 10000 });
    assert.equal(await page.getByTestId('preset-select').inputValue(), 'custom');
    const [both0] = await atMost();
    assert.equal(both0, 3 * quick0 / 2, 'three background flows take 3/2 the steps of two');

    await page.getByTestId('train-button').click();
    await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 180000 });
    const line = (await page.getByTestId('progress-background').innerText()).replaceAll(',', '');
    const m = line.match(/epoch (\d+) \/ (\d+) · step (\d+)/);
    assert.ok(m, `progress: ${line}`);
    assert.equal(Number(m[3]), both0, `the background flows ran ${m[3]} steps, the summary promised ${both0}: ${line}`);
    await shot(page, 'teach-moons-three-flows');
    assertNoIssues(site.issues);
  } finally {
    await site.close();
  }
});
