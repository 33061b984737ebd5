// The live page of an Edge run: reads the run's event stream (server-sent events from /events)
// and draws it; sends teach commands to /command. Plain DOM and canvas, no library.
'use strict';

const ON = [255, 140, 0];
const OFF = [40, 140, 255];
const STRIP = 60;
const CHART = 600;
const RASTER_COLUMNS = 600;

const state = {
  token: tokenFromPage(),
  classes: [],
  controls: false,
  predictions: [],
  accuracy: [],
  raster: [],
  rasterLayer: -1,
  framesDrawn: 0,
  held: null,
};
window.edgePage = state;

function tokenFromPage() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const token = hash.get('token');
  if (token) {
    sessionStorage.setItem('edge-token', token);
    history.replaceState(null, '', location.pathname);
    return token;
  }
  return sessionStorage.getItem('edge-token');
}

const $ = (id) => document.getElementById(id);
const fmt = (x, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits));
const className = (i) => (i >= 0 && i < state.classes.length ? state.classes[i] : '–');
const palette = (i) => `hsl(${(i * 360 / Math.max(1, state.classes.length) + 20) % 360} 70% 55%)`;

function bytes(base64) {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

function connect() {
  const url = 'events' + (state.token ? '?token=' + encodeURIComponent(state.token) : '');
  const events = new EventSource(url);
  events.onopen = () => { $('link').textContent = 'live'; $('link').className = 'badge live'; };
  events.onerror = () => { $('link').textContent = 'reconnecting'; $('link').className = 'badge'; };
  events.addEventListener('hello', (e) => hello(JSON.parse(e.data)));
  events.addEventListener('frame', (e) => frame(JSON.parse(e.data)));
  events.addEventListener('predictions', (e) => predictions(JSON.parse(e.data).items));
  events.addEventListener('stats', (e) => stats(JSON.parse(e.data)));
  events.addEventListener('metrics', (e) => metrics(JSON.parse(e.data)));
  events.addEventListener('command', (e) => acknowledge(JSON.parse(e.data)));
  events.addEventListener('stopped', (e) => {
    const s = JSON.parse(e.data);
    $('link').textContent = 'run ended: ' + s.stopped; $('link').className = 'badge';
    events.close();
  });
}

function hello(h) {
  state.classes = h.classes;
  state.controls = h.controls;
  $('run').textContent = `${h.source} · ${h.network} · labels ${h.labels} · windows ${h.window} · T=${h.time_steps}`;
  $('frame').width = h.width;
  $('frame').height = h.height;
  $('n-state').textContent = `${(h.learning_state_bytes / 1024).toFixed(1)} KiB (all buffers ${(h.memory_bytes / 1048576).toFixed(2)} MiB)`;
  $('n-lr').textContent = h.learning_rate;
  const select = $('raster-layer');
  select.replaceChildren(...h.layers.map((l, i) => new Option(`${l.name} (${l.sampled} of ${l.neurons})`, i, false, i === h.raster_layer)));
  teachButtons();
}

function teachButtons() {
  const box = $('teach-buttons');
  box.replaceChildren();
  $('controls-note').textContent = state.controls
    ? 'Hold a class button while the camera shows that class: it sends "label NAME", and "label -" when you let go.'
    : 'This run does not take its labels from the page (start it with --labels page to teach here).';
  state.classes.forEach((name) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = name;
    b.dataset.class = name;
    b.className = 'teach';
    b.disabled = !state.controls;
    b.addEventListener('pointerdown', (e) => { e.preventDefault(); hold(b, name); });
    for (const up of ['pointerup', 'pointerleave', 'pointercancel']) b.addEventListener(up, () => release(b));
    box.appendChild(b);
  });
  for (const id of ['stop-label', 'mode-learn', 'mode-infer', 'set-lr', 'save', 'lr']) $(id).disabled = !state.controls;
}

function hold(button, name) {
  if (state.held) return;
  state.held = button;
  button.classList.add('held');
  send('label ' + name);
}

function release(button) {
  if (state.held !== button) return;
  state.held = null;
  button.classList.remove('held');
  send('label -');
}

