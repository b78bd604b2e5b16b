// Flow Lab offline: registers the service worker (sw.js, next to index.html)
// once the page is usable, and shows the banner outside the app when a new
// version is ready: "A new version of Flow Lab is available — Reload" (and,
// for a few seconds, that the page now works offline, after the first visit).
// Clicking Reload lets the waiting version take over, then reloads; until
// then the page keeps running the version it loaded (nothing is mixed).
//
// window.flowlabOffline reports what happened, for people (the console) and
// tests: state is 'unsupported' (no service workers, e.g. some private
// windows: the page works as before, online only), 'installing', 'ready'
// (this page is served from the cache and works offline), 'update' (a new
// version waits for Reload) or 'failed' (error says why); version is the
// cached version once known. start() is called by boot.js.
(function () {
  'use strict';

  var CHECK_EVERY_MS = 30 * 60 * 1000; // a classroom tab stays open for hours

  var offline = {
    state: 'unsupported',
    version: '',
    error: '',
    start: function () {
      return start().catch(function (err) {
        offline.state = 'failed';
        offline.error = String(err && err.message ? err.message : err);
        console.warn('Flow Lab: offline support: ' + offline.error);
      });
    },
  };
  window.flowlabOffline = offline;

  function $(id) { return document.getElementById(id); }

  function showBanner(text, action) {
    var banner = $('update-banner');
    if (!banner) return;
    $('update-text').textContent = text;
    var button = $('update-reload');
    button.parentNode.hidden = !action;
    button.onclick = action || null;
    $('update-close').onclick = function () { banner.hidden = true; };
    banner.hidden = false;
  }

  function askVersion(worker) {
    if (!worker || typeof MessageChannel !== 'function') return;
    var ch = new MessageChannel();
    ch.port1.onmessage = function (ev) { offline.version = (ev.data && ev.data.version) || ''; };
    worker.postMessage({ type: 'version' }, [ch.port2]);
  }

  async function start() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    var sw = navigator.serviceWorker;
    var hadController = !!sw.controller;
    var reloading = false;
    offline.state = 'installing';

    function offerUpdate(waiting) {
      offline.state = 'update';
      showBanner('A new version of Flow Lab is available', function () {
        reloading = true;
        $('update-reload').disabled = true;
        if (waiting && waiting.state === 'installed') {
          waiting.postMessage({ type: 'skip-waiting' }); // controllerchange reloads
        } else {
          location.reload();
        }
      });
    }

    function follow(worker) {
      if (!worker) return;
      worker.addEventListener('statechange', function () {
        if (worker.state === 'installed' && sw.controller) offerUpdate(worker);
        if (worker.state === 'redundant' && offline.state === 'installing') {
          offline.state = 'failed';
          offline.error = 'the service worker could not cache the site (see the console); the page works online only';
        }
      });
    }

    sw.addEventListener('controllerchange', function () {
      if (reloading) {
        location.reload();
      } else if (hadController) {
        // Another tab took the new version: this one still runs the old.
        offerUpdate(null);
      } else {
        // The first version has cached the site and taken over this page.
        offline.state = 'ready';
        askVersion(sw.controller);
        showBanner('Flow Lab is now saved in this browser and works offline', null);
        setTimeout(function () {
          if (offline.state === 'ready') $('update-banner').hidden = true;
        }, 8000);
      }
    });

    var reg;
    try {
      // Relative to this page, so the scope is the page's own directory.
      reg = await sw.register('sw.js');
    } catch (err) {
      offline.state = 'failed';
      offline.error = 'service worker registration failed: ' + (err && err.message ? err.message : String(err));
      console.warn('Flow Lab: ' + offline.error + '; the page works online only');
      return;
    }
    if (!reg) { // registration refused quietly (some browsers' privacy modes)
      offline.state = 'unsupported';
      return;
    }
    if (sw.controller) {
      offline.state = 'ready';
      askVersion(sw.controller);
    }
    if (reg.waiting && sw.controller) offerUpdate(reg.waiting);
    // Look for a new version now, not only when the browser decides to.
    if (reg.active && !reg.installing && !reg.waiting) reg.update().catch(function () { /* offline */ });
    follow(reg.installing);
    reg.addEventListener('updatefound', function () { follow(reg.installing); });

    var lastCheck = Date.now();
    function check() {
      if (Date.now() - lastCheck < 60 * 1000) return;
      lastCheck = Date.now();
      reg.update().catch(function () { /* offline: try again later */ });
    }
    setInterval(check, CHECK_EVERY_MS);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') check();
    });
  }
})();
