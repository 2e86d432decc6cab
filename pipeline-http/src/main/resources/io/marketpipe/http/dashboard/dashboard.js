// The marketpipe dashboard: plain JavaScript, no dependencies. Prices stay the exact decimal
// strings the server sends; only the charts turn them into numbers.
'use strict';

const token = new URLSearchParams(location.search).get('token');
const withToken = (url) => token ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : url;
const $ = (id) => document.getElementById(id);
const UNITS = { s: 1000, m: 60000, h: 3600000, d: 86400000 };
const intervalMillis = (label) => Number(label.slice(0, -1)) * UNITS[label.slice(-1)];

const state = {
  symbol: null,
  symbols: new Set(),
  venues: new Map(),      // symbol -> Map(venueKey -> {bid, ask, last, updated, book})
  candles: new Map(),     // symbol -> Map(start -> candle) of the chosen venue
  consolidated: null,
  interval: new URLSearchParams(location.search).get('interval') || '1m',
  dirty: true,
};

async function getJson(path) {
  const response = await fetch(withToken(path), { cache: 'no-store' });
  if (!response.ok && response.status !== 503) {
    throw new Error(path + ': ' + response.status);
  }
  return response.json();
}

function venuesOf(symbol) {
  if (!state.venues.has(symbol)) {
    state.venues.set(symbol, new Map());
  }
  return state.venues.get(symbol);
}

function addSymbol(symbol) {
  if (state.symbols.has(symbol)) {
    return;
  }
  state.symbols.add(symbol);
  const option = document.createElement('option');
  option.value = symbol;
  option.textContent = symbol;
  $('instrument').appendChild(option);
  if (state.symbol === null) {
    state.symbol = symbol;
    $('instrument').value = symbol;
    loadCandles();
  }
}

function onEvent(event) {
  if (event.type === 'status') {
    onStatus(event);
    return;
  }
  if (!event.symbol) {
    return;
  }
  addSymbol(event.symbol);
  const venue = venuesOf(event.symbol);
  const key = event.exchange + ':' + event.market;
  const row = venue.get(key) || {};
  venue.set(key, row);
  switch (event.type) {
    case 'trade':
      row.last = event.price;
      row.lastSide = event.side;
      formCandle(event);
      break;
    case 'quote':
      row.bid = event.bid;
      row.ask = event.ask;
      break;
    case 'ticker':
      if (event.bid) { row.bid = event.bid; }
      if (event.ask) { row.ask = event.ask; }
      if (event.last) { row.last = event.last; }
      break;
    case 'book':
      if (event.bids.length) { row.bid = event.bids[0][0]; }
      if (event.asks.length) { row.ask = event.asks[0][0]; }
      row.book = event;
      break;
    case 'candle':
      if (event.symbol === state.symbol && event.interval === state.interval) {
        candlesOf(event.symbol).set(event.start, event);
      }
      break;
    default:
      return;
  }
  row.updated = event.ts;
  state.dirty = true;
}

const connections = new Map();

function onStatus(event) {
  if (event.symbol) {
    return;
  }
  if (event.kind === 'connected') {
    connections.set(event.source, 'connected');
  } else if (event.kind === 'disconnected' || event.kind === 'reconnecting' || event.kind === 'circuit_open') {
    connections.set(event.source, event.kind);
  }
}

function candlesOf(symbol) {
  if (!state.candles.has(symbol)) {
    state.candles.set(symbol, new Map());
  }
  return state.candles.get(symbol);
}

// the candle still forming, from the trades, until the pipeline sends the final one
function formCandle(trade) {
  if (trade.symbol !== state.symbol) {
    return;
  }
  const millis = intervalMillis(state.interval);
  const start = Math.floor(trade.ts / millis) * millis;
  const candles = candlesOf(trade.symbol);
  const candle = candles.get(start);
  if (candle && candle.final) {
    return;
  }
  const price = trade.price;
  if (!candle) {
    candles.set(start, { start, open: price, high: price, low: price, close: price, final: false });
    return;
  }
  if (Number(price) > Number(candle.high)) { candle.high = price; }
  if (Number(price) < Number(candle.low)) { candle.low = price; }
  candle.close = price;
}

