// Risk: the breaker (halt and reset, each confirmed with a reason), limit usage as bars, buying power and the
// latest audit entries.
import { el, replace, money, num, clock } from '../dom.js';
import { confirmWithReason } from '../confirm_dialog.js';

function usageBar(label, used, limit, text) {
  const share = limit > 0 ? Math.min(1, Math.abs(used) / limit) : 0;
  const bar = el('span', { class: `bar ${share > 0.8 ? 'hot' : ''}` }, el('span', { class: 'fill' }));
  bar.firstChild.style.width = `${Math.round(share * 100)}%`;
  return el('div', { class: 'usage' }, el('span', { class: 'label' }, label), bar, el('span', { class: 'small' }, text));
}

const percent = (text) => Number(String(text || '0').replace('%', ''));

export function riskPanel(root, state, { api, notify, refresh }) {
  async function act(kind) {
    const halting = kind === 'halt';
    const reason = await confirmWithReason(halting ? 'Halt trading?' : 'Reset the breaker?',
      halting ? 'The breaker halts: no new orders leave the engine until it is reset (admin).'
              : 'Trading resumes. This needs an admin token.');
    if (reason === null) return;
    try {
      const answer = await api.post(`/risk/${kind}`, { reason });
      notify(`breaker ${answer.breaker}`);
      await refresh();
    } catch (e) {
      notify(`${kind}: ${e.message}`, true);
    }
  }

  // The breaker's badge and button are made once and changed in place: the panel re-renders on every risk
  // update, and a button replaced between a person's mousedown and mouseup would swallow the click.
  const badge = el('span', { 'data-testid': 'breaker-state' });
  const button = el('button', { class: 'danger', onclick: () => act(button.dataset.action) });
  const head = el('div', { class: 'row' }, badge, button);
  const body = el('div');
  replace(root, head, body);

  function render() {
    const r = state.risk;
    if (!r) {
      head.hidden = true;
      return replace(body, el('p', { class: 'muted' }, 'Loading…'));
    }
    head.hidden = false;
    const halted = r.breaker !== 'active';
    badge.className = `badge breaker ${r.breaker}`;
    badge.textContent = r.breaker;
    const action = halted ? 'reset' : 'halt';
    if (button.dataset.action !== action) {
      button.dataset.action = action;
      button.setAttribute('data-testid', `breaker-${action}`);
      button.textContent = halted ? 'Reset…' : 'Halt…';
    }
    const limits = r.limits || {};
    const usage = r.usage || {};
    const bars = [
      usageBar('daily loss', percent(usage.daily_loss_pct), percent(limits.max_daily_loss_pct),
               `${usage.daily_loss_pct ?? '—'} of ${limits.max_daily_loss_pct ?? '—'}`),
      usageBar('drawdown', percent(usage.drawdown_pct), percent(limits.max_drawdown_pct),
               `${usage.drawdown_pct ?? '—'} of ${limits.max_drawdown_pct ?? '—'}`),
      usageBar('losing streak', usage.consecutive_losses || 0, limits.max_consecutive_losses || 0,
               `${usage.consecutive_losses ?? 0} of ${limits.max_consecutive_losses ?? '—'}`),
    ];
    for (const [underlying, g] of Object.entries(usage.greeks || {})) {
      bars.push(usageBar(`${underlying} Δ`, g.delta, g.max_abs_delta, `${num(g.delta)} of ±${g.max_abs_delta}`));
      bars.push(usageBar(`${underlying} Γ`, g.gamma, g.max_abs_gamma, `${num(g.gamma, 3)} of ±${g.max_abs_gamma}`));
      bars.push(usageBar(`${underlying} ν`, g.vega, g.max_abs_vega, `${num(g.vega)} of ±${g.max_abs_vega}`));
    }
    const bp = r.buying_power || {};
    const audit = (r.audit || []).slice(-5).reverse();
    replace(body,
      bars,
      el('div', { class: 'small' }, `buying power in use ${money(bp.in_use)}, available ${money(bp.available)}`),
      audit.length === 0 ? null : el('ul', { class: 'history', 'data-testid': 'breaker-audit' }, audit.map((a) =>
        el('li', {}, el('span', { class: 'muted' }, clock(a.time)), ` ${a.from} → ${a.to} (${a.trigger}) ${a.who || ''}: ${a.reason || ''}`))));
  }

  state.on('risk', render);
  render();
}
