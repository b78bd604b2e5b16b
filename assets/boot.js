// Flow Lab's loader: downloads app.wasm with a progress bar, starts it with
// Go's wasm_exec.js, and shows an error instead of a blank page when that
// fails (and at once for a page opened as a file://). The Go side calls
// window.flowlabBoot.done() after its first render; then the service worker
// is registered (assets/offline.js) and the training workers' wasm compiled
// (assets/workers.js), after what the first view needs.
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };
  var bar = $('boot-progress');
  var text = $('boot-text');

  function mb(n) { return (n / 1e6).toFixed(1) + ' MB'; }

  var boot = {
    // progress is the last download report: bytes received and expected (0: unknown).
    progress: { received: 0, total: 0 },
    done: function () {
      mark('flowlab:first-render');
      $('boot').hidden = true;
      if (!started) {
        started = true;
        setTimeout(afterStart, 0);
      }
    },
    fail: function (message) {
      console.error('Flow Lab: ' + message);
      $('boot').hidden = false;
      bar.hidden = true;
      text.textContent = 'Flow Lab could not start.';
      var box = $('boot-error');
      box.textContent = message;
      box.hidden = false;
    },
  };
  window.flowlabBoot = boot;

  // mark records a moment of the start in the page's performance timeline
  // (e2e/bench-load.mjs reads them).
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }
  var started = false;

  // afterStart runs once the first view is up: what it fetches must not
  // compete with app.wasm and the data.
  function afterStart() {
    var offline = window.flowlabOffline;
    if (offline) offline.start();
    // A head start for the first run, once the page has been idle a moment
    // (a visitor who clicks Train sooner starts the compile by that click).
    var warm = function () {
      setTimeout(function () {
        var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 0); };
        idle(function () {
          if (window.flowlabWorkerModule) window.flowlabWorkerModule().catch(function () { /* retried per run */ });
        }, { timeout: 5000 });
      }, 2000);
    };
    var sw = navigator.serviceWorker;
    if (!sw || !window.isSecureContext || sw.controller) {
      warm();
    } else {
      // First visit: the service worker is downloading the site; compile
      // the workers' wasm from its cache once it takes over.
      sw.addEventListener('controllerchange', warm, { once: true });
      setTimeout(warm, 20000);
    }
  }

  // vugu's renderer evals its helper script when it starts. assets/
  // vugu-render.js is that same script (cmd/vuguscript copies it from the
  // vugu module at build time) and has already run, so the script, which
  // starts by returning when window.vuguRender exists, would do nothing:
  // vuguEval skips exactly that eval, so the page's CSP needs no
  // 'unsafe-eval'. It stands in for window.eval only while the Go program
  // starts (go.run runs main synchronously up to its first wait, and the
  // renderer is made first thing); anything else goes to the browser's
  // eval, which the CSP refuses.
  var VUGU_HELPER = '(function(){if(window.vuguRender)return;';
  var nativeEval = window.eval;
  function vuguEval(src) {
    if (window.vuguRender && typeof src === 'string' && src.indexOf(VUGU_HELPER) === 0 && src.slice(-4) === '})()') {
      return undefined;
    }
    return nativeEval(src);
  }

  function showProgress(received, total) {
    boot.progress = { received: received, total: total };
    if (total > 0) {
      bar.max = total;
      bar.value = Math.min(received, total);
      text.textContent = 'Downloading the Flow Lab engine: ' + mb(Math.min(received, total)) + ' of ' + mb(total) +
        ' (' + Math.floor(100 * Math.min(received, total) / total) + '%)';
    } else {
      bar.removeAttribute('value'); // indeterminate
      text.textContent = 'Downloading the Flow Lab engine: ' + mb(received);
    }
  }

  // fetchWithProgress returns the body of url as an ArrayBuffer, reporting
  // bytes received. total: the expected (decoded) size from build.sh, else
  // Content-Length when the body is not compressed (with gzip it counts the
  // compressed bytes while the reader sees decoded ones), else unknown (0).
  async function fetchWithProgress(url, expected) {
    var resp = await fetch(url);
    if (!resp.ok) {
      throw new Error(url + ': HTTP ' + resp.status + ' ' + resp.statusText);
    }
    var total = expected;
    var encoding = resp.headers.get('Content-Encoding');
    var length = Number(resp.headers.get('Content-Length'));
    if (!(total > 0) && (!encoding || encoding === 'identity') && length > 0) {
      total = length;
    }
    showProgress(0, total);
    if (!resp.body || typeof resp.body.getReader !== 'function') {
      var whole = await resp.arrayBuffer();
      showProgress(whole.byteLength, total);
      return whole;
    }
    var reader = resp.body.getReader();
    var chunks = [];
    var received = 0;
    for (;;) {
      var step = await reader.read();
      if (step.done) break;
      chunks.push(step.value);
      received += step.value.length;
      showProgress(received, total);
    }
    var out = new Uint8Array(received);
    var offset = 0;
    for (var i = 0; i < chunks.length; i++) {
      out.set(chunks[i], offset);
      offset += chunks[i].length;
    }
    return out.buffer;
  }

  async function start() {
    if (location.protocol === 'file:') {
      boot.fail('Flow Lab cannot run from a file on disk (a file:// address): browsers do not let such a page load its ' +
        'WebAssembly engine, data or workers. Serve the folder with any web server and open its http:// address, ' +
        'e.g. ./build.sh serve, or python3 -m http.server in the built dist/ folder, then http://127.0.0.1:8000/.');
      return;
    }
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      boot.fail('This browser does not support WebAssembly, which Flow Lab needs. A current Chrome, Firefox, Safari or Edge will work.');
      return;
    }
    if (typeof Go !== 'function') {
      boot.fail('wasm_exec.js did not load, so the Go runtime is missing. Reload the page; if that does not help, rebuild the site with ./build.sh.');
      return;
    }
    var go = new Go();
    var result;
    if (navigator.serviceWorker && navigator.serviceWorker.controller && WebAssembly.instantiateStreaming) {
      // Cached by the service worker: nothing to wait for, and compiling
      // straight from the cached response lets the browser keep the
      // compiled (optimised) code for the next visit, which a compile from
      // bytes never does.
      text.textContent = 'Starting the Flow Lab engine…';
      bar.removeAttribute('value');
      var resp = await fetch('app.wasm');
      if (!resp.ok) throw new Error('app.wasm: HTTP ' + resp.status + ' ' + resp.statusText);
      mark('flowlab:app-downloaded');
      result = await WebAssembly.instantiateStreaming(resp, go.importObject);
    } else {
      var meta = document.querySelector('meta[name="flowlab-app-wasm-bytes"]');
      var expected = Number(meta && meta.content) || 0;
      var bytes = await fetchWithProgress('app.wasm', expected);
      mark('flowlab:app-downloaded');
      text.textContent = 'Starting the Flow Lab engine…';
      bar.removeAttribute('value');
      result = await WebAssembly.instantiate(bytes, go.importObject);
    }
    mark('flowlab:app-compiled');
    var exitCode = 0;
    var exit = go.exit;
    go.exit = function (code) { exitCode = code; exit.call(go, code); };
    // The engine's SIMD modules (flow/kernels_js.go, flow/vec_js.go) work in
    // place on Go's memory, which Go cannot find by itself.
    window.flowlabGoMemory = result.instance.exports.mem;
    var running;
    window.eval = vuguEval;
    try {
      running = go.run(result.instance); // resolves only when the Go program ends
    } finally {
      window.eval = nativeEval;
    }
    await running;
    boot.fail('The Flow Lab engine stopped (exit code ' + exitCode + '). Reload the page to start again; the browser console may say more.');
  }

  start().catch(function (err) {
    boot.fail('Loading failed: ' + (err && err.message ? err.message : String(err)));
  });
})();
