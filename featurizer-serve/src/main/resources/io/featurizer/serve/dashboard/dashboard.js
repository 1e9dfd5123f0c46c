// Featurizer's live dashboard: charts of picked feature fields, the top of book and the feeds' health, from the
// server's SSE stream (one JSON object per combined vector: "timestamp", "receipt_timestamp", "sequence", "vector",
// "{feature}-{field}"). Plain JS, no build step; uPlot draws the charts.
(function () {
  'use strict';

  const MAX_POINTS = 3000;      // points kept per field (a ring): the last 2.5 minutes at 20 vectors/s
  const DEFAULT_CHARTS = 4;     // fields charted before the user picks any
  const RENDER_MS = 250;        // the page redraws at most this often, however fast vectors come
  const FEEDS_MS = 1000;        // feed health poll period
  const BOOK_LEVELS = 5;

  const query = new URLSearchParams(location.search);
  const token = query.get('token');
  // the page asks the server for at most one vector per interval (the latest): a person cannot read more, and a
  // sampled client is never dropped however fast the engine runs; ?every=0 on the page's URL asks for every vector
  const every = query.get('every') || '50ms';
  // the server's token, when it has one, rides on every request (an EventSource cannot set a header)
  const withToken = url => token ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : url;

  const state = {
    features: [],
    scalars: [],          // fields with one number per vector: {feature, field, key}
    books: [],            // features carrying a book: {feature, bidPrices, bidSizes, askPrices, askSizes}
    ring: null,           // the last MAX_POINTS vectors' times and scalar values (see Ring)
    picked: [],           // keys charted, in order
    panels: new Map(),    // key -> {plot, el, latest, box}
    last: null,           // the latest vector
    vectors: 0,
    skipped: 0,
    dirty: false,
  };

  const $ = id => document.getElementById(id);

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fmt(v) {
    if (v === null || v === undefined) return '–';
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v); // a price of 30000 reads like 29999.99 next to it
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e9) ? v.toExponential(5) : v.toPrecision(8).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  }

  // axis ticks: short, and distinct for tiny values (a relative spread of 3e-7)
  function tick(v) {
    const a = Math.abs(v);
    if (v === 0) return '0';
    return a < 1e-3 || a >= 1e9 ? v.toExponential(2) : String(+v.toPrecision(7));
  }

  // time ticks in UTC, ISO style: 10:00:13 (10:00:13.500 when ticks fall between seconds)
  function timeTicks(u, splits) {
    const between = splits.some(t => Math.abs(t - Math.round(t)) > 1e-6);
    return splits.map(t => new Date(t * 1000).toISOString().slice(11, between ? 23 : 19));
  }

  function utc(ns) {
    return new Date(ns / 1e6).toISOString().replace('T', ' ').replace('Z', ' UTC');
  }

  // ---- the config's features: picker, history buffers, book detection
  function loadFeatures(json) {
    state.features = json.features;
    for (const f of json.features) {
      const byName = new Map(f.fields.map(x => [x.name, x]));
      for (const x of f.fields) {
        if (x.type !== 'array') {
          state.scalars.push({feature: f.name, field: x.name, key: x.key});
        }
      }
      if (byName.has('bid_prices') && byName.has('ask_prices')) {
        state.books.push({feature: f.name, bidPrices: byName.get('bid_prices').key, askPrices: byName.get('ask_prices').key,
          bidSizes: byName.has('bid_sizes') ? byName.get('bid_sizes').key : null,
          askSizes: byName.has('ask_sizes') ? byName.get('ask_sizes').key : null});
      }
    }
    state.ring = new Ring(state.scalars.map(s => s.key));
    const fromHash = decodeURIComponent(location.hash.slice(1)).split(',').filter(k => state.ring.ys.has(k));
    state.picked = fromHash.length ? fromHash : state.scalars.slice(0, DEFAULT_CHARTS).map(s => s.key);
    buildPicker();
    buildPanels();
  }

  function buildPicker() {
    const list = $('picker-list');
    list.textContent = '';
    for (const f of state.features) {
      const group = el('div', {class: 'feature'});
      group.appendChild(el('div', {}, f.name));
      for (const x of f.fields) {
        if (x.type === 'array') continue;
        const label = el('label');
        const box = el('input', {type: 'checkbox', 'data-key': x.key});
        box.checked = state.picked.includes(x.key);
        box.addEventListener('change', () => {
          state.picked = box.checked ? state.picked.concat([x.key]) : state.picked.filter(k => k !== x.key);
          history.replaceState(null, '', location.search + '#' + encodeURIComponent(state.picked.join(',')));
          buildPanels();
        });
        label.appendChild(box);
        label.appendChild(document.createTextNode(' ' + x.name));
        group.appendChild(label);
      }
      list.appendChild(group);
    }
  }

  function buildPanels() {
    const charts = $('charts');
    for (const [key, p] of state.panels) {
      if (!state.picked.includes(key)) {
        p.plot.destroy();
        p.el.remove();
        state.panels.delete(key);
      }
    }
    for (const key of state.picked) {
      if (!state.panels.has(key)) state.panels.set(key, makePanel(key));
      charts.appendChild(state.panels.get(key).el); // in picking order
    }
    for (const p of charts.querySelectorAll(':scope > p.hint')) p.remove();
    if (!state.picked.length) charts.appendChild(el('p', {class: 'hint'}, 'Pick a feature field on the left.'));
    state.dirty = true;
    if (state.ring) render(); // a new chart shows its history at once
  }

  const COLORS = ['#1f5fa8', '#c2571a', '#23804a', '#8a3ca3', '#a3322b', '#2a8a8a'];

  function makePanel(key) {
    const el_ = el('div', {class: 'panel', 'data-key': key});
    const title = el('h3');
    title.appendChild(el('span', {}, key));
    const latest = el('span', {class: 'latest', 'data-key': key}, '–');
    title.appendChild(latest);
    el_.appendChild(title);
    const box = el('div', {class: 'chart', 'data-key': key, 'data-points': '0'});
    el_.appendChild(box);
    const color = COLORS[state.scalars.findIndex(s => s.key === key) % COLORS.length];
    const plot = new uPlot({
      width: 600, height: 170,
      legend: {show: false},
      tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'), // exchange time in UTC, as everywhere in Featurizer
      scales: {x: {time: true}},
      axes: [{values: timeTicks, space: 50}, {size: 80, values: (u, splits) => splits.map(tick)}],
      // a feature's value holds until its next output: a step, as the point-in-time join reads it
      series: [{}, {label: key, stroke: color, width: 1.5, paths: uPlot.paths.stepped({align: 1}), points: {show: false}}],
    }, state.ring.series(key), box);
    return {plot, el: el_, latest, box};
  }

  // ---- the stream
  // A ring of the last MAX_POINTS vectors in typed arrays: a vector costs one store per field however fast vectors
  // come; the arrays uPlot draws are built only at render time, only for the charted fields.
  function Ring(keys) {
    this.xs = new Float64Array(MAX_POINTS);
    this.ys = new Map(keys.map(k => [k, new Float64Array(MAX_POINTS)]));
    this.next = 0;
    this.size = 0;
  }
  Ring.prototype.add = function (v) {
    const i = this.next;
    // uPlot's time axis is in seconds and must not go back; vectors come in the order the engine took its inputs,
    // in which venues' exchange clocks interleave a few ms apart: an earlier time is drawn at the latest one so far
    const x = v.timestamp / 1e9;
    this.xs[i] = this.size > 0 && x < this.lastX ? this.lastX : x;
    this.lastX = this.xs[i];
    for (const [k, ys] of this.ys) {
      const y = v[k];
      ys[i] = typeof y === 'number' ? y : NaN; // null (no value yet) is a gap in the chart
    }
    this.next = (i + 1) % MAX_POINTS;
    this.size = Math.min(this.size + 1, MAX_POINTS);
  };
  Ring.prototype.series = function (key) {
    const ys = this.ys.get(key), xs = new Array(this.size), out = new Array(this.size);
    for (let j = 0, i = (this.next - this.size + MAX_POINTS) % MAX_POINTS; j < this.size; j++, i = (i + 1) % MAX_POINTS) {
      xs[j] = this.xs[i];
      out[j] = Number.isNaN(ys[i]) ? null : ys[i];
    }
    return [xs, out];
  };

  function onVector(v) {
    // "vector" numbers the stream's vectors (an input that changes no output has a sequence but no vector):
    // a jump is vectors this page never got (the server's sampling, or a slow client's dropped messages)
    if (state.last !== null && v.vector > state.last.vector + 1) state.skipped += v.vector - state.last.vector - 1;
    state.last = v;
    state.vectors++;
    state.ring.add(v);
    state.dirty = true;
  }

  function connect() {
    const conn = $('connection');
    const source = new EventSource(withToken('/v1/sse' + (every === '0' ? '' : '?every=' + encodeURIComponent(every))));
    source.onopen = () => { conn.dataset.state = 'open'; conn.textContent = 'live'; };
    source.onerror = () => { conn.dataset.state = 'error'; conn.textContent = 'reconnecting'; }; // EventSource retries on its own
    source.onmessage = e => onVector(JSON.parse(e.data));
  }

  // ---- drawing, at most every RENDER_MS
  function render() {
    if (!state.dirty) return;
    state.dirty = false;
    const v = state.last;
    $('vectors').textContent = state.vectors.toLocaleString('en-US');
    $('vectors').dataset.count = state.vectors;
    if (v) $('vectors').dataset.lastVector = v.vector;
    $('skipped').textContent = state.skipped.toLocaleString('en-US');
    if (v) {
      $('sequence').textContent = v.sequence;
      $('exchange-time').textContent = utc(v.timestamp);
    }
    for (const [key, p] of state.panels) {
      const width = p.box.clientWidth || 600;
      if (p.plot.width !== width) p.plot.setSize({width, height: 170});
      const [xs, ys] = state.ring.series(key);
      p.plot.setData([xs, ys]);
      p.box.dataset.points = xs.length;
      if (v) {
        const y = v[key] === undefined ? null : v[key];
        p.latest.textContent = fmt(y);
        p.latest.dataset.value = String(y); // exact: String() of a double reads back as the same double
        p.latest.dataset.sequence = v.sequence;
      }
    }
    if (v) renderBook(v);
  }

  function renderBook(v) {
    const box = $('book');
    box.textContent = '';
    if (!state.books.length) {
      // no book in the config: show whatever the vector carries about prices
      const mids = state.scalars.filter(s => /mid|bid|ask/.test(s.field));
      if (!mids.length) { box.appendChild(el('p', {class: 'hint'}, 'The config has no book or mid price feature.')); return; }
      const t = el('table');
      for (const s of mids) {
        const tr = el('tr', {'data-key': s.key});
        tr.appendChild(el('td', {}, s.key));
        tr.appendChild(el('td', {'data-value': String(v[s.key])}, fmt(v[s.key])));
        t.appendChild(tr);
      }
      box.appendChild(t);
      return;
    }
    for (const b of state.books) {
      const bids = v[b.bidPrices] || [], asks = v[b.askPrices] || [];
      const bidSizes = (b.bidSizes && v[b.bidSizes]) || [], askSizes = (b.askSizes && v[b.askSizes]) || [];
      const div = el('div', {class: 'book', 'data-feature': b.feature});
      div.appendChild(el('div', {}, b.feature));
      const top = el('div', {class: 'top'});
      const bestBid = bids.length ? bids[0] : null, bestAsk = asks.length ? asks[0] : null;
      top.appendChild(el('span', {class: 'bid best-bid', 'data-value': String(bestBid)}, 'bid ' + fmt(bestBid)));
      top.appendChild(el('span', {class: 'ask best-ask', 'data-value': String(bestAsk)}, 'ask ' + fmt(bestAsk)));
      if (bestBid !== null && bestAsk !== null) {
        top.appendChild(el('span', {class: 'spread'}, 'spread ' + fmt(bestAsk - bestBid)));
      }
      div.appendChild(top);
      const t = el('table');
      const head = el('tr');
      for (const c of ['bid size', 'bid', 'ask', 'ask size']) head.appendChild(el('th', {}, c));
      t.appendChild(head);
      for (let i = 0; i < Math.min(BOOK_LEVELS, Math.max(bids.length, asks.length)); i++) {
        const tr = el('tr');
        tr.appendChild(el('td', {class: 'bid'}, fmt(bidSizes[i])));
        tr.appendChild(el('td', {class: 'bid'}, fmt(bids[i])));
        tr.appendChild(el('td', {class: 'ask'}, fmt(asks[i])));
        tr.appendChild(el('td', {class: 'ask'}, fmt(askSizes[i])));
        t.appendChild(tr);
      }
      div.appendChild(t);
      box.appendChild(div);
    }
  }

  // ---- feeds
  function pollFeeds() {
    fetch(withToken('/dashboard/feeds'))
      .then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(json => {
        $('feeds-error').textContent = json.feeds.length ? '' : 'no live feed (replay from storage)';
        const body = document.querySelector('#feeds tbody');
        body.textContent = '';
        for (const f of json.feeds) {
          const tr = el('tr', {'data-feed': f.name});
          tr.appendChild(el('td', {}, f.name));
          tr.appendChild(el('td', {class: 'feed-state', 'data-state': f.state}, f.state));
          for (const k of ['events', 'resyncs', 'reconnects', 'stale', 'dropped']) {
            tr.appendChild(el('td', {class: 'feed-' + k, 'data-value': f[k]}, f[k].toLocaleString('en-US')));
          }
          body.appendChild(tr);
        }
      })
      .catch(e => {
        // the server did not answer: the states shown are no longer known
        for (const td of document.querySelectorAll('#feeds td.feed-state')) { td.dataset.state = 'unknown'; td.textContent = 'unknown'; }
        $('feeds-error').textContent = 'feeds: ' + e.message;
      });
  }

  fetch(withToken('/dashboard/features'))
    .then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(json => {
      loadFeatures(json);
      connect();
      setInterval(render, RENDER_MS);
      pollFeeds();
      setInterval(pollFeeds, FEEDS_MS);
      window.addEventListener('resize', () => { state.dirty = true; });
    })
    .catch(e => { $('charts').appendChild(el('p', {class: 'hint'}, 'cannot load the features: ' + e.message)); });
})();
