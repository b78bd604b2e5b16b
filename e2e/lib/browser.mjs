// Shared harness for Flow Lab's browser tests: Debian's Chromium driven by
// playwright-core, our own static server (cmd/serve) on a free loopback port,
// and a watcher that turns console errors, uncaught exceptions, failed
// requests and any request leaving 127.0.0.1 into test failures.
//
// Typical use (one user journey per *.test.mjs file):
//
//   const site = await openSite();            // server + browser + watcher + page
//   const state = await waitForFlowlab(site.page);
//   ...assertions on site.page...
//   await shot(site.page, 'journey-step');    // e2e/screenshots/journey-step.png
//   assertNoIssues(site.issues);
//   await site.close();
//
// Tests wait on page state (window.flowlab, locators), never on time; the
// timeouts here only stop a hung test.

import { chromium } from 'playwright-core';
import { execFile, spawn } from 'node:child_process';
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The e2e/ directory. */
export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root. */
export const ROOT = path.resolve(E2E_DIR, '..');
/** The built site that ./build.sh writes. */
export const DIST = path.join(ROOT, 'dist');
/** Where shot() writes PNGs (git-ignored). */
export const SCREENSHOTS = path.join(E2E_DIR, 'screenshots');
/** The browser: Debian's chromium package, or $CHROMIUM. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** Chromium flags: no GPU, no sandbox (CI runs as root), no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** How close in time (ms) an aborted request and a worker's close must be for watch() to count the abort as the worker's. */
const WORKER_CLOSE_MS = 1000;

/** Hosts the page may contact; anything else is aborted and reported. */
export const LOCAL_HOSTS = ['127.0.0.1'];
/** Chromium flags that make every host but 127.0.0.1 unresolvable (for watch({ route: false })). */
export const ONLY_LOCAL_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

const run = promisify(execFile);
let serverBinary; // one `go build` of cmd/serve per test process

/**
 * buildServer compiles cmd/serve once per process into a temp dir and returns
 * the binary's path.
 */
export async function buildServer() {
  if (!serverBinary) {
    serverBinary = (async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'flowlab-serve-'));
      const bin = path.join(dir, 'serve');
      await run('go', ['build', '-o', bin, './cmd/serve'], { cwd: ROOT });
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      return bin;
    })();
  }
  return serverBinary;
}

/**
 * startServer serves `dir` (default dist/) with cmd/serve on a free
 * 127.0.0.1 port (or `port`, e.g. to restart a stopped server on its origin). Resolves to { url, port, log(), stop() }; url ends in "/".
 * log() returns what the server wrote to stderr (request lines with verbose).
 */
export async function startServer({ dir = DIST, verbose = false, timeoutMs = 60_000, port = 0 } = {}) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run ./build.sh first`);
  }
  const bin = await buildServer();
  const args = ['-dir', dir, '-addr', `127.0.0.1:${port}`];
  if (verbose) args.push('-v');
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s) => { stderr += s; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server printed no address within ${timeoutMs} ms: ${out}${stderr}`)), timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s) => {
      out += s;
      const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    log: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const STATIC_TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml', '.png': 'image/png',
};

/**
 * startStaticServer serves `dir` under the URL path `prefix` (e.g.
 * '/sub/flowlab/') as a plain static host would: files only, no compressed
 * twins, no caching headers, nothing outside the prefix. Resolves to
 * { url (of the prefix), requests (['GET /path 200'…]), stop() }.
 */
