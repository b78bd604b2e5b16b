// The problem watcher itself (lib/browser.mjs watch): a request a navigation
// cuts off is the visitor leaving, and a request of a worker the page
// terminates ended with the worker, not failures; a request the page aborts
// while it stays, or one that fails, is still reported.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launchBrowser, watch, issueList } from './lib/browser.mjs';

const PAGE = `<!doctype html><meta charset="utf-8"><title>watch</title>
<script>
  window.slow = (path) => fetch(path).catch(() => {});
  window.abortSlow = () => { const c = new AbortController(); const p = fetch('/slow?abort', { signal: c.signal }).catch(() => {}); setTimeout(() => c.abort(), 100); return p; };
  window.startWorker = () => { window.w = new Worker('/worker.js'); };
  window.stopWorker = () => window.w.terminate();
</script>`;
// A worker that loads a script the server never sends, as the page's
// workers load wasm_exec.js: terminating it cuts the request off.
const WORKER = `importScripts('/slow?worker');`;

let server;
let url;
const pending = new Set();

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url.startsWith('/slow')) {
      // Never answers until the test ends: the request is in flight when
      // the page navigates or aborts it.
      pending.add(res);
      return;
    }
    if (req.url === '/worker.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(WORKER);
      return;
    }
    if (req.url === '/missing') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/`;
});

after(async () => {
  for (const res of pending) res.destroy();
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
});

async function withPage(fn) {
  const browser = await launchBrowser();
  try {
    const { context } = browser;
    const issues = await watch(context);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url);
    await fn(page, issues);
  } finally {
    await browser.close();
  }
}

test('a request cut off by a reload is not a problem', async () => {
  await withPage(async (page, issues) => {
    const failed = new Promise((resolve) => page.once('requestfailed', resolve));
    await page.evaluate(() => { window.slow('/slow?reload'); });
    await page.waitForTimeout(200);
    await page.reload();
    await failed;
    assert.ok(issues.aborted.length >= 1, 'the reload aborted the request in flight');
    assert.deepEqual(issueList(issues), []);
  });
});

test('a request the page aborts while it stays is a problem, and so is a 404', async () => {
  await withPage(async (page, issues) => {
    const failed = new Promise((resolve) => page.once('requestfailed', resolve));
    await page.evaluate(() => window.abortSlow());
    await failed;
    await page.evaluate(() => window.slow('/missing'));
    const list = issueList(issues);
    // The 404 is reported twice: as a failed request and as the browser's
    // console error.
    assert.equal(list.length, 3, list.join('\n'));
    assert.ok(list.includes(`failed request: GET ${url}slow?abort: net::ERR_ABORTED`), list.join('\n'));
    assert.ok(list.includes(`failed request: GET ${url}missing: HTTP 404`), list.join('\n'));
    assert.match(issues.consoleErrors.join('\n'), /404/);
  });
});

test('a script request of a worker the page terminates is not a problem', async () => {
  await withPage(async (page, issues) => {
    const failed = new Promise((resolve) => page.context().once('requestfailed', resolve));
    const closed = new Promise((resolve) => page.once('worker', (w) => w.once('close', resolve)));
    await page.evaluate(() => window.startWorker());
    await page.waitForTimeout(300); // the worker is waiting for its script
    await page.evaluate(() => window.stopWorker());
    const [req] = await Promise.all([failed, closed]);
    assert.equal(req.url(), `${url}slow?worker`);
    assert.ok(issues.aborted.length >= 1, 'terminate aborted the worker\'s request');
    assert.deepEqual(issueList(issues), []);
  });
});
