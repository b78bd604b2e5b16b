// Flow Lab flow inspector: animates points through a flow's layers on a
// canvas. Go (web/inspector*.go) hands over a scene once — every level's
// positions as one Float32Array, colours, a faint reference cloud, 2-D
// density grids — and then only says which level to show or to play to.
// Every frame is drawn here from those typed arrays, with no Go work and no
// DOM re-render per frame. Events go back to Go through one callback:
// onEvent(kind, value) with kind "level" (an integer level was reached),
// "play" (1 started, 0 stopped) or "pick" (index of the clicked star, −1 none).
'use strict';
(function () {
  const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  const SMALL = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  const INK = '#1d2327';
  const MUTED = '#4f5a62';
  const FRAME = '#9a968b';
  const GRID = 'rgba(0,0,0,0.06)';
  const PANEL_BG = '#fbfaf7';
  const GHOST_RGB = [10, 10, 10]; // the reference stars' core
  const RIM_RGB = [255, 255, 255]; // and their rim
  const STEP_MS = 900; // one layer at speed 1
  const SEEK_MS = 380; // a slider move
  const HEAT_RANGE = 7; // nats of log-density shown below each level's peak

  const stages = new Map(); // host element → stage
  let active = null; // the stage that last received a scene

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  function ease(u) {
    return u <= 0 ? 0 : u >= 1 ? 1 : u * u * (3 - 2 * u);
  }

  // niceTicks returns about n round values covering [lo, hi].
  function niceTicks(lo, hi, n) {
    if (!(hi > lo)) return [lo];
    const raw = (hi - lo) / n;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const m = raw / p;
    const step = (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * p;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return out;
  }

  function tickLabel(v, step) {
    const d = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
    return v.toFixed(d).replace('-', '−');
  }

  // newStage makes the canvas inside host. vugu owns host and re-renders
  // its attributes, but leaves alone a child it did not create, so the
  // canvas keeps the size and data attributes set here.
  function newStage(host) {
    const canvas = document.createElement('canvas');
    canvas.className = 'insp-canvas';
    canvas.dataset.testid = 'inspector-canvas';
    canvas.setAttribute('aria-hidden', 'true');
    canvas.dataset.playing = '0';
    host.appendChild(canvas);
    const st = {
      host,
      canvas,
      onEvent: null,
      scene: null,
      view: { mode: 'matrix', px: 0, py: 1, follow: true, heat: true, ghost: true, points: true, speed: 1 },
      level: 0, // the level drawn (fractional while moving)
      anim: null,
      raf: 0,
      marker: null,
      heat: [],
      colors: null,
      panels: [],
      size: { w: 0, h: 0, dpr: 1 },
      img: null,
      off: null,
      ro: null,
    };
    canvas.addEventListener('click', (ev) => pick(st, ev));
    if (window.ResizeObserver) {
      st.ro = new ResizeObserver(() => {
        if (st.canvas.clientWidth !== st.size.w) { st.size.w = 0; draw(st); }
      });
      st.ro.observe(host);
    }
    return st;
  }

  function stageOf(host) {
    let st = stages.get(host);
    if (!st) {
      st = newStage(host);
      stages.set(host, st);
    }
    return st;
  }

  function emit(st, kind, value) {
    if (st.onEvent) {
      try { st.onEvent(kind, value); } catch (e) { console.warn('flowlabInspect:', e); }
    }
  }

  // ---- scene ----

  function setScene(host, metaJSON, frames, colors, ghost, heat, level, autoplay) {
    const st = stageOf(host);
    stop(st, false);
    const m = JSON.parse(metaJSON);
    m.frames = frames;
    m.ghost = ghost;
    st.scene = m;
    // Pack every point's colour once as little-endian RGBA.
    const n = m.n;
    st.colors = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      st.colors[i] = (255 << 24) | (colors[3 * i + 2] << 16) | (colors[3 * i + 1] << 8) | colors[3 * i];
    }
    st.heat = [];
    if (heat && m.G > 0) buildHeat(st, heat);
    st.level = Math.max(0, Math.min(m.K, level));
    active = st;
    const ds = st.canvas.dataset;
    ds.level = String(st.level);
    ds.k = String(m.K);
    ds.dim = String(m.dim);
    ds.reverse = m.reverse ? '1' : '0';
    ds.klass = String(m.klass);
    ds.g = String(m.G);
    ds.scene = String((Number(ds.scene) || 0) + 1);
    draw(st);
    if (autoplay && !reducedMotion()) {
      const to = m.reverse ? 0 : m.K;
      if (st.level !== to) play(host, -1, to);
    }
  }

  // buildHeat turns each level's log-density grid into a small image: a
  // warm-grey ramp from transparent (HEAT_RANGE nats below the peak) to dark.
  function buildHeat(st, heat) {
    const m = st.scene;
    const G = m.G;
    const lo = [246, 244, 238], hi = [58, 56, 50];
    for (let k = 0; k <= m.K; k++) {
      const c = document.createElement('canvas');
      c.width = G; c.height = G;
      const cx = c.getContext('2d');
      const img = cx.createImageData(G, G);
      const top = m.heatMax[k];
      for (let j = 0; j < G; j++) {
        for (let i = 0; i < G; i++) {
          const v = heat[(k * G + j) * G + i];
          let u = (v - (top - HEAT_RANGE)) / HEAT_RANGE;
          if (!(u > 0)) u = 0;
          if (u > 1) u = 1;
          const p = ((G - 1 - j) * G + i) * 4; // image row 0 is the top
          img.data[p] = lo[0] + u * (hi[0] - lo[0]);
          img.data[p + 1] = lo[1] + u * (hi[1] - lo[1]);
          img.data[p + 2] = lo[2] + u * (hi[2] - lo[2]);
          img.data[p + 3] = u > 0 ? Math.min(255, 40 + 215 * u) : 0;
        }
      }
      cx.putImageData(img, 0, 0);
      st.heat.push(c);
    }
  }

  function setView(host, viewJSON) {
    const st = stageOf(host);
    Object.assign(st.view, JSON.parse(viewJSON));
    st.size.w = 0;
    draw(st);
    st.canvas.dataset.view = viewJSON;
  }

  function setMarker(host, traj) {
    const st = stageOf(host);
    st.marker = traj && traj.length ? traj : null;
    draw(st);
  }

  // ---- animation ----

  function stepFactor(st, k, dir) {
    // The layer crossed going from level k in direction dir.
    const m = st.scene;
    const layer = dir > 0 ? k : k - 1;
    const kind = m.kinds[layer];
    if (kind === 'permute' && st.view.follow) return 0.35; // nothing moves
    if (kind === 'standardize') return 0.7;
    return 1;
  }

  function tick(st, now) {
    st.raf = 0;
    const a = st.anim;
    if (!a || !st.scene) return;
    const dt = a.last ? Math.min(100, now - a.last) : 0;
    a.last = now;
    if (a.mode === 'seek') {
      const u = a.reduce ? 1 : Math.min(1, (now - a.t0) / SEEK_MS);
      st.level = a.from + (a.to - a.from) * ease(u);
      if (u >= 1) {
        st.level = a.to;
        st.anim = null;
      }
    } else {
      const dur = STEP_MS / Math.max(0.05, st.view.speed || 1) * stepFactor(st, a.k, a.dir);
      a.u += dt / dur;
      while (a.u >= 1) {
        a.u -= 1;
        a.k += a.dir;
        emit(st, 'level', a.k);
        if (a.k === a.to) break;
      }
      if (a.k === a.to) {
        st.level = a.to;
        st.anim = null;
        st.canvas.dataset.playing = '0';
        emit(st, 'play', 0);
      } else {
        st.level = a.k + a.dir * (a.reduce ? 0 : ease(a.u));
      }
    }
    draw(st);
    if (st.anim) st.raf = requestAnimationFrame((t) => tick(st, t));
  }

  function run(st) {
    if (!st.raf) st.raf = requestAnimationFrame((t) => tick(st, t));
  }

  function stop(st, notify) {
    const wasPlaying = st.anim && st.anim.mode === 'play';
    if (st.raf) cancelAnimationFrame(st.raf);
    st.raf = 0;
    if (st.anim && st.anim.mode === 'play') st.level = Math.round(st.level);
    st.anim = null;
    st.canvas.dataset.playing = '0';
    if (wasPlaying && notify) emit(st, 'play', 0);
  }

  function setLevel(host, level) {
    const st = stageOf(host);
    if (!st.scene) return;
    level = Math.max(0, Math.min(st.scene.K, level));
    const playing = st.anim && st.anim.mode === 'play';
    if (playing) stop(st, true);
    if (st.anim && st.anim.to === level) return;
    if (!st.anim && st.level === level) { draw(st); return; }
    st.anim = { mode: 'seek', from: st.level, to: level, t0: performance.now(), reduce: reducedMotion() };
    run(st);
  }

  // play animates from level `from` (the level shown if from < 0) to `to`,
  // one layer at a time.
  function play(host, from, to) {
    const st = stageOf(host);
    if (!st.scene) return;
    stop(st, false);
    const K = st.scene.K;
    to = Math.max(0, Math.min(K, to));
    from = from < 0 ? Math.round(st.level) : Math.max(0, Math.min(K, from));
    if (from === to) return;
    st.level = from;
    st.anim = { mode: 'play', k: from, to, dir: to > from ? 1 : -1, u: 0, last: 0, reduce: reducedMotion() };
    st.canvas.dataset.playing = '1';
    emit(st, 'play', 1);
    run(st);
  }

  function pause(host) {
    const st = stageOf(host);
    stop(st, true);
    draw(st);
  }

  function detach(host) {
    const st = stages.get(host);
    if (!st) return;
    stop(st, false);
    if (st.ro) st.ro.disconnect();
    st.onEvent = null;
    stages.delete(host);
    if (st.canvas.parentNode === host) host.removeChild(st.canvas);
    if (active === st) active = null;
  }

  // attach prepares host (an empty element) for a scene and sets the event
  // callback.
  function attach(host, onEvent) {
    stageOf(host).onEvent = onEvent;
  }

  // ---- layout ----

  function panelsOf(st, w) {
    const m = st.scene;
    const v = st.view;
    const d = m.dim;
    const mat = d > 2 && v.mode === 'matrix';
    const ml = 54, mr = 10, mt = 10, mb = 44;
    const out = [];
    if (mat) {
      const n = d - 1;
      const cell = Math.floor((w - ml - mr) / n);
      const h = mt + mb + cell * n;
      for (let r = 0; r < n; r++) {
        for (let c = 0; c <= r; c++) {
          out.push({ fa: c, fb: r + 1, x: ml + c * cell, y: mt + r * cell, w: cell - 8, h: cell - 8,
            labelX: r === n - 1, labelY: c === 0 });
        }
      }
      return { panels: out, h, matrix: true, cell, ml, mt };
    }
    const side = Math.min(w - ml - mr, 560);
    const h = mt + mb + Math.round(side * (d === 2 ? 0.86 : 0.8));
    let fa = d === 2 ? 0 : v.px, fb = d === 2 ? 1 : v.py;
    if (fa === fb) fb = (fa + 1) % d;
    out.push({ fa, fb, x: ml, y: mt, w: w - ml - mr, h: h - mt - mb, labelX: true, labelY: true });
    return { panels: out, h, matrix: false, ml, mt };
  }

  function layout(st) {
    const c = st.canvas;
    const w = Math.max(200, c.clientWidth || st.host.clientWidth || 600);
    const dpr = window.devicePixelRatio || 1;
    if (st.size.w === w && st.size.dpr === dpr && st.layoutKey === layoutKey(st)) return;
    const L = panelsOf(st, w);
    st.panels = L.panels;
    st.matrix = L.matrix;
    st.cell = L.cell;
    c.style.height = L.h + 'px';
    c.width = Math.round(w * dpr);
    c.height = Math.round(L.h * dpr);
    st.size = { w, h: L.h, dpr };
    st.layoutKey = layoutKey(st);
    st.img = new ImageData(c.width, c.height);
    st.u32 = new Uint32Array(st.img.data.buffer);
    st.off = document.createElement('canvas');
    st.off.width = c.width;
    st.off.height = c.height;
  }

  function layoutKey(st) {
    const v = st.view;
    return [st.scene.dim, v.mode, v.px, v.py].join('/');
  }

  // ---- drawing ----

  // frameAt returns what level `level` looks like for one panel: the two
  // bracketing levels, the blend, the coordinates shown on each axis at both
  // ends, and the blended axis ranges.
  function frameAt(st, p, level) {
    const m = st.scene;
    let k0 = Math.floor(level), s = level - k0;
    if (k0 >= m.K) { k0 = m.K; s = 0; }
    const k1 = Math.min(m.K, k0 + 1);
    const slot = (k, f) => (st.view.follow ? m.slots[k][f] : f);
    const a0 = slot(k0, p.fa), b0 = slot(k0, p.fb), a1 = slot(k1, p.fa), b1 = slot(k1, p.fb);
    const ra0 = m.ranges[k0][a0], ra1 = m.ranges[k1][a1], rb0 = m.ranges[k0][b0], rb1 = m.ranges[k1][b1];
    const lerp = (u, v) => u + (v - u) * s;
    return { k0, k1, s, a0, b0, a1, b1, xlo: lerp(ra0[0], ra1[0]), xhi: lerp(ra0[1], ra1[1]), ylo: lerp(rb0[0], rb1[0]), yhi: lerp(rb0[1], rb1[1]) };
  }

  function draw(st) {
    const m = st.scene;
    if (!m) return;
    layout(st);
    const { w, h, dpr } = st.size;
    const ctx = st.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const level = st.level;
    const frames = st.panels.map((p) => frameAt(st, p, level));

    // Panel backgrounds, grids and density heatmaps.
    st.panels.forEach((p, i) => {
      const f = frames[i];
      ctx.fillStyle = PANEL_BG;
      ctx.fillRect(p.x, p.y, p.w, p.h);
      if (m.G > 0 && st.view.heat && st.heat.length) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(p.x, p.y, p.w, p.h);
        ctx.clip();
        drawHeat(st, ctx, p, f, f.k0, 1 - f.s);
        if (f.s > 0) drawHeat(st, ctx, p, f, f.k1, f.s);
        ctx.restore();
      }
      ctx.strokeStyle = GRID;
      ctx.lineWidth = 1;
      const tx = niceTicks(f.xlo, f.xhi, Math.max(3, Math.floor(p.w / 70))), ty = niceTicks(f.ylo, f.yhi, Math.max(3, Math.floor(p.h / 45)));
      f.tx = tx; f.ty = ty;
      ctx.beginPath();
      tx.forEach((t) => { const X = p.x + (t - f.xlo) / (f.xhi - f.xlo) * p.w; ctx.moveTo(Math.round(X) + 0.5, p.y); ctx.lineTo(Math.round(X) + 0.5, p.y + p.h); });
      ty.forEach((t) => { const Y = p.y + p.h - (t - f.ylo) / (f.yhi - f.ylo) * p.h; ctx.moveTo(p.x, Math.round(Y) + 0.5); ctx.lineTo(p.x + p.w, Math.round(Y) + 0.5); });
      ctx.stroke();
    });

    // Points, straight into a pixel buffer.
    const u32 = st.u32;
    u32.fill(0);
    const W = st.img.width;
    // Fewer points get bigger dots.
    const size = Math.max(2, Math.round(dpr * (m.n <= 2000 ? 3 : m.n <= 5000 ? 2.3 : 1.6)));
    const ghostA = ghostAlpha(st, level);
    st.panels.forEach((p, i) => {
      const f = frames[i];
      const box = { x0: Math.ceil(p.x * dpr), y0: Math.ceil(p.y * dpr), x1: Math.floor((p.x + p.w) * dpr), y1: Math.floor((p.y + p.h) * dpr) };
      const kx = p.w * dpr / (f.xhi - f.xlo), ky = p.h * dpr / (f.yhi - f.ylo);
      const ox = p.x * dpr - f.xlo * kx, oy = (p.y + p.h) * dpr + f.ylo * ky;
      const d = m.dim, n = m.n, F = m.frames;
      const off0 = f.k0 * n * d, off1 = f.k1 * n * d, s = f.s;
      for (let j = 0; st.view.points && j < n; j++) {
        const q0 = off0 + j * d, q1 = off1 + j * d;
        const xa = F[q0 + f.a0], ya = F[q0 + f.b0];
        const xv = xa + (F[q1 + f.a1] - xa) * s;
        const yv = ya + (F[q1 + f.b1] - ya) * s;
        const X = Math.round(ox + xv * kx - size / 2), Y = Math.round(oy - yv * ky - size / 2);
        if (X < box.x0 || Y < box.y0 || X + size > box.x1 || Y + size > box.y1) continue;
        const col = st.colors[j];
        for (let r = 0; r < size; r++) {
          const base = (Y + r) * W + X;
          for (let c = 0; c < size; c++) u32[base + c] = col;
        }
      }
      // The reference cloud goes on top as translucent dark dots: the
      // class's stars going forward, a true standard normal going back.
      if (ghostA > 0) plotGhost(st, box, f, kx, ky, ox, oy, size, ghostA, GHOST_RGB, W);
    });
    const octx = st.off.getContext('2d');
    octx.putImageData(st.img, 0, 0);
    ctx.drawImage(st.off, 0, 0, w, h);

    // Frames, ticks, labels and the selected star.
    st.panels.forEach((p, i) => drawAxes(st, ctx, p, frames[i]));
    // The axis labels drawn, for tests and assistive checks.
    st.canvas.dataset.axes = st.panels.flatMap((p, i) => [
      p.labelX ? axisName(st, p.fa, frames[i].a0, level) : null,
      p.labelY ? axisName(st, p.fb, frames[i].b0, level) : null,
    ]).filter((x) => x !== null).join('|');
    if (st.marker) st.panels.forEach((p, i) => drawMarker(st, ctx, p, frames[i]));
    drawCaption(st, ctx);
    st.canvas.dataset.level = level.toFixed(3);
    st.canvas.dataset.drawn = String((Number(st.canvas.dataset.drawn) || 0) + 1);
  }

  // ghostAlpha fades the reference cloud in over the last half level before
  // its level and out after it.
  function ghostAlpha(st, level) {
    const m = st.scene;
    if (!st.view.ghost || !m.nGhost) return 0;
    const dist = Math.abs(level - m.ghostLevel);
    return Math.max(0, 1 - dist / 0.75);
  }

  // plotGhost draws the reference cloud on top of the points: each star a
  // near-black square in a white rim, a mark no sample colour can be taken
  // for (the samples' own dark shades sit on a hue, and have no rim). Two
  // passes, rims first, so a neighbour's rim never covers a star's core.
  function plotGhost(st, box, f, kx, ky, ox, oy, size, alpha, rgb, W) {
    const m = st.scene;
    const d = m.dim, G = m.ghost;
    // The ghost lives at its own level: use that level's coordinates.
    const ca = m.ghostLevel === f.k0 ? f.a0 : f.a1, cb = m.ghostLevel === f.k0 ? f.b0 : f.b1;
    const a = Math.round(255 * alpha);
    const gs = Math.max(2, size);
    const rim = Math.max(1, Math.round(gs / 3));
    for (const pass of [0, 1]) {
      const edge = pass === 0 ? rim : 0, col = pass === 0 ? RIM_RGB : rgb;
      for (let j = 0; j < m.nGhost; j++) {
        const X = Math.round(ox + G[j * d + ca] * kx - gs / 2) - edge, Y = Math.round(oy - G[j * d + cb] * ky - gs / 2) - edge;
        const w = gs + 2 * edge;
        if (X < box.x0 || Y < box.y0 || X + w > box.x1 || Y + w > box.y1) continue;
        for (let r = 0; r < w; r++) blendRow(st.u32, (Y + r) * W + X, w, col, a);
      }
    }
  }

  // blendRow paints w pixels from index base in colour rgb at alpha a (0–255)
  // over what is there, in straight RGBA.
  function blendRow(u32, base, w, rgb, a) {
    const t = a / 255;
    for (let c = 0; c < w; c++) {
      const old = u32[base + c];
      const oa = old >>> 24;
      if (oa === 0 || a === 255) {
        u32[base + c] = (a << 24) | (rgb[2] << 16) | (rgb[1] << 8) | rgb[0];
        continue;
      }
      const R = (old & 255) * (1 - t) + rgb[0] * t;
      const Gc = ((old >> 8) & 255) * (1 - t) + rgb[1] * t;
      const B = ((old >> 16) & 255) * (1 - t) + rgb[2] * t;
      const A = Math.max(oa, a);
      u32[base + c] = (A << 24) | (B << 16) | (Gc << 8) | R;
    }
  }

  function drawHeat(st, ctx, p, f, k, alpha) {
    const m = st.scene;
    const img = st.heat[k];
    if (!img || alpha <= 0) return;
    const G = m.G;
    const r0 = m.ranges[k][0], r1 = m.ranges[k][1]; // the grid spans coordinates 0 and 1
    const dx0 = (r0[1] - r0[0]) / G, dy1 = (r1[1] - r1[0]) / G;
    const ca = k === f.k0 ? f.a0 : f.a1;
    const kx = p.w / (f.xhi - f.xlo), ky = p.h / (f.yhi - f.ylo);
    const dpr = st.size.dpr;
    let a, b, c, d, e, g;
    if (ca === 0) {
      a = dx0 * kx; b = 0; c = 0; d = dy1 * ky;
      e = p.x + (r0[0] - f.xlo) * kx; g = p.y + p.h - (r1[1] - f.ylo) * ky;
    } else {
      a = 0; c = -dy1 * kx; b = -dx0 * ky; d = 0;
      e = p.x + (r1[1] - f.xlo) * kx; g = p.y + p.h - (r0[0] - f.ylo) * ky;
    }
    ctx.save();
    ctx.globalAlpha = alpha;
    ctx.imageSmoothingEnabled = true;
    ctx.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e, dpr * g);
    ctx.drawImage(img, 0, 0);
    ctx.restore();
  }

  // axisName labels an axis: the base's coordinates z₁, z₂, … at level 0,
  // the data's features (as the Data view writes them) at the last level and
  // wherever each feature is kept on its own axis, else the coordinate.
  function axisName(st, feat, coord, level) {
    const m = st.scene;
    const near = Math.round(level);
    if (near === 0) return 'z' + subscript(coord + 1);
    if (st.view.follow) return m.names[feat];
    if (near === m.K) return m.names[coord];
    return 'coordinate ' + coord;
  }

  function subscript(n) {
    return String(n).replace(/\d/g, (c) => String.fromCharCode(0x2080 + Number(c)));
  }

  function drawAxes(st, ctx, p, f) {
    const m = st.scene;
    ctx.strokeStyle = FRAME;
    ctx.lineWidth = 1;
    ctx.strokeRect(p.x + 0.5, p.y + 0.5, p.w - 1, p.h - 1);
    ctx.fillStyle = MUTED;
    ctx.font = SMALL;
    const stepX = f.tx.length > 1 ? f.tx[1] - f.tx[0] : 1, stepY = f.ty.length > 1 ? f.ty[1] - f.ty[0] : 1;
    if (p.labelX) {
      ctx.textAlign = 'center'; ctx.textBaseline = 'top';
      f.tx.forEach((t) => ctx.fillText(tickLabel(t, stepX), p.x + (t - f.xlo) / (f.xhi - f.xlo) * p.w, p.y + p.h + 3));
      ctx.fillStyle = INK; ctx.font = FONT;
      ctx.fillText(axisName(st, p.fa, f.a0, st.level), p.x + p.w / 2, p.y + p.h + 19);
    }
    ctx.fillStyle = MUTED; ctx.font = SMALL;
    if (p.labelY) {
      ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
      f.ty.forEach((t) => ctx.fillText(tickLabel(t, stepY), p.x - 4, p.y + p.h - (t - f.ylo) / (f.yhi - f.ylo) * p.h));
      ctx.save();
      ctx.translate(p.x - 42, p.y + p.h / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.fillStyle = INK; ctx.font = FONT;
      ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      ctx.fillText(axisName(st, p.fb, f.b0, st.level), 0, 0);
      ctx.restore();
    }
  }

  function drawMarker(st, ctx, p, f) {
    const m = st.scene, d = m.dim, T = st.marker;
    const q0 = f.k0 * d, q1 = f.k1 * d;
    const xa = T[q0 + f.a0], ya = T[q0 + f.b0];
    const xv = xa + (T[q1 + f.a1] - xa) * f.s, yv = ya + (T[q1 + f.b1] - ya) * f.s;
    const X = p.x + (xv - f.xlo) / (f.xhi - f.xlo) * p.w, Y = p.y + p.h - (yv - f.ylo) / (f.yhi - f.ylo) * p.h;
    if (!(X >= p.x && X <= p.x + p.w && Y >= p.y && Y <= p.y + p.h)) return;
    ctx.save();
    ctx.lineWidth = 4; ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.beginPath(); ctx.arc(X, Y, 7, 0, 2 * Math.PI); ctx.stroke();
    ctx.lineWidth = 2; ctx.strokeStyle = INK;
    ctx.beginPath(); ctx.arc(X, Y, 7, 0, 2 * Math.PI); ctx.stroke();
    ctx.restore();
  }

  // drawCaption writes the level being shown in the free corner.
  function drawCaption(st, ctx) {
    const m = st.scene;
    const k = Math.round(st.level);
    // Named like the layer list's entry the level highlights: the layer just
    // applied going forward, the layer just undone going back.
    const what = k === 0 ? 'base' : k === m.K ? 'data space'
      : m.reverse ? (k + 1) + ' · ' + m.layerTitles[k] + ' undone' : 'after ' + k + ' · ' + m.layerTitles[k - 1];
    ctx.save();
    ctx.fillStyle = INK;
    if (st.matrix) {
      const x = st.size.w - 12, y = 20;
      ctx.textAlign = 'right'; ctx.textBaseline = 'top';
      ctx.font = '600 22px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      ctx.fillText('level ' + (Math.abs(st.level - k) < 0.005 ? k : st.level.toFixed(2)) + ' / ' + m.K, x, y);
      ctx.font = FONT; ctx.fillStyle = MUTED;
      ctx.fillText(what, x, y + 30);
    } else {
      const p = st.panels[0];
      ctx.textAlign = 'left'; ctx.textBaseline = 'top';
      ctx.font = '600 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      const t = 'level ' + (Math.abs(st.level - k) < 0.005 ? k : st.level.toFixed(2)) + ' / ' + m.K + ' · ' + what;
      const tw = ctx.measureText(t).width;
      ctx.fillStyle = 'rgba(251,250,247,0.85)';
      ctx.fillRect(p.x + 4, p.y + 4, tw + 10, 20);
      ctx.fillStyle = INK;
      ctx.fillText(t, p.x + 9, p.y + 8);
    }
    ctx.restore();
  }

  // ---- picking a star ----

  function pick(st, ev) {
    const m = st.scene;
    if (!m) return;
    const rect = st.canvas.getBoundingClientRect();
    const x = ev.clientX - rect.left, y = ev.clientY - rect.top;
    const level = st.level;
    const idx = st.panels.findIndex((p) => x >= p.x && x <= p.x + p.w && y >= p.y && y <= p.y + p.h);
    if (idx < 0) return;
    const p = st.panels[idx];
    const f = frameAt(st, p, level);
    const d = m.dim;
    let best = -1, bestD = 14 * 14;
    const consider = (xv, yv, j) => {
      const X = p.x + (xv - f.xlo) / (f.xhi - f.xlo) * p.w, Y = p.y + p.h - (yv - f.ylo) / (f.yhi - f.ylo) * p.h;
      const dd = (X - x) * (X - x) + (Y - y) * (Y - y);
      if (dd < bestD) { bestD = dd; best = j; }
    };
    if (!m.reverse) {
      // The stars are the data cloud at the last level.
      if (Math.abs(level - m.K) > 0.5 || !m.nGhost) { emit(st, 'pick', -1); return; }
      const ca = m.K === f.k0 ? f.a0 : f.a1, cb = m.K === f.k0 ? f.b0 : f.b1;
      for (let j = 0; j < m.nGhost; j++) consider(m.ghost[j * d + ca], m.ghost[j * d + cb], j);
    } else {
      const F = m.frames, n = m.n;
      const off0 = f.k0 * n * d, off1 = f.k1 * n * d;
      for (let j = 0; j < n; j++) {
        const xa = F[off0 + j * d + f.a0], ya = F[off0 + j * d + f.b0];
        consider(xa + (F[off1 + j * d + f.a1] - xa) * f.s, ya + (F[off1 + j * d + f.b1] - ya) * f.s, j);
      }
    }
    emit(st, 'pick', best);
  }

  // ---- numbers for tests and the curious ----

  function moments(arr, n, d, rows) {
    const mean = new Array(d).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += arr[rows(i) + j];
    for (let j = 0; j < d; j++) mean[j] /= n;
    const cov = [];
    for (let a = 0; a < d; a++) {
      cov.push(new Array(d).fill(0));
      for (let b = 0; b < d; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (arr[rows(i) + a] - mean[a]) * (arr[rows(i) + b] - mean[b]);
        cov[a][b] = s / (n - 1);
      }
    }
    return { mean, cov };
  }

  // histTV is the total-variation distance between two 2-D point sets
  // binned on a bins×bins grid over box (points outside share one bin).
  function histTV(a, na, b, nb, d, box, bins) {
    const h = (arr, n) => {
      const c = new Float64Array(bins * bins + 1);
      for (let i = 0; i < n; i++) {
        const u = (arr[i * d] - box[0]) / (box[1] - box[0]), v = (arr[i * d + 1] - box[2]) / (box[3] - box[2]);
        if (u >= 0 && u < 1 && v >= 0 && v < 1) c[Math.floor(v * bins) * bins + Math.floor(u * bins)]++;
        else c[bins * bins]++;
      }
      for (let i = 0; i < c.length; i++) c[i] /= n;
      return c;
    };
    const p = h(a, na), q = h(b, nb);
    let tv = 0;
    for (let i = 0; i < p.length; i++) tv += Math.abs(p[i] - q[i]);
    return tv / 2;
  }

  // gaussianLike draws n points with the given mean and covariance
  // (Cholesky of cov, a seeded generator), as a baseline a flow must beat.
  function gaussianLike(mean, cov, n, seed) {
    const d = mean.length;
    const L = [];
    for (let i = 0; i < d; i++) {
      L.push(new Array(d).fill(0));
      for (let j = 0; j <= i; j++) {
        let s = cov[i][j];
        for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
        L[i][j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / (L[j][j] || 1);
      }
    }
    let t = seed >>> 0;
    const rand = () => {
      t = (t + 0x6D2B79F5) >>> 0;
      let r = Math.imul(t ^ (t >>> 15), 1 | t);
      r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
    const out = new Float64Array(n * d);
    const z = new Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const u1 = rand() || 1e-12, u2 = rand();
        z[j] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      }
      for (let a = 0; a < d; a++) {
        let s = mean[a];
        for (let b = 0; b <= a; b++) s += L[a][b] * z[b];
        out[i * d + a] = s;
      }
    }
    return out;
  }

  // stats describes the shown scene at `level` (default: the ghost's level):
  // mean and covariance of the tracked points and of the reference cloud,
  // and for 2-D scenes the total-variation distance between their 12×12
  // histograms, beside that of a Gaussian with the reference's own mean and
  // covariance (what a flow that learned nothing but the first two moments
  // would give).
  function stats(level) {
    const st = active;
    if (!st || !st.scene) return null;
    const m = st.scene, d = m.dim, n = m.n;
    const k = level === undefined ? m.ghostLevel : level;
    const pts = m.frames.subarray(k * n * d, (k + 1) * n * d);
    const out = { class: m.klass, reverse: m.reverse, level: k, K: m.K, n, shownLevel: st.level, ...moments(pts, n, d, (i) => i * d) };
    if (k === m.ghostLevel && m.nGhost > 1) {
      const g = moments(m.ghost, m.nGhost, d, (i) => i * d);
      out.refN = m.nGhost;
      out.refMean = g.mean;
      out.refCov = g.cov;
      if (d === 2) {
        let box = [Infinity, -Infinity, Infinity, -Infinity];
        for (let i = 0; i < m.nGhost; i++) {
          box[0] = Math.min(box[0], m.ghost[2 * i]); box[1] = Math.max(box[1], m.ghost[2 * i]);
          box[2] = Math.min(box[2], m.ghost[2 * i + 1]); box[3] = Math.max(box[3], m.ghost[2 * i + 1]);
        }
        const gauss = gaussianLike(g.mean, g.cov, n, 12345);
        out.tv = histTV(pts, n, m.ghost, m.nGhost, 2, box, 12);
        out.tvGaussian = histTV(gauss, n, m.ghost, m.nGhost, 2, box, 12);
      }
    }
    return out;
  }

  // locate returns where the i-th clickable star is drawn in the first
  // panel, in CSS pixels from the canvas's top-left corner (null if it is
  // not clickable or not inside the panel), so tests can click it.
  function locate(i) {
    const st = active;
    if (!st || !st.scene) return null;
    const m = st.scene, d = m.dim, p = st.panels[0];
    const f = frameAt(st, p, st.level);
    let xv, yv;
    if (!m.reverse) {
      if (Math.abs(st.level - m.K) > 0.5 || i >= m.nGhost) return null;
      xv = m.ghost[i * d + f.a1]; yv = m.ghost[i * d + f.b1];
    } else {
      if (i >= m.n) return null;
      const F = m.frames, q0 = (f.k0 * m.n + i) * d, q1 = (f.k1 * m.n + i) * d;
      xv = F[q0 + f.a0] + (F[q1 + f.a1] - F[q0 + f.a0]) * f.s;
      yv = F[q0 + f.b0] + (F[q1 + f.b1] - F[q0 + f.b0]) * f.s;
    }
    const x = p.x + (xv - f.xlo) / (f.xhi - f.xlo) * p.w, y = p.y + p.h - (yv - f.ylo) / (f.yhi - f.ylo) * p.h;
    if (!(x > p.x + 2 && x < p.x + p.w - 2 && y > p.y + 2 && y < p.y + p.h - 2)) return null;
    return { x, y };
  }

  window.flowlabInspect = { attach, detach, setScene, setView, setLevel, play, pause, setMarker, stats, locate, reducedMotion };
})();