export async function startStaticServer({ dir = DIST, prefix = '/' } = {}) {
  const root = path.resolve(dir);
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let status = 404;
    try {
      if (req.method === 'GET' && url.pathname.startsWith(prefix)) {
        let rel = decodeURIComponent(url.pathname.slice(prefix.length));
        if (rel === '' || rel.endsWith('/')) rel += 'index.html';
        const file = path.resolve(root, rel);
        if (file.startsWith(root + path.sep) && (await stat(file)).isFile()) {
          status = 200;
          res.writeHead(200, { 'Content-Type': STATIC_TYPES[path.extname(file)] || 'application/octet-stream' });
          createReadStream(file).pipe(res);
        }
      }
    } catch {
      status = 404;
    }
    requests.push(`${req.method} ${url.pathname} ${status}`);
    if (status !== 200) res.writeHead(status).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    requests,
    stop: () => new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * launchBrowser starts Chromium with a fresh temporary profile. Service
 * workers are blocked unless serviceWorkers is 'allow': with one, the page
 * answers its requests from its cache, past the routes tests use to inject
 * faults; every journey then sees the first visit of a private window, and
 * e2e/offline.test.mjs the page with its service worker.
 * Resolves to { context, close() }; close() also deletes the profile.
 */
export async function launchBrowser({ headless = true, viewport = { width: 1280, height: 900 }, args = [], serviceWorkers = 'block' } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install it with apt-get install -y chromium (or set $CHROMIUM)`);
  }
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'flowlab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    args: [...(headless ? ['--headless'] : []), ...CHROMIUM_ARGS, ...args],
    viewport,
    serviceWorkers,
  });
  for (const page of context.pages()) pollStringPredicates(page);
  context.on('page', pollStringPredicates);
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * pollStringPredicates makes page.waitForFunction work under the page's
 * Content-Security-Policy, which has no 'unsafe-eval': playwright evaluates
 * a string predicate that is not true at once with eval inside the page,
 * which that policy refuses. A string predicate is made into a function by
 * the DevTools protocol's own evaluation (which the policy does not govern)
 * and that function is polled in the page as a function predicate, with the
 * same options and result. After a navigation it is made again in the new
 * page. Function predicates are untouched.
 */
function pollStringPredicates(page) {
  const original = page.waitForFunction.bind(page);
  page.waitForFunction = async (predicate, arg, options = {}) => {
    if (typeof predicate !== 'string') return original(predicate, arg, options);
    const timeout = options.timeout ?? 30_000;
    const deadline = Date.now() + timeout;
    for (;;) {
      const left = timeout > 0 ? Math.max(1, deadline - Date.now()) : 0;
      try {
        // In an object, so playwright does not call the function itself.
        const holder = await page.evaluateHandle(`({ f: () => (${predicate}) })`);
        const fn = await holder.getProperty('f');
        return await original((f) => f(), fn, { ...options, timeout: left });
      } catch (err) {
        const gone = /Execution context was destroyed|Cannot find context|navigat|disposed|adopt/i.test(String(err?.message));
        if (!gone || (timeout > 0 && Date.now() >= deadline)) throw err;
      }
    }
  };
}

/**
 * watch records everything that should fail a test, for the pages and
 * workers of `context`:
 *   consoleErrors    console.error (and browser-logged errors) from pages and workers
 *   pageErrors       uncaught exceptions
 *   failedRequests   network failures and HTTP statuses >= 400
 *   aborted          aborted requests, a problem only while the page still
 *                    shows the document that issued them and unless one of
 *                    its workers closed at that moment (terminated while it
 *                    loaded)
 *   externalRequests requests to hosts outside LOCAL_HOSTS (aborted)
 * Returns that object plus allow(regexp): a problem whose text matches an
 * allowed pattern is not recorded (for tests that provoke an error on purpose).
 *
 * route: false leaves requests alone (playwright's routing turns off the
 * HTTP cache and stands between the page and its service worker); launch
 * the browser with ONLY_LOCAL_ARGS instead, so other hosts do not resolve
 * and a request to one fails (a failed request).
 */
export async function watch(context, { hosts = LOCAL_HOSTS, route = true } = {}) {
  const allowed = [];
  const issues = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    externalRequests: [],
    allow(re) { allowed.push(re); },
  };
  const add = (list, text) => {
    if (!allowed.some((re) => re.test(text))) list.push(text);
  };
  const external = new Set();

  if (route) {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (hosts.includes(new URL(url).hostname)) return route.continue();
      external.add(url);
      add(issues.externalRequests, url);
      return route.abort('blockedbyclient');
    });
  }
  context.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.worker() ? `worker ${msg.worker().url()}` : `page ${msg.page()?.url() ?? ''}`;
    const loc = msg.location();
    add(issues.consoleErrors, `${where}: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  // weberror covers pages and their dedicated workers (checked with Chromium 156).
  context.on('weberror', (err) => add(issues.pageErrors, String(err.error()?.stack ?? err.error())));
  // A request the page issued before it navigated (a reload, a link, the
  // update banner's Reload) is aborted by the navigation: the visitor left,
  // nothing failed. Each page counts its main-frame navigations; an aborted
  // request is a problem only while its page still shows the document that
  // issued it, so the check runs when the problems are read (the abort and
  // the navigation's event come in either order).
  const navigations = new WeakMap();
  // Likewise a request of a worker the page terminates (a run the visitor
  // ended while its workers still loaded their scripts) ends with the
  // worker. Playwright ties a worker's requests to the page, not to the
  // worker, so an abort within WORKER_CLOSE_MS of one of the page's workers
  // closing is counted as that worker's.
  const workerCloses = new WeakMap();
  const watchPage = (page) => {
    navigations.set(page, 0);
    workerCloses.set(page, []);
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.set(page, navigations.get(page) + 1);
    });
    page.on('worker', (worker) => worker.on('close', () => workerCloses.get(page).push(Date.now())));
  };
  const nearWorkerClose = (page, at) => workerCloses.get(page).some((t) => Math.abs(t - at) <= WORKER_CLOSE_MS);
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  const pageOf = (req) => {
    try { return req.frame().page(); } catch { return null; } // a service worker's requests have no frame
  };
  const issuedIn = new WeakMap();
  context.on('request', (req) => {
    const page = pageOf(req);
    if (page && navigations.has(page)) issuedIn.set(req, { page, n: navigations.get(page) });
  });
  issues.aborted = [];
  context.on('requestfailed', (req) => {
    if (external.has(req.url())) return;
    const text = `${req.method()} ${req.url()}: ${req.failure()?.errorText ?? 'failed'}`;
    const from = issuedIn.get(req);
    if (req.failure()?.errorText === 'net::ERR_ABORTED' && from) {
      const allowedNow = allowed.some((re) => re.test(text));
      const at = Date.now();
      issues.aborted.push({ text, problem: () => !allowedNow && navigations.get(from.page) === from.n && !nearWorkerClose(from.page, at) });
      return;
    }
    add(issues.failedRequests, text);
  });
  context.on('response', (res) => {
    if (res.status() >= 400) add(issues.failedRequests, `${res.request().method()} ${res.url()}: HTTP ${res.status()}`);
  });
  return issues;
}

