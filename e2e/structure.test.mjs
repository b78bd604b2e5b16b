// Journeys of the UI's structure (issue 13): work that belongs to the app,
// not to the view on screen, goes on whatever the visitor looks at.
// 1. A paper-size MADE classifier is imported and scored in a worker: the
//    page keeps drawing animation frames the whole time it is scored.
// 2. A run trained with the Data view open from start to end still has its
//    whole batch-loss trace (the app records it, not the Train view).
// 3. The source tree says what issue 13 names: `ls web` names the views, no
//    map[*App], at most two build-tag stubs in web/, browser glue only in
//    web/browser (and the shell), no web/ package speaks the wire format,
//    one worker endpoint type in wasm/, the session only trains.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { DIST, ROOT, assertNoIssues, openSite, waitForFlowlab } from './lib/browser.mjs';

let site;
before(async () => {
  site = await openSite();
});
after(async () => {
  assertNoIssues(site.issues);
  await site?.close();
});

// paperMADE turns the pretrained quick MADE pair into one with Table II's
// MADE architecture (8 layers of 4 → 200 → 200 → 8) and small deterministic
// parameters: 342,464 per flow, the size that used to block the page.
async function paperMADE() {
  const pair = JSON.parse(await readFile(path.join(DIST, 'pretrained', 'quick-made.json'), 'utf8'));
  const n = 8 * (4 * 200 + 200 + 200 * 200 + 200 + 200 * 8 + 8);
  for (const [k, m] of [pair.background, pair.rrlyrae].entries()) {
    // Table II's MADE has the standard normal base: no mixture parameters.
    m.config = { model: 'made', dim: 4, layers: 8, hidden: 2, units: 200, permutation: m.config.permutation };
    m.params = Array.from({ length: n }, (_, i) => 0.01 * Math.sin(i * 0.7 + k));
    m.history = [];
  }
  return Buffer.from(JSON.stringify(pair));
}

test('importing a paper-size MADE classifier never stops the animation frames', async () => {
  const { page } = site;
  await waitForFlowlab(page, { until: 's.ready && s.flows !== "" && s.auc > 0' });
  await page.getByTestId('view-results').click();
  const file = await paperMADE();
  // Count animation frames from now on (each frame's time, in ms).
  await page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => { window.__frames.push(t); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.getByTestId('import-model').setInputFiles({ name: 'paper-made.json', mimeType: 'application/json', buffer: file });
  const scoring = await waitForFlowlab(page, { until: 's.scoring !== ""', timeoutMs: 60_000 });
  const from = await page.evaluate(() => performance.now());
  const done = await waitForFlowlab(page, { until: 's.scoring === "" && s.auc > 0 && s.flows.includes("paper-made.json")', timeoutMs: 120_000 });
  const to = await page.evaluate(() => performance.now());
  const frames = await page.evaluate(([a, b]) => window.__frames.filter((t) => t >= a - 50 && t <= b + 50), [from, to]);
  let gap = 0;
  for (let i = 1; i < frames.length; i++) gap = Math.max(gap, frames[i] - frames[i - 1]);
  console.log(`# scoring a paper MADE took ${(to - from).toFixed(0)} ms: ${frames.length} frames, longest gap ${gap.toFixed(0)} ms`);
  assert.match(scoring.scoring, /^Scoring the classifier on the 9,316 validation stars/);
  assert.ok(done.auc > 0 && done.auc <= 1, `AUC ${done.auc}`);
  assert.ok(frames.length >= 2, `only ${frames.length} animation frames while scoring for ${(to - from).toFixed(0)} ms`);
  // Generous for a loaded CI machine; scoring on the page's thread froze it for seconds.
  assert.ok(gap < 1000, `the page froze for ${gap.toFixed(0)} ms while scoring`);
});

test('a run trained with the Data view open keeps its whole batch-loss trace', async () => {
  const page = await site.context.newPage();
  await page.goto(new URL('#data=moons&layers=4&units=32&e0=150&e1=150&b0=100&b1=100&view=train', site.url).href);
  await waitForFlowlab(page, { until: 's.ready && s.dataset && s.dataset.features.length === 2' });
  await page.getByTestId('train-button').click();
  await page.getByTestId('view-data').click(); // before the workers' first report
  const st = await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 120_000 });
  assert.equal(st.view, 'data', 'the Data view was left');
  for (const [c, cs] of st.classes.entries()) {
    assert.ok(cs.step > 0, `class ${c} took no steps`);
    assert.ok(cs.trace >= 5, `class ${c}: ${cs.trace} trace points`);
    assert.ok(cs.traceFirst <= Math.max(1, 0.2 * cs.step), `class ${c}: the trace starts at step ${cs.traceFirst} of ${cs.step}`);
    assert.ok(cs.traceLast >= 0.8 * cs.step, `class ${c}: the trace ends at step ${cs.traceLast} of ${cs.step}`);
  }
  await page.close();
});

// goFiles lists the .go files under dir (relative to the repository).
async function goFiles(dir) {
  const out = [];
  for (const e of await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.go')) out.push(path.relative(ROOT, path.join(e.parentPath ?? e.path, e.name)));
  }
  return out;
}

test('the source tree has one owner per platform boundary', async () => {
  const web = await readdir(path.join(ROOT, 'web'));
  for (const pkg of ['app', 'browser', 'dataview', 'trainview', 'inspectview', 'classifyview']) {
    assert.ok(web.includes(pkg), `ls web does not name ${pkg}: ${web.join(' ')}`);
  }
  const webGo = await goFiles('web');
  const wasmGo = await goFiles('wasm');
  const stubs = webGo.filter((f) => f.endsWith('_other.go'));
  assert.ok(stubs.length <= 2, `${stubs.length} build-tag stubs in web/: ${stubs.join(', ')}`);
  const glue = webGo.filter((f) => f.endsWith('_js.go') && !f.startsWith('web/browser/') && path.dirname(f) !== 'web');
  assert.deepEqual(glue, [], 'browser glue outside web/browser and the shell');
  for (const f of [...webGo, ...wasmGo]) {
    const src = await readFile(path.join(ROOT, f), 'utf8');
    assert.ok(!/map\[\*(app\.)?App\]/.test(src), `${f} keeps view memory in a map[*App]`);
    if (f.startsWith('web/')) assert.ok(!src.includes('"flowlab/wasm/protocol"'), `${f} imports wasm/protocol`);
    if (f.startsWith('wasm/') && f.endsWith('_js.go') && !f.startsWith('wasm/jsbuf/')) {
      assert.ok(!/make\(chan protocol\.Message, \d+\)/.test(src) && !src.includes('"onmessage"'),
        `${f} has a worker endpoint of its own (use jsbuf.Endpoint)`);
    }
  }
  const session = await readFile(path.join(ROOT, 'wasm/client/session.go'), 'utf8');
  assert.ok(!/protocol\.(Score|Baseline|Evaluate)\{/.test(session), 'the Session sends scoring work to its training workers');
  const inspBase = await readFile(path.join(ROOT, 'web/inspectview/base.go'), 'utf8');
  assert.ok(inspBase.includes('BaseLogProb') && !inspBase.includes('Cholesky'), 'the inspector keeps a mixture density of its own');
});
