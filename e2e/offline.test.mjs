// Journey (issue 12): a teacher opens Flow Lab once on the school wifi, then
// the network goes. The page reloads from its service worker's cache, trains
// the quick preset, and the inspector and the Classify view work, all
// offline. Back online, a new deployment shows "A new version of Flow Lab is
// available — Reload" and Reload switches to it. The same site under a
// subpath of a plain static server passes the basic journey, and a page
// opened as a file says why it cannot run.
//
// No playwright routing here (it turns off the HTTP cache and stands between
// the page and its service worker); other hosts are unresolvable instead
// (ONLY_LOCAL_ARGS), so a request to one is a failed request.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  DIST, ONLY_LOCAL_ARGS, ROOT, assertNoIssues, launchBrowser, shot, startServer, startStaticServer,
  waitForFlowlab, watch,
} from './lib/browser.mjs';

const run = promisify(execFile);

// precached reads the version and file list build.sh wrote into a site's sw.js.
async function precached(dir) {
  const src = await readFile(path.join(dir, 'sw.js'), 'utf8');
  const m = /^const PRECACHE = (.*);$/m.exec(src);
  assert.ok(m, 'sw.js has no PRECACHE line');
  return JSON.parse(m[1]);
}

// waitOffline waits until the page is controlled by its service worker with
// the whole site cached, and returns window.flowlabOffline.
async function waitOffline(page, until = 'o.state === "ready" && o.version !== ""') {
  const handle = await page.waitForFunction(`(() => {
    const o = window.flowlabOffline;
    if (!o) return false;
    if (o.state === 'failed') return { failed: o.error };
    return navigator.serviceWorker.controller && (${until}) ? { o: { state: o.state, version: o.version } } : false;
  })()`, undefined, { timeout: 120_000, polling: 100 });
  const r = await handle.jsonValue();
  if (r.failed) throw new Error(`the service worker failed: ${r.failed}`);
  return r.o;
}

// trainQuick trains the quick Real NVP preset and waits for the metrics.
async function trainQuick(page) {
  await page.getByTestId('view-train').click();
  await page.getByTestId('model-select').selectOption('realnvp');
  await page.getByTestId('preset-select').selectOption('quick');
  await page.getByTestId('train-button').click();
  const st = await waitForFlowlab(page, { until: 's.phase === "done"', timeoutMs: 180_000 });
  await page.getByTestId('metrics-table').waitFor();
  return st;
}

// requests returns the request paths in cmd/serve's verbose log.
function requests(server) {
  return server.log().split('\n').map((l) => /"?(GET|HEAD) (\S+) (\d+)/.exec(l)).filter(Boolean).map((m) => `${m[2]} ${m[3]}`);
}

let site; // { dir, server, browser, context, page, issues }

before(async () => {
  // A copy of the build, so that the update test can deploy a new version.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flowlab-offline-'));
  await run('cp', ['-a', `${DIST}/.`, dir]);
  const server = await startServer({ dir, verbose: true });
  const browser = await launchBrowser({ args: ONLY_LOCAL_ARGS, serviceWorkers: 'allow' });
  const { context } = browser;
  const issues = await watch(context, { route: false });
  const page = context.pages()[0] ?? (await context.newPage());
  site = { dir, server, browser, context, page, issues };
});

after(async () => {
  await site?.browser.close();
  await site?.server.stop();
  if (site) await rm(site.dir, { recursive: true, force: true });
});

test('after one visit the page reloads, trains, inspects and classifies offline', async () => {
  const { page, context, server, dir, issues } = site;
  const manifest = await precached(dir);
  await page.goto(server.url);
  await waitForFlowlab(page, { until: 's.ready && s.flows !== ""' });
  const off = await waitOffline(page);
  assert.equal(off.version, manifest.version);

  const cache = await page.evaluate(async () => {
    const names = await caches.keys();
    const entries = names.length ? await (await caches.open(names[0])).keys() : [];
    return { names, urls: entries.map((r) => r.url) };
  });
  assert.deepEqual(cache.names, [`flowlab-${manifest.version}`]);
  assert.equal(cache.urls.length, Object.keys(manifest.files).length, 'every listed file is cached');

  // Installable: Chromium finds the manifest and its icons acceptable.
  const cdp = await context.newCDPSession(page);
  const app = await cdp.send('Page.getAppManifest');
  assert.deepEqual(app.errors, [], `manifest errors: ${JSON.stringify(app.errors)}`);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], `not installable: ${JSON.stringify(installabilityErrors)}`);

  // Two runs online: neither fetches the workers' wasm again. On this first
  // visit it was fetched by the page (compiled once at load, for scoring
  // the pretrained classifier in a worker, before the service worker
  // controls the page) and by the service worker's precache: at most twice.
  const wasmRequests = () => requests(server).filter((r) => r.startsWith('/worker.wasm ')).length;
  const beforeRuns = wasmRequests();
  await trainQuick(page);
  await trainQuick(page);
  const seen = requests(server);
  assert.ok(beforeRuns >= 1 && beforeRuns <= 2, `worker.wasm requests before training: ${seen.join(', ')}`);
  assert.equal(wasmRequests(), beforeRuns, `the training runs fetched worker.wasm again: ${seen.join(', ')}`);

  // Offline: the browser is told so, and the server is gone (playwright's
  // offline mode does not cover the browser's own service worker update
  // checks).
  const { port } = server;
  await server.stop();
  await context.setOffline(true);
  await page.reload();
  await waitForFlowlab(page, { until: 's.ready && s.flows !== ""' });
  await waitOffline(page);
  const st = await trainQuick(page);
  assert.ok(st.auc > 0.95, `offline run: ROC AUC ${st.auc}`);
  assert.match(await page.getByTestId('status').innerText(), /Training finished/);

  await page.getByTestId('view-inspect').click();
  await page.waitForFunction(`(() => { const c = document.querySelector('[data-testid="inspector-canvas"]'); return c && c.dataset.k !== undefined; })()`, undefined, { timeout: 60_000 });

  await page.getByTestId('view-results').click();
  const auc = Number(await page.getByTestId('roc-auc').innerText());
  assert.ok(auc > 0.95, `Classify view ROC AUC ${auc}`);
  await shot(page, 'offline-classify');
  await context.setOffline(false);
  site.server = await startServer({ dir, verbose: true, port });
  assertNoIssues(issues);
});

