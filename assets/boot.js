// Flow Lab's loader: downloads app.wasm with a progress bar, starts it with
// Go's wasm_exec.js, and shows an error instead of a blank page when that
// fails. The Go side calls window.flowlabBoot.done() after its first render.
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };
  var bar = $('boot-progress');
  var text = $('boot-text');

  function mb(n) { return (n / 1e6).toFixed(1) + ' MB'; }

  var boot = {
    // progress is the last download report: bytes received and expected (0: unknown).
    progress: { received: 0, total: 0 },
    done: function () { $('boot').hidden = true; },
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
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      boot.fail('This browser does not support WebAssembly, which Flow Lab needs. A current Chrome, Firefox, Safari or Edge will work.');
      return;
    }
    if (typeof Go !== 'function') {
      boot.fail('wasm_exec.js did not load, so the Go runtime is missing. Reload the page; if that does not help, rebuild the site with ./build.sh.');
      return;
    }
    var meta = document.querySelector('meta[name="flowlab-app-wasm-bytes"]');
    var expected = Number(meta && meta.content) || 0;
    var bytes = await fetchWithProgress('app.wasm', expected);
    text.textContent = 'Starting the Flow Lab engine…';
    bar.removeAttribute('value');
    var go = new Go();
    var result = await WebAssembly.instantiate(bytes, go.importObject);
    var exitCode = 0;
    var exit = go.exit;
    go.exit = function (code) { exitCode = code; exit.call(go, code); };
    // The engine's SIMD modules (flow/kernels_js.go, flow/vec_js.go) work in
    // place on Go's memory, which Go cannot find by itself.
    window.flowlabGoMemory = result.instance.exports.mem;
    await go.run(result.instance); // resolves only when the Go program ends
    boot.fail('The Flow Lab engine stopped (exit code ' + exitCode + '). Reload the page to start again; the browser console may say more.');
  }

  start().catch(function (err) {
    boot.fail('Loading failed: ' + (err && err.message ? err.message : String(err)));
  });
})();
