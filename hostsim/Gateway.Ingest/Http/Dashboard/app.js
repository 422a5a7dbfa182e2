// Gateway fleet dashboard: plain JavaScript, charts drawn as SVG by this file. No framework, no CDN, nothing built.
// Data come from the same origin's JSON API (/api/devices, /api/readings, /api/alarms, /api/devices/{id}/track);
// every text from the API is put in the page with textContent, never parsed as HTML.
'use strict';

(() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const REFRESH_MS = 5000;
  const RAW_LIMIT = 5000;            // above this many readings in the window, charts show bucket averages
  const MAX_CHART_POINTS = 600;      // buckets per chart at most
  const STEPS = [['60s', 60e3], ['5m', 300e3], ['15m', 900e3], ['1h', 3600e3], ['6h', 21600e3], ['1d', 86400e3]];
  const TIME_STEPS = [60e3, 300e3, 900e3, 1800e3, 3600e3, 10800e3, 21600e3, 43200e3, 86400e3, 172800e3, 604800e3];

  const state = { devices: [], selected: null, windowMs: 86400000, activeOnly: false, busy: false, refreshes: 0 };

  const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

  // ---------------------------------------------------------------- DOM helpers

  function build(ns, tag, attrs, children) {
    const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'text') node.textContent = String(value);
      else if (name === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }
  const el = (tag, attrs, ...children) => build(null, tag, attrs, children);
  const svg = (tag, attrs, ...children) => build(SVG_NS, tag, attrs, children);

  // ---------------------------------------------------------------- formatting

  function fmtNumber(v) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
    return String(Number(v.toPrecision(6)));
  }

  // SenML's units for positions are 'lat' and 'lon' (RFC 8428 §12.1); people read degrees.
  const unitText = (unit) => (unit === 'lat' || unit === 'lon' ? '°' : unit ? ' ' + unit : '');

  function fmtValue(v) {
    if (v.text !== null && v.text !== undefined) return v.text;
    if (v.bool !== null && v.bool !== undefined) return v.bool ? 'true' : 'false';
    if (v.unit === 'lat' || v.unit === 'lon') return fmtCoordinate(v.value) + '°';
    return fmtNumber(v.value) + unitText(v.unit);
  }

  function fmtAge(seconds) {
    if (seconds < 90) return `${Math.round(seconds)} s ago`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
    if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
    return `${Math.round(seconds / 86400)} d ago`;
  }

  const pad = (n) => String(n).padStart(2, '0');
  const fmtLocal = (ms) => {
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  };
  const iso = (ms) => new Date(ms).toISOString();
  // Coordinates keep 7 decimals (about 1 cm), which is what GNSS receivers report; six significant digits would round
  // a longitude such as 116.4074 to 116.407, some 40 m off.
  const fmtCoordinate = (v) => String(Number(v.toFixed(7)));

  function windowLabel(ms) {
    const option = document.querySelector(`#window option[value="${ms}"]`);
    return option ? option.textContent : `${ms / 3600e3} h`;
  }

  // ---------------------------------------------------------------- API

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (!response.ok) throw new Error((body && body.error) || `${url}: HTTP ${response.status}`);
    return body;
  }

  const query = (params) => Object.entries(params)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

  // ---------------------------------------------------------------- fleet table

  function renderDevices() {
    const body = $('device-rows');
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.device : null;
    const rows = state.devices.map((d) => {
      const values = el('td', { 'data-testid': 'last-values' },
        ...d.last_values.map((v) => el('span', { class: 'value', 'data-testid': 'last-value', 'data-metric': v.metric, title: `${v.metric} at ${iso(v.time_ms)}` },
          el('span', { class: 'metric', text: v.metric }), fmtValue(v))));
      if (d.last_values.length === 0) values.append('—');
      const alarms = el('td', { 'data-testid': 'active-alarms' },
        ...d.active_alarms.map((a) => el('span', { class: 'badge badge-alarm', title: `raised ${iso(a.time_ms)}`, text: `${a.metric} ${a.kind}` })));
      if (d.active_alarms.length === 0) alarms.append('none');
      return el('tr', { 'data-testid': 'device-row', 'data-device': d.id, 'data-state': d.state, class: d.id === state.selected ? 'selected' : null },
        el('td', { class: `state state-${d.state}` }, el('span', { class: 'dot', 'aria-hidden': 'true' }), d.state),
        el('td', {}, el('button', {
          type: 'button', class: 'device-button', 'data-testid': 'select-device', 'data-device': d.id,
          'aria-pressed': d.id === state.selected ? 'true' : 'false', 'aria-label': `Show charts of ${d.id}`,
          onclick: () => select(d.id), text: d.id,
        })),
        el('td', { text: d.tenant }),
        el('td', { text: d.kind || '—' }),
        el('td', { 'data-testid': 'last-seen' }, el('time', { datetime: d.last_seen, title: fmtLocal(d.last_seen_ms), text: fmtAge(d.last_seen_age_seconds) })),
        values,
        el('td', { text: d.battery_volts === null ? '—' : `${d.battery_volts.toFixed(2)} V` }),
        el('td', { text: d.buffer_depth === null ? '—' : String(d.buffer_depth) }),
        el('td', { text: String(d.gaps.open) + (d.gaps.evicted_sequences ? ` (${d.gaps.evicted_sequences} evicted)` : '') }),
        alarms);
    });
    if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 10, class: 'empty', text: 'No devices have reported yet.' })));
    body.replaceChildren(...rows);
    if (focused) {
      const again = body.querySelector(`button[data-device="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }

  function select(id) {
    state.selected = id;
    history.replaceState(null, '', '#device=' + encodeURIComponent(id));
    renderDevices();
    refreshDetail().catch(showError);
  }

  // ---------------------------------------------------------------- charts

  function niceStep(span, count) {
    const raw = span / Math.max(1, count);
    const power = Math.pow(10, Math.floor(Math.log10(raw)));
    const unit = raw / power;
    return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 2.5 ? 2.5 : unit <= 5 ? 5 : 10) * power;
  }

  function valueTicks(min, max) {
    if (min === max) { const d = Math.abs(min) * 0.05 || 1; min -= d; max += d; }
    const step = niceStep(max - min, 4);
    const first = Math.floor(min / step) * step;
    const ticks = [];
    for (let v = first; v < max + step * 0.999 && ticks.length < 12; v += step) ticks.push(Number(v.toPrecision(12)));
    return ticks;
  }

  function timeTicks(from, to) {
    const offset = -new Date(from).getTimezoneOffset() * 60e3; // align ticks to local midnight, hours, minutes
    const step = TIME_STEPS.find((s) => (to - from) / s <= 6) || TIME_STEPS[TIME_STEPS.length - 1];
    const ticks = [];
    for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to && ticks.length < 12; t += step) ticks.push(t);
    const label = (t) => {
      const d = new Date(t);
      const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
      const md = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
      return step >= 86400e3 ? md : (to - from > 86400e3 ? `${md} ${hm}` : hm);
    };
    return ticks.map((t) => [t, label(t)]);
  }

  function chart(metric, unit, points, from, to, bucketed) {
    const W = 520, H = 210, L = 52, R = 14, T = 12, B = 34;
    const id = `chart-title-${metric.replace(/[^a-z0-9_]/g, '_')}`;
    const values = points.flatMap((p) => [p.lo, p.hi]);
    const min = values.length ? Math.min(...values) : 0;
    const max = values.length ? Math.max(...values) : 1;
    const summary = points.length
      ? `${metric} over ${windowLabel(state.windowMs)}: ${points.length} ${bucketed ? 'averages' : 'readings'}, from ${fmtNumber(min)} to ${fmtNumber(max)}${unitText(unit)}`
      : `${metric}: no readings in this window`;
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': id, 'data-testid': `chart-svg-${metric}` },
      svg('title', { id, text: summary }));
    const yt = valueTicks(min, max);
    const y0 = yt[0], y1 = yt[yt.length - 1];
    const x = (t) => L + ((t - from) / Math.max(1, to - from)) * (W - L - R);
    const y = (v) => T + (1 - (v - y0) / Math.max(1e-12, y1 - y0)) * (H - T - B);
    for (const v of yt) {
      root.append(svg('line', { class: 'grid', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
      root.append(svg('text', { class: 'tick-label', x: L - 6, y: y(v) + 4, 'text-anchor': 'end', text: fmtNumber(v) }));
    }
    for (const [t, label] of timeTicks(from, to)) {
      root.append(svg('line', { class: 'axis', x1: x(t), x2: x(t), y1: H - B, y2: H - B + 4 }));
      root.append(svg('text', { class: 'tick-label x-label', x: x(t), y: H - B + 17, 'text-anchor': 'middle', text: label }));
    }
    root.append(svg('line', { class: 'axis', x1: L, x2: L, y1: T, y2: H - B }));
    root.append(svg('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
    root.append(svg('text', { class: 'tick-label', x: W - R, y: H - 3, 'text-anchor': 'end', text: 'local time' }));
    if (points.length === 0) {
      root.append(svg('text', { class: 'tick-label', x: (L + W - R) / 2, y: (T + H - B) / 2, 'text-anchor': 'middle', text: 'No readings in this window' }));
    } else {
      root.append(svg('polyline', { class: 'line', 'data-testid': 'chart-line', points: points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') }));
      const dots = svg('g', { class: 'points' });
      for (const p of points) {
        dots.append(svg('circle', { class: 'point', cx: x(p.t).toFixed(1), cy: y(p.v).toFixed(1), r: 3, 'data-value': p.v, 'data-time': p.t },
          svg('title', { text: p.title })));
      }
      root.append(dots);
    }
    return el('figure', { class: 'chart', 'data-testid': `chart-${metric}`, 'data-metric': metric, 'data-points': points.length },
      el('figcaption', { text: `${metric}${unit ? ' (' + unitText(unit).trim() + ')' : ''}${bucketed ? ' — averages' : ''}` }), root);
  }

  function track(points) {
    const W = 640, H = 400, P = 28;
    const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'track-title', 'data-testid': 'track' },
      svg('title', { id: 'track-title', text: points.length ? `Track of ${points.length} positions` : 'No positions in this window' }),
      svg('rect', { class: 'track-frame', x: 0.5, y: 0.5, width: W - 1, height: H - 1 }));
    if (points.length === 0) {
      root.append(svg('text', { class: 'tick-label', x: W / 2, y: H / 2, 'text-anchor': 'middle', text: 'No positions in this window' }));
      return root;
    }
    // Equirectangular projection around the track's mean latitude: fine for the extent of one vehicle's route.
    const lat0 = points.reduce((s, p) => s + p.lat, 0) / points.length;
    const k = Math.cos((lat0 * Math.PI) / 180);
    const px = points.map((p) => p.lon * k), py = points.map((p) => -p.lat);
    const minX = Math.min(...px), maxX = Math.max(...px), minY = Math.min(...py), maxY = Math.max(...py);
    const scale = Math.min((W - 2 * P) / Math.max(maxX - minX, 1e-9), (H - 2 * P) / Math.max(maxY - minY, 1e-9));
    const cx = (W - (maxX - minX) * scale) / 2, cy = (H - (maxY - minY) * scale) / 2;
    const X = (i) => cx + (px[i] - minX) * scale, Y = (i) => cy + (py[i] - minY) * scale;
    const where = (p) => `${fmtCoordinate(p.lat)}, ${fmtCoordinate(p.lon)} at ${iso(p.time_ms)}`;
    root.append(svg('text', { class: 'tick-label', x: 6, y: 14, text: `lat ${fmtNumber(-minY)}° (top edge)` }));
    root.append(svg('text', { class: 'tick-label', x: 6, y: H - 6, text: `lat ${fmtNumber(-maxY)}° (bottom edge)` }));
    root.append(svg('text', { class: 'tick-label', x: W - 6, y: H - 6, 'text-anchor': 'end', text: `lon ${fmtNumber(minX / k)}° to ${fmtNumber(maxX / k)}°` }));
    root.append(svg('polyline', { class: 'track-line', 'data-testid': 'track-line', 'data-count': points.length,
      points: points.map((_, i) => `${X(i).toFixed(1)},${Y(i).toFixed(1)}`).join(' ') }));
    const dots = svg('g', { class: 'track-points' });
    points.forEach((p, i) => dots.append(svg('circle', { class: 'track-point', cx: X(i).toFixed(1), cy: Y(i).toFixed(1), r: 3,
      'data-lat': p.lat, 'data-lon': p.lon }, svg('title', { text: where(p) }))));
    root.append(dots);
    const last = points.length - 1;
    root.append(svg('circle', { class: 'track-start', 'data-testid': 'track-start', cx: X(0).toFixed(1), cy: Y(0).toFixed(1), r: 7 },
      svg('title', { text: 'Start: ' + where(points[0]) })));
    root.append(svg('circle', { class: 'track-end', 'data-testid': 'track-end', cx: X(last).toFixed(1), cy: Y(last).toFixed(1), r: 7 },
      svg('title', { text: 'End: ' + where(points[last]) })));
    return root;
  }

  async function refreshDetail() {
    const section = $('device-detail');
    const d = state.devices.find((x) => x.id === state.selected);
    if (!d) { section.hidden = true; return; }
    section.hidden = false;
    document.getElementById('detail-title').textContent = `${d.id}${d.kind ? ' — ' + d.kind : ''} (${d.tenant})`;

    // The window ends now, or at the device's last reading when that is older than the window.
    const newest = Math.max(d.last_seen_ms, ...d.last_values.map((v) => v.time_ms));
    const now = Date.now();
    const to = newest < now - state.windowMs ? newest + 1 : now;
    const from = to - state.windowMs;
    $('window-note').textContent = `Readings of the last ${windowLabel(state.windowMs)} up to ${fmtLocal(to)}`
      + `${to === now ? ' (now)' : ' (the device\'s last reading)'}; the time axis starts at the first of them. Times are local.`;

    const units = new Map(d.last_values.map((v) => [v.metric, v.unit]));
    const series = new Map();
    const add = (metric, point) => { if (!series.has(metric)) series.set(metric, []); series.get(metric).push(point); };
    const raw = await getJson('/api/readings?' + query({ device: d.id, from, to, limit: RAW_LIMIT }));
    let bucketed = false;
    if (!raw.truncated) {
      for (const r of raw.readings) {
        if (r.kind !== 'measurement' || r.text !== null) continue;
        units.set(r.metric, r.unit);
        add(r.metric, { t: r.time_ms, v: r.value, lo: r.value, hi: r.value,
          title: `${r.metric} ${fmtNumber(r.value)}${unitText(r.unit)} at ${r.time} (seq ${r.seq})` });
      }
    } else {
      bucketed = true;
      const [step] = STEPS.find(([, ms]) => state.windowMs / ms <= MAX_CHART_POINTS) || STEPS[STEPS.length - 1];
      const agg = await getJson('/api/readings?' + query({ device: d.id, from, to, step, limit: 100000 }));
      for (const b of agg.buckets) {
        const unit = units.get(b.metric);
        add(b.metric, { t: b.start_ms + agg.step_ms / 2, v: b.avg, lo: b.min, hi: b.max,
          title: `${b.metric} average ${fmtNumber(b.avg)}${unitText(unit)} (${fmtNumber(b.min)} to ${fmtNumber(b.max)}, ${b.count} readings) from ${b.start}` });
      }
    }
    const metrics = [...new Set([...d.last_values.filter((v) => v.text === null).map((v) => v.metric), ...series.keys()])].sort();
    // All charts of a device share one time axis: the window, narrowed to where it has readings (a node that reports
    // for an hour is not drawn as a sliver at the edge of 24 hours).
    let first = to;
    for (const points of series.values()) for (const p of points) first = Math.min(first, p.t);
    const start = first < to ? Math.max(from, first - (to - first) * 0.02) : from;
    $('charts').replaceChildren(...metrics.map((m) => chart(m, units.get(m), series.get(m) || [], start, to, bucketed)));

    const hasPositions = d.kind === 'logistics' || d.last_values.some((v) => v.metric === 'lat');
    $('track-box').hidden = !hasPositions;
    if (hasPositions) {
      const t = await getJson(`/api/devices/${encodeURIComponent(d.id)}/track?` + query({ from, to, limit: RAW_LIMIT }));
      $('track-holder').replaceChildren(track(t.points));
    }
  }

  // ---------------------------------------------------------------- alarms

  function renderAlarms(alarms) {
    const rows = alarms.map((a) => el('tr', { 'data-testid': 'alarm-row', 'data-device': a.device, 'data-active': a.active ? 'true' : 'false' },
      el('td', {}, el('time', { datetime: a.time, title: a.time, text: fmtLocal(a.time_ms) })),
      el('td', { text: a.device }),
      el('td', { text: a.metric }),
      el('td', { text: a.kind }),
      el('td', {}, el('span', { class: a.raised ? 'badge badge-alarm' : 'badge badge-clear', text: a.raised ? 'raised' : 'cleared' })),
      el('td', { text: a.active ? 'active' : '' })));
    if (rows.length === 0) rows.push(el('tr', {}, el('td', { colspan: 6, class: 'empty', text: state.activeOnly ? 'No alarm is raised now.' : 'No alarms reported.' })));
    $('alarm-rows').replaceChildren(...rows);
  }

  // ---------------------------------------------------------------- refresh loop

  function showError(error) {
    const banner = $('error');
    banner.textContent = `Could not refresh: ${error && error.message ? error.message : error}`;
    banner.hidden = false;
  }

  async function refresh() {
    if (state.busy) return;
    state.busy = true;
    try {
      const [devices, alarms] = await Promise.all([
        getJson('/api/devices'),
        getJson('/api/alarms?' + query({ limit: 200, active: state.activeOnly ? 'true' : null })),
      ]);
      state.devices = devices.devices;
      renderDevices();
      renderAlarms(alarms.alarms);
      await refreshDetail();
      const stamp = $('refreshed');
      stamp.textContent = fmtLocal(Date.now());
      stamp.setAttribute('datetime', new Date().toISOString());
      $('error').hidden = true;
      state.refreshes += 1;
      document.body.setAttribute('data-refreshes', String(state.refreshes));
    } catch (error) {
      showError(error);
    } finally {
      state.busy = false;
    }
  }

  const fromHash = /^#device=([^&]+)$/.exec(location.hash);
  if (fromHash) state.selected = decodeURIComponent(fromHash[1]);
  const windowSelect = document.getElementById('window');
  state.windowMs = Number(windowSelect.value);
  windowSelect.addEventListener('change', () => { state.windowMs = Number(windowSelect.value); refreshDetail().catch(showError); });
  document.getElementById('active-only').addEventListener('change', (e) => { state.activeOnly = e.target.checked; refresh(); });
  refresh();
  setInterval(refresh, REFRESH_MS);
})();
