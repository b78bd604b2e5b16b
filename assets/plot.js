// Flow Lab canvas plotting: draws a figure described by web/plot (Go) in one
// call. The spec is JSON; bulk numbers arrive as Float64Arrays indexed by the
// spec. Nothing here knows about flows: it draws axes, lines, histograms,
// point clouds, heatmaps and marks.
'use strict';
(function () {
  const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  const SMALL = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  const AXIS = '#444';
  const GRID = 'rgba(0,0,0,0.07)';

  // viridis, 9 stops (colour-blind safe, perceptually uniform).
  const VIRIDIS = [[68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
    [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37]];

  function viridis(t) {
    if (!(t >= 0)) t = 0;
    if (t > 1) t = 1;
    const x = t * (VIRIDIS.length - 1);
    const i = Math.min(Math.floor(x), VIRIDIS.length - 2);
    const f = x - i;
    const a = VIRIDIS[i], b = VIRIDIS[i + 1];
    return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
  }

  // A cyclic map for tracking points by their angle in base space.
  function cyclic(t) {
    const h = ((t % 1) + 1) % 1;
    return 'hsl(' + (h * 360).toFixed(1) + ',70%,48%)';
  }

  function scaler(axis, lo, hi) {
    if (axis.log) {
      const a = Math.log10(axis.min), b = Math.log10(axis.max);
      return (v) => (v > 0 ? lo + (Math.log10(v) - a) / (b - a) * (hi - lo) : NaN);
    }
    return (v) => lo + (v - axis.min) / (axis.max - axis.min) * (hi - lo);
  }

  function setup(canvas, rows, rowHeight) {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || canvas.width || 600;
    const h = rowHeight > 0 ? rowHeight * rows : (canvas.clientHeight || canvas.height || 300);
    if (rowHeight > 0) canvas.style.height = h + 'px';
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    return { ctx, w, h };
  }

  function drawPanel(ctx, p, arrays, box) {
    const hideX = p.x.hide, hideY = p.y.hide;
    const m = { l: hideY ? 6 : 50, r: 10, t: p.title ? 22 : 8, b: hideX ? 6 : (p.x.label ? 38 : 24) };
    const x0 = box.x + m.l, x1 = box.x + box.w - m.r;
    const y0 = box.y + box.h - m.b, y1 = box.y + m.t;
    if (x1 - x0 < 10 || y0 - y1 < 10) return;
    const sx = scaler(p.x, x0, x1), sy = scaler(p.y, y0, y1);

    ctx.save();
    ctx.font = FONT;
    if (p.title) {
      ctx.fillStyle = '#222';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText(p.title, x0, box.y + 4);
    }
    // grid and ticks
    ctx.strokeStyle = GRID;
    ctx.lineWidth = 1;
    ctx.fillStyle = AXIS;
    ctx.font = SMALL;
    (p.x.ticks || []).forEach((t, i) => {
      const X = sx(t);
      if (!(X >= x0 - 0.5 && X <= x1 + 0.5)) return;
      ctx.beginPath(); ctx.moveTo(X, y0); ctx.lineTo(X, y1); ctx.stroke();
      if (!hideX) {
        ctx.textAlign = 'center'; ctx.textBaseline = 'top';
        ctx.fillText(p.x.tickLabels[i], X, y0 + 4);
      }
    });
    (p.y.ticks || []).forEach((t, i) => {
      const Y = sy(t);
      if (!(Y <= y0 + 0.5 && Y >= y1 - 0.5)) return;
      ctx.beginPath(); ctx.moveTo(x0, Y); ctx.lineTo(x1, Y); ctx.stroke();
      if (!hideY) {
        ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
        ctx.fillText(p.y.tickLabels[i], x0 - 4, Y);
      }
    });
    ctx.font = FONT;
    if (!hideX && p.x.label) {
      ctx.textAlign = 'center'; ctx.textBaseline = 'bottom';
      ctx.fillText(p.x.label, (x0 + x1) / 2, box.y + box.h - 2);
    }
    if (!hideY && p.y.label) {
      ctx.save();
      ctx.translate(box.x + 12, (y0 + y1) / 2);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      ctx.fillText(p.y.label, 0, 0);
      ctx.restore();
    }

    ctx.beginPath();
    ctx.rect(x0, y1, x1 - x0, y0 - y1);
    ctx.clip();

    if (p.heatmap) drawHeatmap(ctx, p.heatmap, arrays, sx, sy);
    (p.series || []).forEach((s) => drawSeries(ctx, s, arrays, sx, sy, y0, p.colorMap));
    (p.marks || []).forEach((mk) => {
      const X = sx(mk.x);
      if (!isFinite(X)) return;
      ctx.save();
      ctx.strokeStyle = mk.color || '#333';
      ctx.lineWidth = 1.5;
      ctx.setLineDash(mk.dash || []);
      ctx.beginPath(); ctx.moveTo(X, y0); ctx.lineTo(X, y1); ctx.stroke();
      if (mk.label) {
        ctx.fillStyle = mk.color || '#333';
        ctx.font = SMALL;
        ctx.textAlign = X > (x0 + x1) / 2 ? 'right' : 'left';
        ctx.textBaseline = 'top';
        ctx.fillText(mk.label, X + (X > (x0 + x1) / 2 ? -4 : 4), y1 + 2);
      }
      ctx.restore();
    });
    ctx.restore();

    ctx.strokeStyle = AXIS;
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, y1 + 0.5, x1 - x0 - 1, y0 - y1 - 1);
    if (p.legend) drawLegend(ctx, p.series || [], x1, y1);
  }

  function drawHeatmap(ctx, h, arrays, sx, sy) {
    const v = arrays[h.vi];
    const off = document.createElement('canvas');
    off.width = h.nx; off.height = h.ny;
    const octx = off.getContext('2d');
    const img = octx.createImageData(h.nx, h.ny);
    const span = (h.max - h.min) || 1;
    for (let j = 0; j < h.ny; j++) {
      for (let i = 0; i < h.nx; i++) {
        const val = v[j * h.nx + i];
        const c = viridis((val - h.min) / span);
        const k = ((h.ny - 1 - j) * h.nx + i) * 4; // row 0 is the bottom
        img.data[k] = c[0]; img.data[k + 1] = c[1]; img.data[k + 2] = c[2];
        img.data[k + 3] = isFinite(val) ? 255 : 0;
      }
    }
    octx.putImageData(img, 0, 0);
    const X0 = sx(h.x0), X1 = sx(h.x1), Y0 = sy(h.y0), Y1 = sy(h.y1);
    ctx.save();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, X0, Y1, X1 - X0, Y0 - Y1);
    ctx.restore();
  }

  function drawSeries(ctx, s, arrays, sx, sy, yBase, colorMap) {
    const xs = arrays[s.xi], ys = arrays[s.yi];
    ctx.save();
    ctx.globalAlpha = s.alpha || 1;
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = s.width || 1.5;
    ctx.setLineDash(s.dash || []);
    if (s.kind === 'points') {
      const r = s.width || 2;
      const cs = s.ci >= 0 ? arrays[s.ci] : null;
      const map = colorMap === 'viridis' ? (t) => { const c = viridis(t); return 'rgb(' + c[0] + ',' + c[1] + ',' + c[2] + ')'; } : cyclic;
      for (let i = 0; i < xs.length; i++) {
        const X = sx(xs[i]), Y = sy(ys[i]);
        if (!isFinite(X) || !isFinite(Y)) continue;
        if (cs) ctx.fillStyle = map(cs[i]);
        ctx.fillRect(X - r / 2, Y - r / 2, r, r);
      }
    } else if (s.kind === 'step' || s.kind === 'bars') {
      // xs are bin edges, ys bin values.
      ctx.beginPath();
      let started = false;
      for (let i = 0; i < ys.length; i++) {
        const X0 = sx(xs[i]), X1 = sx(xs[i + 1]);
        let Y = sy(ys[i]);
        if (!isFinite(Y)) Y = yBase;
        if (!started) { ctx.moveTo(X0, yBase); started = true; }
        ctx.lineTo(X0, Y); ctx.lineTo(X1, Y);
      }
      if (started) ctx.lineTo(sx(xs[ys.length]), yBase);
      if (s.kind === 'bars') {
        ctx.globalAlpha = (s.alpha || 1) * 0.35;
        ctx.fill();
        ctx.globalAlpha = s.alpha || 1;
      }
      ctx.stroke();
    } else {
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < xs.length; i++) {
        const X = sx(xs[i]), Y = sy(ys[i]);
        if (!isFinite(X) || !isFinite(Y)) { pen = false; continue; }
        if (pen) ctx.lineTo(X, Y); else { ctx.moveTo(X, Y); pen = true; }
      }
      ctx.stroke();
    }
    ctx.restore();
  }

  function drawLegend(ctx, series, xRight, yTop) {
    const named = series.filter((s) => s.name);
    if (!named.length) return;
    ctx.save();
    ctx.font = SMALL;
    const w = Math.max(...named.map((s) => ctx.measureText(s.name).width)) + 30;
    const h = named.length * 16 + 6;
    const x = xRight - w - 6, y = yTop + 6;
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(x, y, w, h);
    named.forEach((s, i) => {
      const yy = y + 11 + i * 16;
      ctx.strokeStyle = s.color; ctx.fillStyle = s.color;
      ctx.lineWidth = 2;
      ctx.setLineDash(s.dash || []);
      if (s.kind === 'points') ctx.fillRect(x + 8, yy - 3, 6, 6);
      else { ctx.beginPath(); ctx.moveTo(x + 4, yy); ctx.lineTo(x + 20, yy); ctx.stroke(); }
      ctx.setLineDash([]);
      ctx.fillStyle = '#222';
      ctx.textBaseline = 'middle';
      ctx.fillText(s.name, x + 24, yy);
    });
    ctx.restore();
  }

  function draw(canvas, json, arrays) {
    const spec = JSON.parse(json);
    const n = spec.panels.length;
    const cols = Math.max(1, spec.cols || n);
    const rows = Math.max(1, Math.ceil(n / cols));
    const { ctx, w, h } = setup(canvas, rows, spec.height || 0);
    const bw = w / cols, bh = h / rows;
    spec.panels.forEach((p, i) => {
      drawPanel(ctx, p, arrays, { x: (i % cols) * bw, y: Math.floor(i / cols) * bh, w: bw, h: bh });
    });
    canvas.dataset.drawn = String((Number(canvas.dataset.drawn) || 0) + 1);
  }

  window.flowlabPlot = { draw, viridis, cyclic };
})();