function connectStream() {
  const source = new EventSource(withToken('api/v1/stream?channels=trades,quotes,book,tickers,candles,status&throttle=250ms'));
  source.onopen = () => setBadge('stream-state', 'stream: live', 'healthy');
  source.onmessage = (message) => onEvent(JSON.parse(message.data));
  source.addEventListener('disconnect', (message) => {
    setBadge('stream-state', 'stream: ' + JSON.parse(message.data).reason, 'critical');
  });
  source.onerror = () => setBadge('stream-state', 'stream: reconnecting', 'degraded');
}

function setBadge(id, text, level) {
  const badge = $(id);
  badge.textContent = text;
  badge.className = 'badge ' + level;
}

async function pollHealth() {
  try {
    const health = await getJson('health');
    setBadge('health', 'health: ' + health.status, health.status);
  } catch (e) {
    setBadge('health', 'health: unreachable', 'critical');
  }
}

async function pollSources() {
  try {
    const sources = (await getJson('api/v1/sources')).sources;
    const body = $('sources').tBodies[0];
    body.replaceChildren(...sources.map((source) => {
      const connection = source.connected ? 'connected' : (connections.get(source.source) || 'disconnected');
      return tr([
        td(source.source),
        td(connection, source.connected ? 'connected' : 'disconnected'),
        td(source.score + ' ' + source.level, source.level),
        td(source.reasons.join('; ') || '–', 'reasons'),
        td(source.events_per_second.toFixed(1), 'num'),
      ], 'source-' + source.source);
    }));
  } catch (e) {
    // the next poll tries again
  }
}

async function pollInstruments() {
  try {
    (await getJson('api/v1/instruments')).instruments.forEach((instrument) => addSymbol(instrument.symbol));
  } catch (e) {
    // the stream adds instruments too
  }
}

async function pollConsolidated() {
  if (!state.symbol) {
    return;
  }
  try {
    const views = await getJson('api/v1/consolidated?symbol=' + encodeURIComponent(state.symbol));
    state.consolidated = views.enabled ? (views.instruments[0] || null) : null;
    state.dirty = true;
  } catch (e) {
    state.consolidated = null;
  }
}

async function loadCandles() {
  const symbol = state.symbol;
  if (!symbol) {
    return;
  }
  try {
    const candles = (await getJson('api/v1/candles?interval=' + state.interval + '&symbol=' + encodeURIComponent(symbol))).candles;
    const map = candlesOf(symbol);
    candles.forEach((candle) => map.set(candle.start, candle));
    state.dirty = true;
  } catch (e) {
    // live trades still draw the forming candle
  }
}

function tr(cells, id) {
  const row = document.createElement('tr');
  if (id) { row.id = id; }
  row.append(...cells);
  return row;
}

function td(text, className, id) {
  const cell = document.createElement('td');
  cell.textContent = text === undefined || text === null ? '–' : text;
  if (className) { cell.className = className; }
  if (id) { cell.id = id; }
  return cell;
}

function render() {
  if (!state.dirty || !state.symbol) {
    return;
  }
  state.dirty = false;
  const venues = venuesOf(state.symbol);
  const body = $('venues').tBodies[0];
  body.replaceChildren(...[...venues.entries()].sort().map(([key, row]) => {
    const id = key.replace(':', '-');
    return tr([
      td(key),
      td(row.bid, 'num bid', 'bid-' + id),
      td(row.ask, 'num ask', 'ask-' + id),
      td(row.last, 'num ' + (row.lastSide === 'sell' ? 'ask' : 'bid'), 'last-' + id),
      td(row.updated ? new Date(row.updated).toISOString().substring(11, 23) : '–', 'num'),
    ], 'venue-' + id);
  }));
  const view = state.consolidated;
  $('consensus-price').textContent = view && view.consensus ? view.consensus.price : '–';
  $('active-source').textContent = view && view.active_source ? view.active_source : '–';
  $('spread').textContent = view && view.spread ? view.spread + (view.spread_bps !== undefined ? ' (' + view.spread_bps.toFixed(2) + ' bps)' : '') : '–';
  drawDepth(venues);
  drawCandles();
}

