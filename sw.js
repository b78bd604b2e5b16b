// Flow Lab's service worker: the whole site, precached under one version, so
// the page works offline after its first visit and never mixes two versions.
//
// build.sh fills in PRECACHE (cmd/precache): every file of the site with its
// SHA-256, and a version derived from that list. Installing fetches each
// file (or copies it from an older version's cache when its hash is the
// same), checks its hash, and stores it in the cache "flowlab-<version>";
// a file that does not match its hash fails the install, which the browser
// retries later, so a half-deployed site is never cached. Requests for
// listed files are answered from that cache only (cache-first, whatever the
// query string); everything else goes to the network untouched.
//
// The first version activates at once and takes control of the open page.
// A later version waits until the page asks it to take over (the visitor
// clicked "Reload" in the banner of assets/offline.js); activating deletes
// every other Flow Lab cache. The scope is the directory this file is
// served from, so the site works at / and under any subpath.
'use strict';

const PRECACHE = null;

const CACHE_PREFIX = 'flowlab-';
const CACHE = CACHE_PREFIX + PRECACHE.version;
const SCOPE = new URL(self.registration.scope);
const HASH_HEADER = 'X-Flowlab-Sha256';
const PARALLEL = 4; // files fetched at once while installing

// contentTypes: what the cached copies say they are (compileStreaming
// needs application/wasm; the rest keeps the browser from sniffing).
const contentTypes = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  wasm: 'application/wasm',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  svg: 'image/svg+xml',
  png: 'image/png',
};

function contentType(path) {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return contentTypes[ext] || 'application/octet-stream';
}

function urlOf(path) {
  return new URL(path, SCOPE).href;
}

function hex(buf) {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
}

// cachedCopy finds path's content with hash in any Flow Lab cache (this
// version's, from an interrupted install, or an older version's).
async function cachedCopy(path, hash) {
  const url = urlOf(path);
  const names = (await caches.keys()).filter((n) => n.startsWith(CACHE_PREFIX));
  names.sort((a, b) => (a === CACHE ? -1 : b === CACHE ? 1 : 0));
  for (const name of names) {
    const resp = await (await caches.open(name)).match(url);
    if (resp && resp.headers.get(HASH_HEADER) === hash) return { resp, name };
  }
  return null;
}

// download fetches path past the HTTP cache's freshness (a revalidation
// still lets it answer 304) and checks its hash.
async function download(path, hash) {
  let resp;
  try {
    resp = await fetch(urlOf(path), { cache: 'no-cache' });
  } catch (err) {
    throw new Error(path + ': ' + err.message);
  }
  if (!resp.ok) throw new Error(path + ': HTTP ' + resp.status + ' ' + resp.statusText);
  const body = await resp.arrayBuffer();
  const got = hex(await crypto.subtle.digest('SHA-256', body));
  if (got !== hash) {
    throw new Error(path + ': the server sent other content than version ' + PRECACHE.version +
      ' lists (a deployment in progress?); will retry');
  }
  return new Response(body, { headers: { 'Content-Type': contentType(path), [HASH_HEADER]: hash } });
}

async function precache() {
  const cache = await caches.open(CACHE);
  const todo = Object.entries(PRECACHE.files);
  const next = async () => {
    for (let item = todo.shift(); item; item = todo.shift()) {
      const [path, hash] = item;
      const copy = await cachedCopy(path, hash);
      if (copy && copy.name === CACHE) continue; // an interrupted install got it
      await cache.put(urlOf(path), copy ? copy.resp : await download(path, hash));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, next));
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    await precache();
    // The first version has nothing to mix with: take over at once.
    if (!self.registration.active) await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const old = (await caches.keys()).filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE);
    await Promise.all(old.map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const msg = event.data || {};
  if (msg.type === 'skip-waiting') {
    self.skipWaiting();
  } else if (msg.type === 'version' && event.ports[0]) {
    event.ports[0].postMessage({ version: PRECACHE.version, files: Object.keys(PRECACHE.files).length });
  }
});

// pathOf returns the site path a request URL names ("" for the scope itself
// means index.html), or null when it is outside the scope.
function pathOf(url) {
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  } catch {
    return null;
  }
  return path === '' ? 'index.html' : path;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const path = pathOf(new URL(req.url));
  if (path === null || !(path in PRECACHE.files)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(urlOf(path));
    // A miss happens only if the browser evicted the cache: the network.
    return hit || fetch(req);
  })());
});
