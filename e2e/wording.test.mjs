// Journey (teacher's first minutes, item 3): on a 2-D teaching set no text
// speaks of the RR Lyrae colours or their class balance; on the bundled data
// it does, with the numbers computed from the data.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoIssues, openSite, waitForFlowlab } from './lib/browser.mjs';

let site;
before(async () => {
  site = await openSite({ urlPath: '#data=moons' });
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