async function send(command) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  try {
    const response = await fetch('command', { method: 'POST', headers, body: JSON.stringify({ command }) });
    if (!response.ok) acknowledge({ command, ok: false, error: (await response.text()).trim(), origin: 'page' });
  } catch (err) {
    acknowledge({ command, ok: false, error: String(err), origin: 'page' });
  }
}

function acknowledge(result) {
  const item = document.createElement('li');
  item.textContent = `${result.command} (${result.origin}): ${result.ok ? 'done' : 'refused: ' + result.error}`;
  if (!result.ok) item.className = 'refused';
  const list = $('acks');
  list.prepend(item);
  while (list.children.length > 50) list.lastChild.remove();
}

function frame(f) {
  const canvas = $('frame');
  if (canvas.width !== f.width || canvas.height !== f.height) { canvas.width = f.width; canvas.height = f.height; }
  const on = bytes(f.on);
  const off = bytes(f.off);
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(f.width, f.height);
  for (let i = 0; i < on.length; i++) {
    const o = i * 4;
    image.data[o + 3] = 255;
    if (on[i] === 0 && off[i] === 0) continue;
    const [colour, level] = on[i] >= off[i] ? [ON, on[i]] : [OFF, off[i]];
    const k = 0.35 + 0.65 * level / 255;
    image.data[o] = colour[0] * k;
    image.data[o + 1] = colour[1] * k;
    image.data[o + 2] = colour[2] * k;
  }
  ctx.putImageData(image, 0, 0);
  state.framesDrawn++;
  $('frame-caption').textContent = `${f.steps} steps up to window ${f.windows}; brightest pixel ${fmt(f.max_events, 0)} events`;
  rates(f.rates);
  raster(f);
}

function rates(values) {
  const box = $('rates');
  const select = $('raster-layer');
  box.replaceChildren(...values.map((r, i) => {
    const row = document.createElement('div');
    row.className = 'bar';
    const name = document.createElement('span');
    name.textContent = select.options[i] ? select.options[i].text.split(' (')[0] : 'layer ' + i;
    const bar = document.createElement('div');
    bar.style.width = Math.min(100, r * 400) + '%';
    const value = document.createElement('span');
    value.textContent = (r * 100).toFixed(2) + ' %';
    row.append(name, bar, value);
    return row;
  }));
}

function raster(f) {
  if (f.raster_layer !== state.rasterLayer) { state.raster = []; state.rasterLayer = f.raster_layer; }
  const data = bytes(f.raster);
  const view = new DataView(data.buffer);
  for (let s = 0; s < f.steps; s++) state.raster.push([view.getUint32(s * 8, true), view.getUint32(s * 8 + 4, true)]);
  state.raster.push(null); // a gap between captures
  while (state.raster.length > RASTER_COLUMNS) state.raster.shift();
  const canvas = $('raster');
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const rows = Math.max(1, f.raster_neurons);
  const h = canvas.height / rows;
  const w = canvas.width / RASTER_COLUMNS;
  state.raster.forEach((mask, x) => {
    if (mask === null) { ctx.fillStyle = '#333'; ctx.fillRect(x * w, 0, w, canvas.height); return; }
    ctx.fillStyle = '#e6e9ee';
    for (let n = 0; n < rows; n++) {
      const bit = n < 32 ? (mask[0] >>> n) & 1 : (mask[1] >>> (n - 32)) & 1;
      if (bit) ctx.fillRect(x * w, n * h, Math.max(1, w), Math.max(1, h - 0.5));
    }
  });
}

function predictions(items) {
  if (items.length === 0) return;
  state.predictions.push(...items);
  while (state.predictions.length > STRIP) state.predictions.shift();
  const last = items[items.length - 1];
  $('prediction').textContent = className(last.class);
  $('prediction').style.color = palette(last.class);
  $('confidence').textContent = `confidence ${(last.confidence * 100).toFixed(1)} %` + (last.learned ? ' · learned' : '');
  const max = Math.max(...last.scores);
  const exp = last.scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  $('scores').replaceChildren(...last.scores.map((s, i) => {
    const row = document.createElement('div');
    row.className = 'bar' + (i === last.class ? ' best' : '');
    const name = document.createElement('span');
    name.textContent = state.classes[i];
    const bar = document.createElement('div');
    bar.style.width = (100 * exp[i] / sum) + '%';
    const value = document.createElement('span');
    value.textContent = `${(100 * exp[i] / sum).toFixed(1)} % (${s.toFixed(2)})`;
    row.append(name, bar, value);
    return row;
  }));
  strip();
}

