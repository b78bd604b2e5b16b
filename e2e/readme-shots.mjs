// Makes the README's screenshots (docs/screenshots/*.png) from a built site:
// `./build.sh build && node e2e/readme-shots.mjs`. Each is the first screen
// of one view as a visitor sees it, at 1280×800 (data, train, inspect,
// classify .png) and at phone width, 390×844 (phone-*.png).

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { openSite, ROOT, waitForFlowlab } from './lib/browser.mjs';

const out = path.join(ROOT, 'docs', 'screenshots');
await mkdir(out, { recursive: true });

async function shots(width, height, prefix) {
  const site = await openSite({ viewport: { width, height } });
  const { page } = site;
  const snap = async (name) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(out, `${prefix}${name}.png`) });
  };
  await waitForFlowlab(page, { until: 's.ready && s.flows' });
  await page.getByTestId('view-data').click();
  await page.getByTestId('data-glance-canvas').waitFor();
  await snap('data');

  await page.getByTestId('view-inspect').click();
  await page.getByTestId('inspector-canvas').waitFor();
  await page.waitForFunction(() => { const s = window.flowlabInspect?.stats(); return s && s.shownLevel === s.K; }, null, { timeout: 60000 });
  await snap('inspect');

  await page.getByTestId('view-train').click();
  await page.getByTestId('preset-select').selectOption('quick');
  await page.getByTestId('train-button').click();
  await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 180000 });
  await snap('train');

  await page.getByTestId('view-results').click();
  await page.getByTestId('table3').waitFor();
  await snap('classify');
  await site.close();
}

await shots(1280, 800, '');
await shots(390, 844, 'phone-');
console.log(`wrote ${out}/{,phone-}{data,train,inspect,classify}.png`);