/** issueList returns every recorded problem as one list of lines. */
export function issueList(issues) {
  return [
    ...issues.consoleErrors.map((s) => `console error: ${s}`),
    ...issues.pageErrors.map((s) => `uncaught exception: ${s}`),
    ...issues.failedRequests.map((s) => `failed request: ${s}`),
    ...(issues.aborted ?? []).filter((a) => a.problem()).map((a) => `failed request: ${a.text}`),
    ...issues.externalRequests.map((s) => `request leaving 127.0.0.1 (blocked): ${s}`),
  ];
}

/** assertNoIssues throws, listing them all, if watch() recorded any problem. */
export function assertNoIssues(issues) {
  const list = issueList(issues);
  if (list.length > 0) {
    throw new Error(`the page had ${list.length} problem(s):\n  ${list.join('\n  ')}`);
  }
}

/**
 * openSite starts the server and the browser, watches the context, and opens
 * `urlPath` (default the root) in a page. Resolves to
 * { server, context, page, url, issues, close() }.
 */
export async function openSite({ urlPath = '', dir, verbose, headless, viewport } = {}) {
  const server = await startServer({ dir, verbose });
  let browser;
  try {
    browser = await launchBrowser({ headless, viewport });
    const { context } = browser;
    const issues = await watch(context);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(new URL(urlPath, server.url).href);
    return {
      server,
      context,
      page,
      url: server.url,
      issues,
      async close() {
        await browser.close();
        await server.stop();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.stop();
    throw err;
  }
}

/**
 * waitForFlowlab waits until window.flowlab reports ready (or `until` holds:
 * an expression in the state `s` such as 's.ready && s.epoch > 2', or a
 * function of it, which must not close over test variables) and returns the
 * state. It throws at once with the message if the page
 * reports an error or the loader shows one.
 */
export async function waitForFlowlab(page, { until = 's.ready', timeoutMs = 120_000 } = {}) {
  const test = typeof until === 'function' ? `(${until})(s)` : `(${until})`;
  // A string expression, polled by pollStringPredicates (the page's CSP forbids eval).
  const expr = `(() => {
    const bootError = document.getElementById('boot-error');
    if (bootError && !bootError.hidden) return { bootError: bootError.textContent };
    const s = window.flowlab;
    if (!s) return false;
    if (s.error) return { error: s.error };
    return ${test} ? { state: s } : false;
  })()`;
  const handle = await page.waitForFunction(expr, undefined, { timeout: timeoutMs, polling: 100 });
  const r = await handle.jsonValue();
  if (r.bootError) throw new Error(`the page failed to start: ${r.bootError}`);
  if (r.error) throw new Error(`the page reports an error: ${r.error}`);
  return r.state;
}

/**
 * shot saves a full-page PNG of `page` as e2e/screenshots/NAME.png and
 * returns its path. Look at the pictures: tests cannot judge a layout.
 */
export async function shot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