function strip() {
  const canvas = $('strip');
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const w = canvas.width / STRIP;
  let right = 0, known = 0;
  state.predictions.forEach((p, i) => {
    const against = p.label >= 0 ? p.label : p.truth;
    ctx.fillStyle = palette(p.class);
    ctx.fillRect(i * w, 0, w - 1, 26);
    if (against >= 0) {
      ctx.fillStyle = palette(against);
      ctx.fillRect(i * w, 34, w - 1, 26);
      known++;
      if (against === p.class) right++;
      else { ctx.fillStyle = '#ff4040'; ctx.fillRect(i * w, 27, w - 1, 6); }
    }
  });
  $('strip-caption').textContent = known === 0
    ? 'no label or truth for these windows'
    : `${right} of ${known} right (red mark: wrong)`;
}

function stats(s) {
  $('n-mode').textContent = s.mode;
  $('n-label').textContent = s.label ?? '–';
  $('n-windows').textContent = `${s.windows} (${s.samples} taught)`;
  $('n-events').textContent = fmt(s.events_per_s, 0);
  $('n-steps').textContent = fmt(s.steps_per_s, 1);
  $('n-dropped').textContent = s.events_dropped;
  $('n-page-dropped').textContent = s.page_frames_dropped;
  $('n-lr').textContent = s.learning_rate;
  state.accuracy.push({ t: s.elapsed_s, taught: s.accuracy_taught, truth: s.accuracy_truth });
  while (state.accuracy.length > CHART) state.accuracy.shift();
  chart();
}

function metrics(m) {
  $('n-metrics').textContent = `${fmt(m.elapsed_s, 1)} s: accuracy taught ${fmt(m.accuracy_taught)}, truth ${fmt(m.accuracy_truth)}, loss ${fmt(m.loss)}, mode ${m.mode}`;
}

function chart() {
  const canvas = $('accuracy');
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height, pad = 24;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, W, H);
  ctx.strokeStyle = '#333';
  ctx.fillStyle = '#8b95a3';
  ctx.font = '10px sans-serif';
  for (const y of [0, 0.5, 1]) {
    const py = H - pad - y * (H - 2 * pad);
    ctx.beginPath(); ctx.moveTo(pad, py); ctx.lineTo(W - 4, py); ctx.stroke();
    ctx.fillText(y.toFixed(1), 2, py + 3);
  }
  const points = state.accuracy;
  canvas.dataset.points = String(points.length);
  if (points.length === 0) return;
  const t0 = points[0].t, t1 = Math.max(points[points.length - 1].t, t0 + 1);
  ctx.fillText(`${fmt(t0, 0)} s`, pad, H - 6);
  ctx.fillText(`${fmt(t1, 0)} s`, W - 40, H - 6);
  for (const [key, colour] of [['taught', '#ffd24a'], ['truth', '#56d364']]) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    let started = false;
    for (const p of points) {
      if (p[key] === null || p[key] === undefined) { started = false; continue; }
      const x = pad + (p.t - t0) / (t1 - t0) * (W - pad - 4);
      const y = H - pad - p[key] * (H - 2 * pad);
      if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
    }
    ctx.stroke();
  }
}

function wireControls() {
  $('stop-label').addEventListener('click', () => send('label -'));
  $('mode-learn').addEventListener('click', () => send('mode learn'));
  $('mode-infer').addEventListener('click', () => send('mode infer'));
  $('save').addEventListener('click', () => send('save'));
  $('set-lr').addEventListener('click', () => { const v = $('lr').value.trim(); if (v) send('lr ' + v); });
  $('raster-layer').addEventListener('change', async (e) => {
    const headers = state.token ? { Authorization: 'Bearer ' + state.token } : {};
    await fetch('raster?layer=' + encodeURIComponent(e.target.value), { method: 'POST', headers });
  });
}

wireControls();
connect();
