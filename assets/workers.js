// Flow Lab's training workers start from what the page already has: the
// worker's wasm (worker.wasm) is downloaded and compiled once per page, and
// the compiled WebAssembly.Module is posted to every worker of every run, so
// a second run, or a run offline, starts without a download. Its bootstrap
// scripts (worker.js, wasm_exec.js) come from the service worker's cache
// when there is one (assets/offline.js).
//
//   flowlabStartWorker(url)  starts a Worker at url (worker.js) and posts it
//                            the module, or why there is none; wasm/client
//                            calls it for every training worker
//   flowlabWorkerModule()    the compile, started early by boot.js once the
//                            page is usable; a failure is retried next time
(function () {
  'use strict';

  var compiled = null; // Promise<WebAssembly.Module>, null until asked or after a failure

  async function compile() {
    var url = new URL('worker.wasm', document.baseURI).href;
    var resp;
    try {
      resp = await fetch(url);
    } catch (err) {
      throw new Error('could not download the training engine (worker.wasm): ' +
        (navigator.onLine === false ? 'this browser is offline' : 'the network request failed') +
        ' (' + (err && err.message ? err.message : String(err)) + ')');
    }
    if (!resp.ok) {
      throw new Error('could not download the training engine (worker.wasm): HTTP ' + resp.status + ' ' + resp.statusText);
    }
    try {
      var type = resp.headers.get('Content-Type') || '';
      if (typeof WebAssembly.compileStreaming === 'function' && type.indexOf('application/wasm') === 0) {
        return await WebAssembly.compileStreaming(resp);
      }
      return await WebAssembly.compile(await resp.arrayBuffer());
    } catch (err) {
      throw new Error('the training engine (worker.wasm) did not compile: ' + (err && err.message ? err.message : String(err)));
    }
  }

  function workerModule() {
    if (!compiled) {
      compiled = compile();
      compiled.catch(function () { compiled = null; });
    }
    return compiled;
  }

  window.flowlabWorkerModule = workerModule;

  // The "#module" fragment tells worker.js to wait for the posted module
  // instead of downloading worker.wasm itself; helpers it starts inherit it.
  window.flowlabStartWorker = function (url) {
    var w = new Worker(url + '#module');
    workerModule().then(
      function (module) { w.postMessage({ flowlabModule: module }); },
      function (err) { w.postMessage({ flowlabModuleError: err.message }); }
    );
    return w;
  };
})();
