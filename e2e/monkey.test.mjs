// Monkey test (issue 11): a few hundred random but legal user actions with a
// fixed seed — view switches, dataset changes, uploads from a small hostile
// corpus made here, model imports (good, broken, sized to exhaust memory),
// train / pause / resume / step / stop / reset, settings, slider moves —
// and after each one: no uncaught error or console error, window.flowlab
// answers, the status and error lines are not an internal error, and the
// shown classifier has as many features as the data in use. Every few
// actions a view switch proves the Go program still renders.
//
// MONKEY_SEED and MONKEY_ACTIONS change the sequence and its length; a
// failure prints the seed and the actions that led to it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DIST, assertNoIssues, openSite, shot, waitForFlowlab } from './lib/browser.mjs';

const SEED = Number(process.env.MONKEY_SEED ?? 20261202);
const ACTIONS = Number(process.env.MONKEY_ACTIONS ?? 250);

// mulberry32: a small seeded generator, so a failing walk can be replayed.
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

// corpus is the hostile (and a few good) files the monkey uploads.
function corpus(rng) {
  const rows = (n, f) => Array.from({ length: n }, (_, i) => f(i));
  const num = () => (rng.next() * 4 - 2).toFixed(4);
  const junk = Buffer.alloc(3000);
  for (let i = 0; i < junk.length; i++) junk[i] = rng.int(256);
  const colours = (i) => [num(), num(), num(), num()];
  const files = [
    ['plane.csv', ['x1,x2,label', ...rows(400, (i) => `${num()},${num()},${i % 2}`)].join('\n')],
    ['long-name.csv', `${'a'.repeat(17000)},b,label\n1,2,0\n3,4,1\n`],
    ['long-names-ok.csv', [`${'colour_'.repeat(100)}1,${'colour_'.repeat(100)}2,label`, ...rows(300, (i) => `${num()},${num()},${i % 3 === 0 ? 1 : 0}`)].join('\n')],
    ['cr-only.tsv', ['x\ty\tlabel', ...rows(500, (i) => `${num()}\t${num()}\t${i % 2}`)].join('\r')],
    ['all-quoted.csv', ['"u_g","g_r","r_i","i_z","label"', ...rows(400, (i) => [...colours(i), i % 5 === 0 ? 1 : 0].map((v) => `"${v}"`).join(','))].join('\r\n')],
    ['european.csv', ['u_g;g_r;r_i;i_z;label', ...rows(400, (i) => [...colours(i).map((v) => v.replace('.', ',')), i % 4 === 0 ? 1 : 0].join(';'))].join('\n')],
    ['reordered-text-labels.csv', ['type,i_z,r_i,g_r,u_g', ...rows(400, (i) => [i % 6 === 0 ? 'RRLyrae' : 'star', ...colours(i)].join(','))].join('\n')],
    ['huge-values.csv', ['x1,x2,label', ...rows(300, (i) => `${i % 50 === 0 ? '1e200' : num()},${num()},${i % 2}`)].join('\n')],
    ['near-equal.csv', ['a,b,label', ...rows(300, (i) => `${num()},${i % 2 ? '0.3' : '0.30000000000000004'},${i % 3 === 0 ? 1 : 0}`)].join('\n')],
    ['empty.csv', ''],
    ['junk.bin', junk],
    ['pandas-index.csv', [',a,b,label', ...rows(300, (i) => `${i},${num()},${num()},${i % 2}`)].join('\n')],
    ['one-class.csv', ['a,b,label', ...rows(50, () => `${num()},${num()},0`)].join('\n')],
  ];
  return files.map(([name, content]) => ({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) }));
}

// models is the classifiers the monkey imports: the pretrained one, an
// ensemble made of it (each class's flow twice), a truncated copy, and one
// whose config asks for gigabytes.
function models() {
  const good = readFileSync(path.join(DIST, 'pretrained', 'quick-made.json'), 'utf8');
  const huge = JSON.parse(good);
  const ensemble = JSON.parse(good);
  for (const cls of ['background', 'rrlyrae']) {
    Object.assign(huge[cls].config, { layers: 64, hidden: 16, units: 4096, dim: 64 });
    huge[cls].params = [];
    ensemble[cls].members = [JSON.parse(JSON.stringify(ensemble[cls]))];
  }
  return [
    { name: 'pretrained.json', mimeType: 'application/json', buffer: Buffer.from(good) },
    { name: 'ensemble.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(ensemble)) },
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(good.slice(0, good.length / 2)) },
    { name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(huge)) },
  ];
}

