// Journey (teacher's first minutes, item 3): on a 2-D teaching set no text
// speaks of the RR Lyrae colours or their class balance; on the bundled data
// it does, with the numbers computed from the data.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoIssues, openSite, waitForFlowlab } from './lib/browser.mjs';

let site;
before(async () => {
  // A small run, so that every view has its trained-classifier text.
  site = await openSite({ urlPath: '#data=moons&layers=2&hidden=1&units=16&e0=4&e1=4&b0=100&b1=100' });
});
after(async () => {
  await site?.close();
});

const RR_WORDS = /four colours|4-D space of colours|background stars for every RR Lyrae/;

test('a 2-D teaching set is described as itself, the bundled data as the paper\'s', async () => {
  const { page } = site;
  await waitForFlowlab(page, { until: 's.ready && s.dataset && s.dataset.features.length === 2' });
  let text = '';
  for (const view of ['data', 'train', 'results']) {
    await page.getByTestId(`view-${view}`).click();
    await waitForFlowlab(page, { until: `s.view === "${view}"` });
    text += await page.locator('main').innerText();
  }
  assert.doesNotMatch(text, RR_WORDS);
  // The tour folds away outside the Data view: read its text, open or not.
  assert.match(await page.getByTestId('tour').textContent(), /the plane \(2 features\)/);

  await page.getByTestId('view-data').click();
  await page.getByTestId('dataset-select').selectOption('rrlyrae');
  await waitForFlowlab(page, { until: 's.dataset && s.dataset.features.length === 4' });
  assert.match(await page.getByTestId('tour').textContent(), /4-D space of colours[\s\S]*about 192 background stars for every RR Lyrae[\s\S]*99\.5% correct/);
  assertNoIssues(site.issues);
});

// mainText is the text of the view in <main>, closed <details> included,
// without the menus (the dataset menu names the bundled RR Lyrae stars, the
// preset menu the paper's architectures: choices, not descriptions).
async function mainText(page) {
  return page.evaluate(() => {
    const m = document.querySelector('main').cloneNode(true);
    m.querySelectorAll('select').forEach((s) => s.remove());
    return m.textContent;
  });
}

test('after a run on two moons, no view calls its points stars, RR Lyrae or background, or cites the paper', async () => {
  const { page, url } = site;
  await page.goto(new URL('#data=moons&layers=2&hidden=1&units=16&e0=4&e1=4&b0=100&b1=100&view=train', url).href);
  await page.reload();
  await waitForFlowlab(page, { until: 's.ready && s.dataset && s.dataset.features.length === 2' });
  await page.getByTestId('train-button').click();
  await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 180_000 });
  const bad = /RR Lyrae|background|\bstars?\b|paper|<\/?(strong|sub)>/i;
  // The one pointer to the bundled data that the Data view keeps on purpose.
  const pointer = 'The bundled RR Lyrae stars are one choice away in the menu below.';
  for (const view of ['data', 'train', 'inspect', 'results']) {
    await page.getByTestId(`view-${view}`).click();
    await waitForFlowlab(page, { until: `s.view === "${view}"` });
    if (view === 'results') await page.getByTestId('roc-auc').waitFor();
    await page.waitForTimeout(300);
    const lines = (await mainText(page)).replace(pointer, '').split(/(?<=[.:])\s+|\n/).filter((l) => bad.test(l));
    assert.deepEqual(lines, [], `the ${view} view on two moons`);
  }
  assert.match(await page.locator('footer').innerText(), /Data: Two moons, a teaching set generated in this page/);
  assertNoIssues(site.issues);
});