test('a new deployment shows the update banner, and Reload switches to it', async () => {
  const { page, server, dir, issues } = site;
  const old = await precached(dir);
  await page.goto(server.url);
  await waitOffline(page);

  // Deploy: one stylesheet changes; the service worker lists the new content.
  await appendFile(path.join(dir, 'assets/style.css'), '\n/* deployment 2 */\n');
  await run('go', ['run', './cmd/precache', '-dir', dir, '-template', 'sw.js', '-o', path.join(dir, 'sw.js')], { cwd: ROOT });
  const next = await precached(dir);
  assert.notEqual(next.version, old.version);
  const since = requests(server).length;

  // The next visit finds the new version, which waits for the visitor.
  await page.reload();
  await waitForFlowlab(page);
  const banner = page.locator('#update-banner');
  try {
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
  } catch (err) {
    const reg = await page.evaluate(`navigator.serviceWorker.getRegistration().then((r) => JSON.stringify({ active: r.active && r.active.state, waiting: r.waiting && r.waiting.state, installing: r.installing && r.installing.state, off: window.flowlabOffline }))`);
    throw new Error(`${err.message}\nregistration: ${reg}\nrequests since the deployment: ${requests(server).slice(since).join(', ')}`);
  }
  assert.match(await banner.innerText(), /A new version of Flow Lab is available\s*—\s*Reload/);
  assert.equal((await waitOffline(page, 'o.state === "update"')).version, old.version, 'the page still runs the version it loaded');
  await shot(page, 'offline-update-banner');

  // Installing it fetched only what changed; the rest came from the old cache.
  const fetched = new Set(requests(server).slice(since).map((r) => r.split(' ')[0]));
  assert.ok(fetched.has('/assets/style.css'), `the changed file was not fetched: ${[...fetched]}`);
  const unexpected = [...fetched].filter((p) => !['/sw.js', '/assets/style.css'].includes(p));
  assert.deepEqual(unexpected, [], 'unchanged files were downloaded again');

  await Promise.all([page.waitForEvent('load'), page.locator('#update-reload').click()]);
  await waitForFlowlab(page);
  const now = await waitOffline(page, `o.version === ${JSON.stringify(next.version)}`);
  assert.equal(now.state, 'ready');
  assert.equal(await page.locator('#update-banner').isVisible(), false);
  const after = await page.evaluate(async () => ({
    names: await caches.keys(),
    css: await (await fetch('assets/style.css')).text(),
  }));
  assert.deepEqual(after.names, [`flowlab-${next.version}`], 'the old cache is removed');
  assert.match(after.css, /deployment 2/);
  assertNoIssues(issues);
});

test('under a subpath of a plain static server the page works, online and offline', async () => {
  const server = await startStaticServer({ dir: DIST, prefix: '/sub/flowlab/' });
  const browser = await launchBrowser({ args: ONLY_LOCAL_ARGS, serviceWorkers: 'allow' });
  try {
    const { context } = browser;
    const issues = await watch(context, { route: false });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(server.url);
    await waitForFlowlab(page, { until: 's.ready && s.flows !== ""' });
    await waitOffline(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope);
    assert.equal(scope, server.url);
    const st = await trainQuick(page);
    assert.ok(st.auc > 0.95, `ROC AUC ${st.auc}`);

    await server.stop();
    await context.setOffline(true);
    await page.reload();
    await waitForFlowlab(page, { until: 's.ready && s.flows !== ""' });
    await context.setOffline(false);

    const outside = server.requests.filter((r) => !r.split(' ')[1].startsWith('/sub/flowlab/'));
    assert.deepEqual(outside, [], 'requests outside the subpath');
    assert.deepEqual(server.requests.filter((r) => !r.endsWith(' 200')), [], 'failed requests');
    assertNoIssues(issues);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('a page opened from a file:// address says why it cannot run', async () => {
  const browser = await launchBrowser({ args: ONLY_LOCAL_ARGS, serviceWorkers: 'allow' });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`file://${DIST}/index.html`);
    const box = page.locator('#boot-error');
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    const text = await box.innerText();
    assert.match(text, /file:\/\//);
    assert.match(text, /web server/);
  } finally {
    await browser.close();
  }
});