// the merged book across venues when aggregation is on, else the book of the first venue that has one
function depthLevels(venues) {
  const view = state.consolidated;
  if (view && (view.bids.length || view.asks.length)) {
    return { bids: view.bids, asks: view.asks, caption: 'merged book, ' + view.sources.filter((s) => s.healthy).length + ' source(s)' };
  }
  for (const [key, row] of venues) {
    if (row.book) {
      return { bids: row.book.bids, asks: row.book.asks, caption: 'book of ' + key };
    }
  }
  return { bids: [], asks: [], caption: 'no book yet' };
}

function drawDepth(venues) {
  const levels = depthLevels(venues);
  $('depth-caption').textContent = 'depth: ' + levels.caption;
  const canvas = $('depth');
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  const bids = cumulative(levels.bids);
  const asks = cumulative(levels.asks);
  if (!bids.length && !asks.length) {
    return;
  }
  const prices = bids.concat(asks).map((p) => p[0]);
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  const top = Math.max(...bids.concat(asks).map((p) => p[1]));
  const pad = 30;
  const x = (price) => pad + (high === low ? 0.5 : (price - low) / (high - low)) * (canvas.width - 2 * pad);
  const y = (size) => canvas.height - pad - (size / top) * (canvas.height - 2 * pad);
  area(g, bids, x, y, canvas.height - pad, '#2fbf71');
  area(g, asks, x, y, canvas.height - pad, '#e5534b');
  g.fillStyle = '#7d8a96';
  g.font = '11px sans-serif';
  g.fillText(low.toString(), pad, canvas.height - 10);
  const highText = high.toString();
  g.fillText(highText, canvas.width - pad - g.measureText(highText).width, canvas.height - 10);
}

function cumulative(levels) {
  let total = 0;
  return levels.map(([price, size]) => {
    total += Number(size);
    return [Number(price), total];
  });
}

function area(g, points, x, y, base, color) {
  if (!points.length) {
    return;
  }
  g.beginPath();
  g.moveTo(x(points[0][0]), base);
  points.forEach(([price, size], i) => {
    if (i > 0) { g.lineTo(x(price), y(points[i - 1][1])); }
    g.lineTo(x(price), y(size));
  });
  g.lineTo(x(points[points.length - 1][0]), base);
  g.closePath();
  g.fillStyle = color + '44';
  g.fill();
  g.strokeStyle = color;
  g.stroke();
}

function drawCandles() {
  const canvas = $('candles');
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, canvas.width, canvas.height);
  const candles = [...candlesOf(state.symbol).values()].sort((a, b) => a.start - b.start).slice(-60);
  $('candles-caption').textContent = 'candles (' + candles.length + ')';
  if (!candles.length) {
    return;
  }
  const low = Math.min(...candles.map((c) => Number(c.low)));
  const high = Math.max(...candles.map((c) => Number(c.high)));
  const pad = 20;
  const width = (canvas.width - 2 * pad) / 60;
  const y = (price) => pad + (high === low ? 0.5 : (high - Number(price)) / (high - low)) * (canvas.height - 2 * pad);
  candles.forEach((c, i) => {
    const left = pad + (60 - candles.length + i) * width;
    const up = Number(c.close) >= Number(c.open);
    g.strokeStyle = g.fillStyle = up ? '#2fbf71' : '#e5534b';
    g.beginPath();
    g.moveTo(left + width / 2, y(c.high));
    g.lineTo(left + width / 2, y(c.low));
    g.stroke();
    const bodyTop = y(up ? c.close : c.open);
    g.fillRect(left + 1, bodyTop, Math.max(1, width - 2), Math.max(1, y(up ? c.open : c.close) - bodyTop));
  });
  g.fillStyle = '#7d8a96';
  g.font = '11px sans-serif';
  g.fillText(high.toString(), 2, 12);
  g.fillText(low.toString(), 2, canvas.height - 4);
}

$('instrument').addEventListener('change', (e) => {
  state.symbol = e.target.value;
  state.consolidated = null;
  state.dirty = true;
  loadCandles();
  pollConsolidated();
});

$('interval').value = state.interval;
$('interval').addEventListener('change', (e) => {
  state.interval = e.target.value;
  state.candles.clear();
  state.dirty = true;
  loadCandles();
});

connectStream();
pollInstruments();
pollHealth();
pollSources();
setInterval(pollHealth, 5000);
setInterval(pollSources, 1000);
setInterval(pollInstruments, 5000);
setInterval(pollConsolidated, 1000);
setInterval(loadCandles, 15000);
setInterval(render, 250);
