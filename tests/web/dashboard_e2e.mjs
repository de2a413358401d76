// The dashboard end to end: the real `nightdesk demo`, Debian's headless Chromium driven by playwright-core.
// Enters the token, sees live positions and quotes change, sends a vertical from the ticket and sees it walk and
// fill, halts and resets the breaker with a reason. Screenshots go to the output directory.
//   node dashboard_e2e.mjs <path/to/nightdesk> <output dir>
// Exits 77 (ctest's SKIP_RETURN_CODE) when Chromium or node_modules is missing; scripts/setup installs both.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';

const CHROMIUM = '/usr/bin/chromium';
const SKIP = 77;
const [binary, outDir = '.'] = process.argv.slice(2);

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(SKIP);
}

if (!binary || !existsSync(binary)) {
  console.error(`usage: node dashboard_e2e.mjs <nightdesk binary> <output dir> (no binary at '${binary}')`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) skip(`no ${CHROMIUM}: apt-get install chromium (scripts/setup does)`);
let chromium;
try {
  ({ chromium } = createRequire(import.meta.url)('playwright-core'));
} catch {
  skip(`no playwright-core in ${path.dirname(new URL(import.meta.url).pathname)}/node_modules: run npm ci there (scripts/setup does)`);
}
mkdirSync(outDir, { recursive: true });

const started = Date.now();
const step = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${text}`);

// The demo on a free port, an admin token of our own (the reset needs admin), its URL from stdout.
function startDemo(adminToken) {
  const env = { ...process.env, NIGHTDESK_ADMIN_TOKEN: adminToken };
  delete env.NIGHTDESK_API_TOKEN;
  const child = spawn(binary, ['demo', '--port', '0', '--speed', '600', '--seed', '3', '--duration', '120'],
                      { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => { if (line.startsWith('URL:')) resolve(line.slice(4).trim()); });
    child.on('exit', (code) => reject(new Error(`the demo exited (${code}) before printing its URL:\n${stderr}`)));
    setTimeout(() => reject(new Error(`no URL from the demo in 20 s:\n${stderr}`)), 20000);
  });
  return { child, url };
}

async function waitReady(url) {
  for (let i = 0; i < 150; i += 1) {
    try {
      if ((await fetch(`${url}/api/v1/ready`)).status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the demo did not become ready in 30 s');
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Sends the ticket's put credit spread, its limit 0.30 worse than the mid (room for the walk, which starts at the
// mid), and follows it in the orders panel until it ends: {id, replaces, maxStep (the walk step seen live)}.
async function sendFromTicket(page) {
  await page.getByTestId('ticket-mid').click();
  const mid = Number(await page.getByTestId('ticket-limit').inputValue());
  await page.getByTestId('ticket-limit').fill((mid + 0.3).toFixed(2));
  await page.getByTestId('ticket-submit').click();
  const result = page.getByTestId('ticket-result');
  await result.filter({ hasText: /^web-[a-z0-9]+: (queued|sent)$/ }).waitFor();
  const id = (await result.textContent()).split(':')[0];
  step(`order ${id} sent from the ticket (mid ${mid})`);
  const openRow = page.locator(`[data-testid=open-orders] tr[data-order="${id}"]`);
  const endedRow = page.locator(`[data-testid=ended-orders] tr[data-order="${id}"]`);
  let maxStep = 0;
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline && (await endedRow.count()) === 0) {
    const text = await openRow.textContent({ timeout: 200 }).catch(() => '');  // not there yet, or just ended
    const m = text.match(/step (\d+)/);
    if (m) maxStep = Math.max(maxStep, Number(m[1]));
    if (maxStep > 0 && !(await page.locator('#walk-shot').count())) {
      await page.screenshot({ path: path.join(outDir, 'dashboard_walking.png'), fullPage: true });
      await page.evaluate(() => document.body.append(Object.assign(document.createElement('i'), { id: 'walk-shot' })));
    }
    await page.waitForTimeout(50);
  }
  check((await endedRow.count()) === 1, `order ${id} did not end in 30 s`);
  const state = await endedRow.getAttribute('data-state');
  check(state === 'filled', `order ${id} ended ${state}: ${await endedRow.textContent()}`);
  return { id, replaces: Number(await endedRow.locator('td').nth(6).textContent()), maxStep };
}

async function run() {
  const adminToken = randomBytes(24).toString('base64url');
  const demo = startDemo(adminToken);
  let browser;
  try {
    const url = await demo.url;
    step(`demo at ${url}`);
    await waitReady(url);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1400 } });
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.setDefaultTimeout(20000);

    await page.goto(url);
    await page.getByTestId('token-input').fill('not-the-token-at-all-0000');
    await page.getByTestId('token-submit').click();
    await page.locator('#token-error', { hasText: 'not valid' }).waitFor();
    problems.length = 0;  // the refused token's 401 is logged by the browser, as it should be
    step('a wrong token is refused');

    await page.getByTestId('token-input').fill(adminToken);
    await page.getByTestId('token-submit').click();
    await page.locator('#live', { hasText: /^live$/ }).waitFor();
    step('live over the WebSocket');
    check(await page.evaluate(() => sessionStorage.getItem('nightdesk.token')) === adminToken, 'the token is kept in sessionStorage');

    await page.locator('[data-testid=positions-table] tr[data-position]').first().waitFor();
    const spot = await page.getByTestId('spot').textContent();
    await page.waitForFunction((before) => document.querySelector('[data-testid=spot]').textContent !== before, spot);
    const positions = await page.getByTestId('positions-table').textContent();
    await page.waitForFunction((before) => document.querySelector('[data-testid=positions-table]').textContent !== before, positions);
    await page.locator('[data-testid=pnl-chart] path.line').waitFor();
    await page.locator('[data-testid=iv-smile] path.line').first().waitFor();
    step('positions, quotes, the P&L chart and the IV smile are live');

    await page.locator('[data-testid=positions-table] tr[data-position]').first().click();
    await page.locator('[data-testid=positions-table] tr.details', { hasText: 'Management history' }).waitFor();
    step('a position opens to its legs and management history');

    // The connection drops: the feed reconnects by itself and reads the state again.
    await page.evaluate(() => window.nightdesk.feed.socket.close());
    await page.locator('#live', { hasText: /^reconnecting/ }).waitFor();
    await page.locator('#live', { hasText: /^live$/ }).waitFor();
    step('reconnected after the socket closed');
    await page.screenshot({ path: path.join(outDir, 'dashboard_live.png'), fullPage: true });

    // A put credit spread, its limit 0.30 worse than the mid: the walk starts at the mid and has room to step.
    await page.getByTestId('ticket-kind').selectOption('vertical');
    await page.waitForFunction(() => document.querySelector('[data-testid=ticket-limit]').value !== '');
    await page.locator('[data-testid=payoff] path.line').waitFor();
    // The paper venue sometimes fills at the opening price (the mid): then the walk had no step to show, and the
    // ticket sends another order (at most four).
    let walked = null;
    for (let attempt = 1; attempt <= 4 && !walked; attempt += 1) {
      const order = await sendFromTicket(page);
      step(`order ${order.id} walked ${order.replaces} step(s) (seen live: ${order.maxStep}) and filled`);
      if (Math.max(order.replaces, order.maxStep) >= 1) walked = order;
    }
    check(walked, 'four orders from the ticket filled, none after a walk step');
    await page.locator('[data-testid=fills-table] td', { hasText: walked.id }).first().waitFor();
    step(`its fills are listed`);
    await page.screenshot({ path: path.join(outDir, 'dashboard_filled.png'), fullPage: true });

    await page.getByTestId('breaker-halt').click();
    check(await page.getByTestId('confirm-ok').isDisabled(), 'confirm is disabled without a reason');
    await page.getByTestId('confirm-reason').fill('e2e: halt from the dashboard');
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('breaker-state').filter({ hasText: 'halted' }).waitFor();
    await page.getByTestId('breaker-audit').filter({ hasText: 'e2e: halt from the dashboard' }).waitFor();
    step('breaker halted with its reason in the audit');
    await page.screenshot({ path: path.join(outDir, 'dashboard_halted.png'), fullPage: true });
    await page.getByTestId('breaker-reset').click();
    await page.getByTestId('confirm-reason').fill('e2e: reset after the check');
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('breaker-state').filter({ hasText: 'active' }).waitFor();
    step('breaker reset');

    // A click on a quote in the chain puts that option on the ticket.
    await page.locator('[data-testid=chain-table] td.pick').first().click();
    check(await page.getByTestId('ticket-kind').inputValue() === 'single', 'a chain click makes a single-option ticket');
    check(await page.locator('[data-testid=ticket-legs] tbody tr').count() === 1, 'one leg on the ticket');

    check(problems.length === 0, `the page logged errors:\n${problems.join('\n')}`);
    step('PASS');
  } finally {
    if (browser) await browser.close();
    demo.child.kill('SIGTERM');
  }
}

run().then(() => process.exit(0), (e) => {
  console.error(`FAIL: ${e.stack || e.message}`);
  process.exit(1);
});
