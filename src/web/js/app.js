// The page: asks for the token (kept in sessionStorage, this tab only), checks it, then wires the state, the
// live feed and the panels. Polls what has no WebSocket channel (P&L, execution quality, chain, status).
import { ApiClient } from './api_client.js';
import { LiveFeed } from './live_feed.js';
import { DeskState } from './desk_state.js';
import { el } from './dom.js';
import { positionsPanel } from './panels/positions.js';
import { ordersPanel } from './panels/orders.js';
import { fillsPanel } from './panels/fills.js';
import { greeksPnlPanel } from './panels/greeks_pnl.js';
import { riskPanel } from './panels/risk.js';
import { executionPanel } from './panels/execution.js';
import { ticketPanel } from './panels/ticket.js';
import { chainPanel } from './panels/chain.js';

const TOKEN_KEY = 'nightdesk.token';
const NOTE_KEY = 'nightdesk.note';
const UNDERLYING = 'SPY';
const $ = (id) => document.getElementById(id);

function askForToken(message = '') {
  $('desk').hidden = true;
  $('sign-out').hidden = true;
  $('token-gate').hidden = false;
  $('token-error').textContent = message;
  $('token-input').focus();
}

// Forgets the token and starts over (a reload drops the feed and the polls); `message` shows on the token form.
function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.setItem(NOTE_KEY, message);
  location.reload();
}

function notify(text, isError = false) {
  const note = el('div', { class: `toast ${isError ? 'error' : ''}`, role: 'status' }, text);
  $('toasts').append(note);
  setTimeout(() => note.remove(), isError ? 8000 : 4000);
}

async function open(token) {
  const api = new ApiClient(token);
  let status;
  try {
    status = await api.get('/status');
  } catch (e) {
    return askForToken(e.status === 401 ? 'That token is not valid.' : e.message);
  }
  // From now on a 401 means the token was revoked or the engine restarted with another one.
  api.onUnauthorized = () => signOut('The token was refused; enter it again.');
  sessionStorage.setItem(TOKEN_KEY, token);
  $('token-gate').hidden = true;
  $('desk').hidden = false;
  $('sign-out').hidden = false;

  const state = new DeskState(UNDERLYING);
  state.set('status', status);
  const body = (id) => $(id).querySelector('.body');
  const reads = {
    positions: async () => state.setPositions((await api.get('/positions')).positions),
    orders: async () => state.setOrders((await api.get('/orders')).orders),
    greeks: async () => state.set('greeks', await api.get('/portfolio/greeks')),
    risk: async () => state.set('risk', await api.get('/risk')),
    pnl: async () => state.addPnl(await api.get('/portfolio/pnl')),
    execution: async () => state.set('execution', await api.get('/execution/quality')),
    chain: async () => state.set('chain', await api.get(`/chains/${UNDERLYING}`)),
    status: async () => state.set('status', await api.get('/status')),
    quote: async () => state.set('quote', await api.get(`/quotes/${UNDERLYING}`)),
  };
  const refresh = (...names) => Promise.allSettled(names.map((n) => reads[n]()));

  positionsPanel(body('positions-panel'), state);
  ordersPanel(body('orders-panel'), state, { api, notify });
  fillsPanel(body('fills-panel'), state);
  greeksPnlPanel(body('greeks-panel'), state);
  riskPanel(body('risk-panel'), state, { api, notify, refresh: () => refresh('risk', 'status') });
  executionPanel(body('execution-panel'), state);
  const ticket = ticketPanel(body('ticket-panel'), state, { api, notify });
  chainPanel(body('chain-panel'), state, { pickLeg: (leg) => ticket.useLeg(leg) });
  state.on('quote', () => {
    const q = state.quote;
    $('spot').textContent = q ? `${UNDERLYING} ${q.bid} × ${q.ask}` : `${UNDERLYING} —`;
  });
  state.on('status', () => {
    const s = state.status;
    $('engine-status').textContent = `${s.mode} · engine ${s.engine_time.slice(0, 19).replace('T', ' ')} · breaker ${s.breaker}`;
  });

  // Which REST reads cover each channel after a gap or a reconnect.
  const channelReads = { positions: ['positions'], orders: ['orders'], fills: ['orders'], greeks: ['greeks', 'pnl'],
                         risk: ['risk'], [`quotes:${UNDERLYING}`]: ['quote'] };
  const feed = new LiveFeed({
    token,
    channels: Object.keys(channelReads),
    resync: (channels) => refresh(...new Set(channels.flatMap((c) => channelReads[c]))),
    onPush: (channel, data) => {
      if (channel === 'positions') state.mergePosition(data);
      else if (channel === 'orders') state.mergeOrder(data);
      else if (channel === 'fills') state.addFill(data);
      else if (channel === 'greeks') state.set('greeks', data);
      else if (channel === 'risk') state.set('risk', data);
      else if (channel.startsWith('quotes:')) state.set('quote', data);
    },
    onState: (s, detail) => {
      const live = $('live');
      live.textContent = s === 'live' ? 'live' : detail ? `${s} (${detail})` : s;
      live.className = `badge ${s === 'live' ? 'on' : 'off'}`;
    },
  });
  feed.start();
  window.nightdesk = { state, feed };  // for the browser console (and the end-to-end test)

  // No channel carries these: poll them.
  await refresh('pnl', 'execution', 'chain');
  setInterval(() => refresh('pnl', 'status'), 1000);
  setInterval(() => refresh('execution', 'chain'), 5000);
}

$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  open($('token-input').value.trim());
});
$('sign-out').addEventListener('click', () => signOut(''));
const saved = sessionStorage.getItem(TOKEN_KEY);
const note = sessionStorage.getItem(NOTE_KEY) || '';
sessionStorage.removeItem(NOTE_KEY);
if (saved) open(saved); else askForToken(note);
