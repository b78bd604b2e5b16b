// Live inspector cost (issue 14): trains the same run (same seed, same
// settings) with the Train view shown and with the inspector following the
// flows live, in alternating order, and prints a table of the time from the
// Train click until both flows finished training, and the steps
// both flows took. `./build.sh build && node e2e/bench-live.mjs` (ROUNDS=3,
// ONLY=moons or ONLY=rrlyrae for one case).

import { openSite, waitForFlowlab } from './lib/browser.mjs';

const ROUNDS = Math.max(1, Number(process.env.ROUNDS || 3));
const CASES = [
  { name: 'two moons, quick, 150 epochs each', hash: '#data=moons', fields: { e0: '150', e1: '150' } },
  { name: 'RR Lyrae, quick preset', hash: '', fields: {} },
];

async function run(c, inspect) {
  const site = await openSite({ viewport: { width: 1280, height: 800 }, urlPath: c.hash });
  const { page } = site;
  try {
    await waitForFlowlab(page, { until: 's.ready && s.dataset' });
    await page.getByTestId('view-train').click();
    if (Object.keys(c.fields).length) {
      await page.getByTestId('more-settings').locator('summary').click();
      for (const [k, v] of Object.entries(c.fields)) await page.getByTestId(`field-${k}`).fill(v);
    }
    const t0 = Date.now();
    await page.getByTestId('train-button').click();
    if (inspect) await page.getByTestId('view-inspect').click();
    const s = await waitForFlowlab(page, { until: 's.classes && s.classes[0].done && s.classes[1].done', timeoutMs: 600000 });
    const seconds = (Date.now() - t0) / 1000;
    const scenes = inspect ? Number(await page.locator('[data-testid="inspector-canvas"]').evaluate((el) => el.dataset.scene).catch(() => 0)) : 0;
    const steps = s.classes[0].step + s.classes[1].step;
    return { seconds, steps, scenes };
  } finally {
    await site.close();
  }
}

// ONLY=moons (or rrlyrae) runs one case.
const only = process.env.ONLY;
const cases = CASES.filter((c) => !only || c.name.toLowerCase().replace(/\s/g, '').includes(only.toLowerCase()));

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const rows = [];
for (const c of cases) {
  const res = { train: [], inspect: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of r % 2 ? ['inspect', 'train'] : ['train', 'inspect']) {
      const x = await run(c, mode === 'inspect');
      res[mode].push(x);
      console.error(`${c.name} · ${mode} · round ${r + 1}: ${x.seconds.toFixed(1)} s, ${x.steps} steps, ${x.scenes} scenes drawn`);
    }
  }
  const t = median(res.train.map((x) => x.seconds)), i = median(res.inspect.map((x) => x.seconds));
  rows.push({ name: c.name, steps: res.train[0].steps, t, i, scenes: median(res.inspect.map((x) => x.scenes)) });
}
console.log('\n| run | steps (both flows) | Train view shown: s | inspector live: s | live / train | live scenes drawn |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.steps} | ${r.t.toFixed(1)} | ${r.i.toFixed(1)} | ${(r.i / r.t).toFixed(2)} | ${r.scenes} |`);
}