// typed is what the monkey types into the training settings: good values
// kept small (so runs end during the walk) and ones the page must refuse.
const typed = {
  ens: ['1', '2', '3', '0', '9', 'two', '', '2.5'],
  layers: ['2', '4', '0', '999', '-3', 'x'],
  units: ['8', '16', '0', '1e9'],
  e0: ['1', '2', '0', '-1', 'NaN'],
  e1: ['2', '4', '1e99', ' 3 '],
  seed: ['7', '123456', '-5', '0x10', ''],
};

let site;
before(async () => {
  // Short runs, so that trainings end (and are judged) during the walk.
  site = await openSite({ urlPath: '#view=data&e0=2&e1=4' });
});
after(async () => {
  await site?.close();
});

// deadline rejects with message when promise has not settled within ms.
function deadline(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// state returns window.flowlab, failing if the page does not answer.
async function state(page) {
  const s = await deadline(
    page.evaluate(() => window.flowlab && JSON.parse(JSON.stringify(window.flowlab))),
    20000, 'window.flowlab did not answer within 20 s');
  assert.ok(s, 'window.flowlab is gone');
  return s;
}

// visible reports whether the element of a test id is shown and enabled.
// An element the page removes between the checks (a run ended, new data
// arrived) is not usable: that is no failure.
async function usable(page, id) {
  const el = page.getByTestId(id).first();
  try {
    return (await el.count()) > 0 && (await el.isVisible()) && (await el.isEnabled({ timeout: 2000 }));
  } catch (err) {
    if (err.name === 'TimeoutError') return false;
    throw err;
  }
}

async function view(page, name) {
  await page.getByTestId(`view-${name}`).click();
}

test(`a monkey's ${ACTIONS} random actions (seed ${SEED}) never stop the page or show a wrong classifier`, { timeout: 900_000 }, async () => {
  const { page, issues } = site;
  const rng = generator(SEED);
  const files = corpus(rng);
  const imports = models();
  await waitForFlowlab(page);
  await page.waitForFunction(() => window.flowlab.flows !== '', undefined, { timeout: 60000 }); // the pretrained pair

  const click = async (id) => {
    if (!(await usable(page, id))) return;
    try {
      await page.getByTestId(id).first().click({ timeout: 20000 });
    } catch (err) {
      // The button may have been disabled or removed between the check and
      // the click (a run ended): that is no failure; a live button that
      // cannot be clicked is.
      if (err.name === 'TimeoutError' && !(await usable(page, id))) return;
      throw err;
    }
  };
  // type fills a text field and leaves it (Tab), as a visitor does; a
  // field removed meanwhile is skipped like a button in click.
  const type = async (id, value) => {
    if (!(await usable(page, id))) return false;
    try {
      await page.getByTestId(id).first().fill(value, { timeout: 20000 });
      await page.getByTestId(id).first().press('Tab', { timeout: 20000 });
    } catch (err) {
      if (err.name === 'TimeoutError' && !(await usable(page, id))) return false;
      throw err;
    }
    return true;
  };
  const select = async (id, pickValue) => {
    if (!(await usable(page, id))) return;
    const values = await page.getByTestId(id).first().locator('option').evaluateAll((os) => os.map((o) => o.value));
    if (!values.length) return undefined;
    const value = pickValue ? pickValue(values) : rng.pick(values);
    await page.getByTestId(id).first().selectOption(value, { timeout: 20000 });
    return `${id}=${value}`;
  };
  const slide = async (id) => {
    if (!(await usable(page, id))) return;
    await page.getByTestId(id).first().evaluate((el, f) => {
      const lo = Number(el.min || 0), hi = Number(el.max || 100);
      el.value = String(lo + f * (hi - lo));
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, rng.next());
  };
  const actions = [
    [6, 'view', async () => { const v = rng.pick(['data', 'train', 'inspect', 'results']); await view(page, v); return v; }],
    [4, 'dataset', async () => { await view(page, 'data'); let v; await select('dataset-select', (vs) => (v = rng.pick(vs.filter((x) => x !== 'upload')))); return v; }],
    [4, 'upload', async () => {
      const f = rng.pick(files);
      await view(page, 'data');
      await page.getByTestId('dataset-select').selectOption('upload');
      await page.getByTestId('upload-input').setInputFiles(f, { timeout: 20000 });
      return f.name;
    }],
    [2, 'columns', async () => {
      await view(page, 'data');
      if (rng.next() < 0.5) await select('label-select');
      else await select('signal-select');
      await click('apply-columns');
    }],
    [2, 'import', async () => {
      const f = rng.pick(imports);
      await view(page, 'results');
      await page.getByTestId('import-model').setInputFiles(f, { timeout: 20000 });
      return f.name;
    }],
    [5, 'train', async () => { await view(page, 'train'); await click('train-button'); }],
    [2, 'confirm', async () => { const id = rng.next() < 0.5 ? 'confirm-discard' : 'confirm-keep'; await click(id); return id; }],
    [3, 'pause', async () => { await click('pause-button'); }],
    [2, 'resume', async () => { await click('resume-button'); }],
    [2, 'step', async () => { await click('step-button'); }],
    [3, 'stop', async () => { await click('stop-button'); }],
    [2, 'reset', async () => { await click('reset-button'); }],
    [2, 'settings', async () => { await view(page, 'train'); return select(rng.pick(['preset-select', 'model-select'])); }],
    [3, 'field', async () => {
      await view(page, 'train');
      const more = page.getByTestId('more-settings');
      if ((await more.count()) > 0 && !(await more.evaluate((el) => el.open, undefined, { timeout: 20000 }))) await more.locator('summary').click({ timeout: 20000 });
      const key = rng.pick(Object.keys(typed));
      const value = rng.pick(typed[key]);
      return `${key}=${JSON.stringify(value)}${(await type(`field-${key}`, value)) ? '' : ' (not shown)'}`;
    }],
    [2, 'seeds', async () => {
      await view(page, 'train');
      await type('seeds-count', String(2 + rng.int(2)));
      await click('seeds-run');
    }],
    [1, 'cancel seeds', async () => { await click('seeds-cancel'); }],
    [3, 'cut', async () => { await view(page, 'results'); await slide('cut-slider'); }],
    [3, 'layer', async () => { await view(page, 'inspect'); await slide('layer-slider'); }],
    [1, 'dismiss', async () => { await click('dismiss-error'); }],
  ];
  const total = actions.reduce((n, [w]) => n + w, 0);
  const choose = () => {
    let r = rng.next() * total;
    for (const a of actions) if ((r -= a[0]) < 0) return a;
    return actions[0];
  };

  const log = [];
  const start = Date.now();
  let failedRuns = 0, uploads = 0, finishedRuns = 0;
  for (let i = 0; i < ACTIONS; i++) {
    const [, name, act] = choose();
    let detail;
    try {
      const t0 = Date.now();
      // An action that does not end within a minute means the page's
      // thread is stuck (playwright's evaluate has no timeout of its own).
      detail = await deadline(act(), 60000, 'the action did not end within 60 s: the page does not answer');
      log.push(`${i}: ${name}${detail ? ` ${detail}` : ''} (${Date.now() - t0} ms)`);
      await page.waitForTimeout(rng.int(60));
      const s = await state(page);
      if (i % 25 === 24) {
        // Prove the program still renders: a view switch reaches window.flowlab.
        const v = s.view === 'data' ? 'results' : 'data';
        await view(page, v);
        await page.waitForFunction((w) => window.flowlab.view === w, v, { timeout: 20000 });
      }
      assertNoIssues(issues);
      assert.doesNotMatch(s.status, /internal error/i, 'status');
      assert.doesNotMatch(s.error, /internal error|Go program has already exited/i, 'error');
      if (s.flowDim > 0) {
        assert.ok(s.dataset, 'a classifier is shown without data');
        assert.equal(s.flowDim, s.dataset.features.length, `the shown classifier (${s.flows}) has ${s.flowDim} features, the data ${s.dataset.features.length}`);
      }
      if (name === 'upload') uploads++;
      finishedRuns = s.runs;
      if (s.failed) failedRuns++;
    } catch (err) {
      await shot(page, 'monkey-failure').catch(() => {});
      err.message = `seed ${SEED}, action ${i} (${name}${detail ? ` ${detail}` : ''}): ${err.message}\nlast actions:\n  ${log.slice(-15).join('\n  ')}`;
      throw err;
    }
  }
  // The walk did exercise the page: files were read and runs finished.
  if (process.env.MONKEY_VERBOSE) console.log(log.join('\n'));
  assert.ok(uploads >= ACTIONS / 30, `${uploads} uploads`);
  assert.ok(finishedRuns > 0, 'no run finished during the walk');
  console.log(`monkey: ${ACTIONS} actions in ${((Date.now() - start) / 1000).toFixed(1)} s, ${uploads} uploads, ${finishedRuns} runs ended (last failed: ${failedRuns > 0})`);
  // Still alive and usable at the end: back on the bundled data, the pretrained classifier.
  await view(page, 'data');
  await page.getByTestId('dataset-select').selectOption('rrlyrae');
  const s = await waitForFlowlab(page, { until: 's.dataset && s.dataset.features.length === 4', timeoutMs: 30000 }).catch(async () => state(page));
  assert.equal(s.dataset.features.length, 4);
  assertNoIssues(issues);
});
