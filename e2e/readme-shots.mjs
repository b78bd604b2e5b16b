// Makes the README's screenshots (docs/screenshots/*.png) from a built site:
// `./build.sh build && node e2e/readme-shots.mjs`. Each is the top of one
// view at 1280×860, as a visitor first sees it.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { openSite, ROOT, waitForFlowlab } from './lib/browser.mjs';

const out = path.join(ROOT, 'docs', 'screenshots');
await mkdir(out, { recursive: true });
const site = await openSite({ viewport: { width: 1280, height: 860 } });
const { page } = site;
const snap = async (name) => page.screenshot({ path: path.join(out, `${name}.png`) });
// top brings an element to the top of the window.
const top = async (locator) => locator.first().evaluate((el) => el.scrollIntoView({ block: 'start' }));

await waitForFlowlab(page);
await page.getByTestId('view-data').click();
await page.locator('details.tour').evaluate((d) => { d.open = false; });
await top(page.getByText('Each feature, class by class'));
await snap('data');

await page.getByTestId('view-inspect').click();
await page.getByTestId('inspector-canvas').waitFor();
await page.waitForFunction(() => { const s = window.flowlabInspect?.stats(); return s && s.shownLevel === s.K; }, null, { timeout: 60000 });
await top(page.locator('.view-inspect h2'));
await snap('inspect');

await page.getByTestId('view-train').click();
await page.getByTestId('preset-select').selectOption('quick');
await page.getByTestId('train-button').click();
await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 120000 });
await top(page.getByTestId('progress-background'));
await snap('train');

await page.getByTestId('view-results').click();
await top(page.getByText('Choose the cut'));
await snap('classify');

await site.close();
console.log(`wrote ${out}/{data,inspect,train,classify}.png`);
