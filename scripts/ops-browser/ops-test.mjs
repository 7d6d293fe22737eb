// Drives the /ops dashboard of a running bankcore in headless Chromium: reads its numbers, sends API
// traffic over HTTP, waits for the page's own refresh to show the new numbers, runs an audit from
// the page, reloads it, and saves a screenshot. Exits non-zero on the first failed check.
//
// Environment: BANKCORE_URL (default http://127.0.0.1:8000), OPS_SCREENSHOT (PNG path, default
// ops-dashboard.png), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';

const base = (process.env.BANKCORE_URL || 'http://127.0.0.1:8000').replace(/\/$/, '');
const screenshot = resolve(process.env.OPS_SCREENSHOT || 'ops-dashboard.png');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT_MS = 20000;

let passed = 0;
function ok(what) {
  passed += 1;
  console.log('   ok: ' + what);
}
function fail(what) {
  throw new Error(what);
}

// With authentication on (the admin key given), every API call carries a key with every scope,
// created with the admin key at the start; the page is given the admin key through its own form.
const adminKey = process.env.OPS_ADMIN_KEY || '';
let apiKey = adminKey;

async function api(method, path, body, key) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  if (key !== undefined) headers['Idempotency-Key'] = key;
  if (apiKey !== '') headers['X-API-Key'] = apiKey;
  const response = await fetch(base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let json = null;
  try {
    json = await response.json();
  } catch {
    json = null;
  }
  return { status: response.status, json };
}

async function expectStatus(what, call, status) {
  const result = await call;
  if (result.status !== status) {
    fail(what + ': wanted HTTP ' + status + ', got ' + result.status + ' ' + JSON.stringify(result.json));
  }
  ok(what + ' -> ' + status);
  return result.json;
}

function freshNumber() {
  return String(randomInt(1_000_000_000, 9_999_999_999));
}

/** The page's figures, read from its DOM as a person would read them (digits only). */
async function readFigures(page) {
  return page.evaluate(() => {
    const digits = (id) => {
      const text = document.getElementById(id).textContent.replace(/[^0-9]/g, '');
      return text === '' ? null : Number(text);
    };
    const brl = document.querySelector('#money-rows tr[data-currency="BRL"] .money');
    const brlReserved = document.querySelector('#money-rows tr[data-currency="BRL"] .reserved');
    return {
      refreshes: Number(document.getElementById('refresh-state').dataset.refreshes),
      head: digits('head-index'),
      accounts: digits('accounts-count'),
      completed: digits('transfers-completed'),
      pending: digits('transfers-pending'),
      failed: digits('transfers-failed'),
      sagas: digits('sagas-in-flight'),
      keysReplayed: digits('keys-replayed'),
      keysStored: digits('keys-stored'),
      eventsInWindow: digits('events-window'),
      brlCents: brl ? Number(brl.dataset.cents) : 0,
      brlText: brl ? brl.textContent : null,
      reservations: digits('reservations-open'),
      frozen: digits('accounts-frozen'),
      closed: digits('accounts-closed'),
      brlReservedCents: brlReserved ? Number(brlReserved.dataset.cents) : 0,
    };
  });
}

async function waitFor(page, what, predicate) {
  const deadline = Date.now() + WAIT_MS;
  let last = null;
  while (Date.now() < deadline) {
    last = await readFigures(page);
    if (predicate(last)) return last;
    await page.waitForTimeout(200);
  }
  fail(what + ' within ' + WAIT_MS / 1000 + ' s; the page shows ' + JSON.stringify(last));
}

async function badge(page, id) {
  return page.evaluate((badgeId) => {
    const node = document.getElementById(badgeId);
    return { text: node.textContent, state: node.dataset.state || '' };
  }, id);
}

/** Types an account number into the look-up card, submits it and waits for the card's answer. */
async function lookUp(page, number) {
  await page.fill('#lookup-input', number);
  await page.evaluate(() => {
    document.getElementById('lookup-status').textContent = '';
  });
  await page.click('#lookup-submit');
  await page.waitForFunction(() => {
    const text = document.getElementById('lookup-status').textContent;
    return text !== '' && text !== 'looking up…';
  }, null, { timeout: WAIT_MS });
}

/**
 * The processor and replay panels against stand-in answers of the documented shapes (served by the
 * browser itself, whatever this server has): rows and lag, text never turned into markup, the replay
 * button's confirmation, the progress bar while running and when done.
 */
async function standIns(context, pageErrors) {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const json = (status, body) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });
  const segment = (n, of, owner, position, lag) => ({
    segment: n, of, owner, position, lag_events: lag, lag_ms: lag * 3, claimed_by_this_instance: owner === 'node-a',
  });
  await page.route(base + '/admin/processors', (route) => route.fulfill(json(200, {
    head: { global_index: 1234, timestamp: new Date().toISOString() },
    processors: [
      { name: 'accounts', mode: 'TRACKING', running: true, error: false, replaying: false, lag_events: 4, lag_ms: 12,
        segments: [segment(0, 2, 'node-a', 1234, 0), segment(1, 2, 'node-b', 1230, 4)] },
      { name: '<img src=x onerror=alert(1)>', mode: 'POOLED', running: false, error: true, replaying: false,
        lag_events: 300, lag_ms: 900, segments: [] },
    ],
  })));
  let replay = null;
  const status = (state, done) => ({
    replay_id: '6f1c3c1e-0000-4000-8000-000000000000', status: state, phase: state === 'RUNNING' ? 'COPYING' : 'DONE',
    events_total: 100000, events_done: done, events_per_second: 51234.5, started_at: new Date().toISOString(),
    finished_at: null, duration_ms: state === 'RUNNING' ? null : 1950, node: 'node-a', error: null,
  });
  await page.route(base + '/admin/replay', (route) => {
    if (route.request().method() === 'POST') {
      replay = status('RUNNING', 42000);
      return route.fulfill(json(202, replay));
    }
    if (replay === null) return route.fulfill(json(404, { status: 404, code: 'REPLAY_NOT_FOUND', detail: 'none yet' }));
    const answer = replay;
    replay = status('COMPLETED', 100000); // the next poll finds it done
    return route.fulfill(json(200, answer));
  });

  await page.goto(base + '/ops', { waitUntil: 'load' });
  await page.waitForSelector('#processor-rows tr[data-processor]', { timeout: WAIT_MS });
  const rows = await page.$$eval('#processor-rows tr[data-processor]', (all) => all.map((r) => ({
    name: r.querySelector('td').textContent, lag: r.querySelector('td.lag').textContent,
    state: r.querySelector('.badge').textContent, segments: r.querySelector('td.segments').textContent,
  })));
  if (rows.length !== 2 || rows[0].name !== 'accounts' || rows[0].lag !== '4' || rows[0].state !== 'running' ||
      !rows[0].segments.includes('node-b')) {
    fail('processors table from the documented shape: ' + JSON.stringify(rows));
  }
  if (rows[1].name !== '<img src=x onerror=alert(1)>' || rows[1].state !== 'error' || (await page.$('#processor-rows img'))) {
    fail('a processor name must show as text, never as markup: ' + JSON.stringify(rows[1]));
  }
  ok('processors table from the documented shape: ' + rows.length + ' rows, lag shown, names as text');

  if ((await badge(page, 'replay-status')).text !== 'never run') fail('replay badge before any replay');
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('#run-replay');
  // Both at once: the running state lasts only until the next poll.
  await page.waitForFunction(() => document.getElementById('replay-progress').getAttribute('aria-valuenow') === '42' &&
    document.getElementById('run-replay').disabled, null, { timeout: WAIT_MS })
    .catch(() => fail('a running replay at 42 % with the Replay button disabled'));
  ok('Replay: confirmed, 202, progress at 42 % with the button disabled');
  await page.waitForFunction(() => document.getElementById('replay-status').textContent === 'completed',
    null, { timeout: WAIT_MS });
  const done = await page.getAttribute('#replay-progress', 'aria-valuenow');
  if (done !== '100' || (await page.isDisabled('#run-replay'))) fail('replay completed: progress ' + done);
  ok('Replay: the next poll shows it completed, progress 100 %');
  await page.close();
}

/**
 * The page under the axonserver profile, against that profile's answers (their shapes and texts as
 * bankcore gives them there, served by the browser itself): the event store's figures from Axon
 * Server or "unavailable" with why, a link to Axon Server's dashboard, and audit and replay enabled
 * as on the database's store (none run yet: "no audit yet", "never run"), a clean audit when run.
 */
async function axonServerStandIns(context, pageErrors) {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const json = (status, body) => ({ status, contentType: 'application/json', body: JSON.stringify(body) });
  const notFound = (path, code, detail) => ({
    type: 'urn:bankcore:problem:' + code.toLowerCase().replace(/_/g, '-'), title: 'Not found', status: 404,
    detail, code, retryable: false, instance: path,
  });
  let serverUp = false;
  const stats = () => ({
    read_at: new Date().toISOString(),
    head: serverUp ? { global_index: 120, timestamp: null } : null,
    events: serverUp ? { window_seconds: 60, in_window: 12, per_second: 0.2 } : null,
    transfers: { pending: 0, completed: 3, failed: 0 }, sagas_in_flight: 0, accounts: 6,
    money_per_currency: { BRL: { accounts: 6, balance_cents: 6500 } },
    idempotency: { keys_stored: 0, executed: 0, replayed: 0, reused: 0, in_use: 0 },
    event_store: {
      source: 'AXON_SERVER', available: serverUp,
      detail: serverUp ? null : 'Axon Server is unavailable: org.axonframework.eventsourcing.eventstore.EventStoreException:'
        + ' io.grpc.StatusRuntimeException: UNAVAILABLE',
      dashboard_url: 'http://localhost:8024',
    },
  });
  await page.route(base + '/admin/stats', (route) => route.fulfill(json(200, stats())));
  await page.route(base + '/admin/processors', (route) => route.fulfill(json(503, {
    type: 'urn:bankcore:problem:unavailable', title: 'Unavailable', status: 503,
    detail: 'Axon Server is unavailable (gRPC UNAVAILABLE); the request could not be carried out. Retry later.',
    code: 'UNAVAILABLE', retryable: true, instance: '/admin/processors',
  })));
  await page.route(base + '/admin/audit/last', (route) => route.fulfill(json(404, notFound('/admin/audit/last',
    'AUDIT_NOT_RUN', 'No audit has run on this instance since it started; GET /admin/audit runs one.'))));
  await page.route(base + '/admin/replay', (route) => route.fulfill(json(404, notFound('/admin/replay',
    'REPLAY_NOT_FOUND', 'No replay has run yet.'))));
  await page.route(base + '/admin/audit', (route) => route.fulfill(json(200, {
    accounts_checked: 6, events_checked: 120, mismatches: [], money_per_currency: {}, gaps: [],
    pending_transfers: 0, duration_ms: 14, open_reservations: 0, reserved_per_currency: {},
  })));

  await page.goto(base + '/ops', { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('audit-status').textContent === 'no audit yet' &&
    document.getElementById('replay-status').textContent === 'never run', null, { timeout: WAIT_MS })
    .catch(() => fail('audit and replay badges under Axon Server'));
  for (const button of ['#run-audit', '#run-replay']) {
    if (await page.isDisabled(button)) fail(button + ' must be enabled under Axon Server');
  }
  await page.click('#run-audit');
  await page.waitForFunction(() => document.getElementById('audit-status').textContent === 'clean', null,
    { timeout: WAIT_MS }).catch(() => fail('a clean audit under Axon Server'));
  ok('audit and replay under Axon Server: enabled, "no audit yet" and "never run", then a clean audit');

  const link = await page.getAttribute('#axonserver-dashboard', 'href');
  if (link !== 'http://localhost:8024' || !(await page.isVisible('#axonserver-dashboard'))) fail('dashboard link: ' + link);
  ok('a link to Axon Server\'s dashboard: ' + link);
  const figures = await page.evaluate(() => ['head-index', 'event-rate', 'events-window']
    .map((id) => document.getElementById(id).textContent));
  if (figures.some((text) => text !== 'unavailable')) fail('event store figures with Axon Server away: ' + figures);
  if (!(await page.textContent('#head-time')).includes('Axon Server is unavailable')) fail('head time with Axon Server away');
  if (!(await page.isHidden('#head-time-label'))) fail('the "last event" label must not run into the reason');
  if ((await badge(page, 'processors-status')).text !== 'unavailable') fail('processors badge with Axon Server away');
  if ((await page.textContent('#accounts-count')) !== '6') fail('the database\'s figures must still show');
  ok('Axon Server away: head and rate "unavailable" with the reason; the database\'s figures still shown');
  const shot = screenshot.replace(/\.png$/, '') + '-axonserver.png';
  await page.screenshot({ path: shot, fullPage: true });
  ok('screenshot of the Axon Server state saved: ' + shot);

  serverUp = true;
  await page.waitForFunction(() => document.getElementById('head-index').textContent === '120', null,
    { timeout: WAIT_MS }).catch(() => fail('the head from Axon Server once it is back'));
  const headTime = await page.textContent('#head-time');
  if (headTime !== 'time not reported by Axon Server') fail('head time from Axon Server: ' + headTime);
  if ((await page.textContent('#events-window')) !== '12') fail('events in the window from Axon Server');
  ok('Axon Server back: head 120 and 12 events in the window from it, no head time claimed');
  await page.close();
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'bankcore-ops-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const pageErrors = [];
  const foreignRequests = [];
  const page = context.pages()[0] || (await context.newPage());
  try {
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      // A route this server lacks is an expected 404 (shown as "unavailable"); anything else is a bug.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        pageErrors.push(message.text());
      }
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(base + '/')) foreignRequests.push(request.url());
    });

    if (adminKey !== '') {
      const created = await expectStatus('create a key with every scope (admin key)', api('POST', '/admin/api-keys',
        { name: 'ops browser test', scopes: ['accounts:read', 'accounts:write', 'transfers:write', 'admin'] }), 201);
      apiKey = created.key;
      const refused = await fetch(base + '/admin/stats');
      if (refused.status !== 401) fail('GET /admin/stats without a key: wanted 401, got ' + refused.status);
      ok('authentication is on: /admin/stats without a key is 401');
    }

    const response = await page.goto(base + '/ops', { waitUntil: 'load' });
    if (!response || response.status() !== 200) fail('GET /ops answered ' + (response && response.status()));
    ok('/ops loads (HTTP 200, ' + (await page.title()) + ')');

    if (adminKey !== '') {
      await page.waitForSelector('#key-form:not([hidden])', { timeout: WAIT_MS });
      ok('the page asks for an admin key: ' + (await page.textContent('#key-reason')));
      await page.fill('#key-input', adminKey);
      await page.click('#key-submit');
      if (!(await page.isHidden('#key-form'))) fail('the key form stayed open after a key was given');
      const stored = await page.evaluate(() => window.sessionStorage.getItem('bankcore.ops.adminKey'));
      if (stored !== adminKey) fail('the key is not in the tab\'s session storage');
      const text = await page.evaluate(() => document.documentElement.outerHTML);
      if (text.includes(adminKey)) fail('the admin key appears in the page');
      ok('the key is kept in session storage only, not in the page');
    }

    const before = await waitFor(page, 'the first refresh', (f) => f.refreshes >= 1 && f.accounts !== null);
    ok('first figures: ' + JSON.stringify(before));
    if (!(await page.isHidden('#axonserver-note'))) fail('the Axon Server note shows with the database as the event store');

    // Routes that may not exist on this server yet: the page must say "unavailable", or show them.
    const processors = await api('GET', '/admin/processors');
    if (processors.status === 200) {
      const names = await page.$$eval('#processor-rows tr[data-processor]', (rows) => rows.map((r) => r.dataset.processor));
      if (!names.includes('accounts')) fail('processors table lacks "accounts": ' + JSON.stringify(names));
      ok('processors table lists ' + names.join(', '));
    } else {
      const state = await badge(page, 'processors-status');
      if (state.text !== 'unavailable') fail('processors badge: wanted "unavailable", got ' + JSON.stringify(state));
      ok('processors: GET /admin/processors is ' + processors.status + ', the page says "unavailable"');
    }
    const replay = await api('GET', '/admin/replay');
    const replayState = await badge(page, 'replay-status');
    if (replay.status === 404 && replay.json && replay.json.code === 'ROUTE_NOT_FOUND') {
      if (replayState.text !== 'unavailable') fail('replay badge: wanted "unavailable", got ' + JSON.stringify(replayState));
      if (!(await page.isDisabled('#run-replay'))) fail('the Replay button should be disabled without the route');
      ok('replay: no such route here, the page says "unavailable" and disables the button');
    } else {
      if (replayState.text === 'unavailable') fail('replay badge says "unavailable" but GET /admin/replay is ' + replay.status);
      ok('replay: GET /admin/replay is ' + replay.status + ', the page says "' + replayState.text + '"');
    }

    // The page must not reload to show new numbers: a marker set now must survive until the end.
    await page.evaluate(() => {
      window.__opsMarker = 'same page';
    });

    // Traffic over the public API.
    const from = freshNumber();
    let to = freshNumber();
    while (to === from) to = freshNumber();
    await expectStatus('open ' + from + ' with 100.00 BRL', api('POST', '/accounts', { account_number: from, initial_balance_cents: 10000, description: 'Ops <b>test</b>', metadata: { segment: 'retail' } }), 201);
    await expectStatus('open ' + to + ' with 0', api('POST', '/accounts', { account_number: to }), 201);
    const key = 'ops-' + from;
    await expectStatus('deposit 5.00 into ' + from + ' with a key', api('POST', '/accounts/' + from + '/deposit', { amount_cents: 500, currency: 'BRL', metadata: { order_id: 'A-17' } }, key), 200);
    await expectStatus('the same deposit again with its key (replayed)', api('POST', '/accounts/' + from + '/deposit', { amount_cents: 500, currency: 'BRL', metadata: { order_id: 'A-17' } }, key), 200);
    const transfer = await expectStatus('transfer 2.50 ' + from + ' -> ' + to,
      api('POST', '/transfers', { from_account_number: from, to_account_number: to, amount_cents: 250, currency: 'BRL' }), 200);
    if (transfer.to_balance_cents !== 250) fail('transfer answer: ' + JSON.stringify(transfer));
    const reservation = await expectStatus('reserve 1.00 ' + from + ' -> ' + to + ' (a pending transfer)',
      api('POST', '/transfers', { from_account_number: from, to_account_number: to, amount_cents: 100, pending: true }), 201);
    if (reservation.status !== 'RESERVED') fail('reservation answer: ' + JSON.stringify(reservation));
    await expectStatus('freeze ' + to + ' for credits', api('POST', '/accounts/' + to + '/freeze', { reason: 'ops test', direction: 'CREDITS' }), 200);

    // 2 openings + 1 deposit + the transfer's requested, debited, credited and completed events
    // + the reservation's two events + the freeze.
    const minEvents = 10;
    const after = await waitFor(page, 'the page to show the traffic by its own refresh', (f) =>
      f.refreshes > before.refreshes &&
      f.accounts === before.accounts + 2 &&
      f.completed === before.completed + 1 &&
      f.head >= before.head + minEvents &&
      f.eventsInWindow >= minEvents &&
      f.keysReplayed >= (before.keysReplayed || 0) + 1 &&
      f.keysStored >= (before.keysStored || 0) + 1 &&
      f.brlCents === before.brlCents + 10500 &&
      f.reservations === before.reservations + 1 &&
      f.brlReservedCents === before.brlReservedCents + 100 &&
      f.frozen === before.frozen + 1 &&
      f.closed === before.closed);
    ok('after the traffic: ' + JSON.stringify(after));
    if ((await page.evaluate(() => window.__opsMarker)) !== 'same page') fail('the page reloaded itself');
    ok('the numbers changed without a reload (' + (after.refreshes - before.refreshes) + ' refreshes)');

    // Run an audit from the page; it must come back clean.
    await page.click('#run-audit');
    await page.waitForFunction(() => {
      const node = document.getElementById('audit-status');
      return node.dataset.state === 'ok' || node.dataset.state === 'bad';
    }, null, { timeout: 60000 });
    const audit = await badge(page, 'audit-status');
    const mismatches = await page.textContent('#audit-mismatches');
    const eventsChecked = Number((await page.textContent('#audit-events')).replace(/[^0-9]/g, ''));
    if (audit.text !== 'clean' || mismatches !== '0') {
      fail('audit: wanted clean, got ' + JSON.stringify(audit) + ' with ' + mismatches + ' mismatches: '
        + (await page.textContent('#audit-mismatch-list')));
    }
    if (!(eventsChecked >= after.head - 10)) fail('audit checked ' + eventsChecked + ' events, the head is ' + after.head);
    ok('Run audit: clean, ' + eventsChecked + ' events checked, ' + (await page.textContent('#audit-duration')));

    // The account look-up card. The admin key alone may not read accounts: the card says which scope
    // is missing. With a key that may (given to the page the way its form stores one), it shows the
    // account's balances, status and last entries.
    if (adminKey !== '') {
      await lookUp(page, from);
      const refusedLookup = await badge(page, 'lookup-status');
      const refusal = await page.textContent('#lookup-detail');
      if (refusedLookup.text !== 'refused' || !refusal.includes('accounts:read')) {
        fail('look-up with the admin key: wanted a refusal naming accounts:read, got ' + JSON.stringify(refusedLookup) + ' ' + refusal);
      }
      ok('look-up with the admin key alone: refused, "' + refusal + '"');
      await page.evaluate((key) => window.sessionStorage.setItem('bankcore.ops.adminKey', key), apiKey);
    }
    await lookUp(page, from);
    const shown = await page.evaluate(() => ({
      badge: document.getElementById('lookup-status').textContent,
      status: document.getElementById('lookup-account-status').textContent,
      balance: document.getElementById('lookup-balance').textContent,
      available: document.getElementById('lookup-available').textContent,
      reserved: document.getElementById('lookup-reserved').textContent,
      entries: document.querySelectorAll('#lookup-rows tr').length,
      description: document.getElementById('lookup-description').textContent,
      metadata: document.getElementById('lookup-metadata').textContent,
      bold: document.querySelectorAll('#lookup-result b').length,
      lineMetadata: Array.from(document.querySelectorAll('#lookup-rows tr td:last-child')).map((td) => td.textContent),
    }));
    // 100.00 opened + 5.00 deposited - 2.50 transferred; 1.00 of it reserved.
    if (shown.badge !== from || shown.status !== 'ACTIVE' || !shown.balance.includes('102.50')
        || !shown.available.includes('101.50') || !shown.reserved.includes('1.00') || shown.entries !== 3
        || shown.description !== 'Ops <b>test</b>' || shown.bold !== 0 || shown.metadata !== 'segment=retail'
        || !shown.lineMetadata.includes('order_id=A-17')) {
      fail('look-up of ' + from + ': ' + JSON.stringify(shown));
    }
    ok('look-up of ' + from + ': ' + JSON.stringify(shown));
    if (adminKey !== '') {
      await page.evaluate((key) => window.sessionStorage.setItem('bankcore.ops.adminKey', key), adminKey);
    }

    // After a reload the page shows the same last audit (kept by the server).
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('audit-status').dataset.state === 'ok', null, { timeout: WAIT_MS });
    const reloaded = Number((await page.textContent('#audit-events')).replace(/[^0-9]/g, ''));
    if (reloaded !== eventsChecked) fail('after a reload the last audit shows ' + reloaded + ' events, not ' + eventsChecked);
    ok('after a reload the last audit is still shown (' + reloaded + ' events checked)');

    // A real replay from the page, where this server has the route: it must complete and leave the
    // books clean (checked by a second audit from the page).
    if (replay.status !== 404 || !replay.json || replay.json.code !== 'ROUTE_NOT_FOUND') {
      const previous = replay.status === 200 ? replay.json.replay_id : null;
      page.once('dialog', (dialog) => dialog.accept());
      await page.click('#run-replay');
      await page.waitForFunction(() => document.getElementById('replay-status').textContent === 'completed', null,
        { timeout: 60000 }).catch(() => fail('the replay started from the page to show "completed"'));
      const latest = await api('GET', '/admin/replay');
      if (latest.status !== 200 || latest.json.status !== 'COMPLETED' || latest.json.replay_id === previous) {
        fail('GET /admin/replay after the page\'s replay: ' + JSON.stringify(latest));
      }
      if ((await page.getAttribute('#replay-progress', 'aria-valuenow')) !== '100') fail('replay progress not at 100 %');
      ok('Replay from the page: completed, ' + latest.json.events_done + ' events at '
        + latest.json.events_per_second + ' events/s');
      await page.click('#run-audit');
      await page.waitForFunction((n) => {
        const node = document.getElementById('audit-status');
        return node.dataset.state === 'ok' &&
          Number(document.getElementById('audit-events').textContent.replace(/[^0-9]/g, '')) >= n;
      }, eventsChecked, { timeout: 60000 }).catch(() => fail('a clean audit after the replay'));
      ok('Run audit after the replay: clean');
    }

    await waitFor(page, 'the figures after the reload', (f) => f.refreshes >= 1 && f.accounts === after.accounts);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    ok('screenshot saved: ' + screenshot);

    await standIns(context, pageErrors);
    await axonServerStandIns(context, pageErrors);

    if (pageErrors.length) fail('errors in the page: ' + pageErrors.join(' | '));
    ok('no script errors in the page');
    if (foreignRequests.length) fail('the page asked other hosts: ' + foreignRequests.join(', '));
    ok('every request went to ' + base);
  } catch (failure) {
    // What the page showed when the check failed, beside the screenshot a pass would have left.
    const failed = screenshot.replace(/\.png$/, '') + '-failed.png';
    mkdirSync(dirname(failed), { recursive: true });
    await page.screenshot({ path: failed, fullPage: true }).catch(() => {});
    console.error('   (page at the failure: ' + failed + ')');
    throw failure;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
  console.log('ops-browser: all ' + passed + ' checks passed');
}

main().catch((error) => {
  console.error('   FAILED: ' + (error && error.message ? error.message : error));
  console.error('ops-browser: FAILED after ' + passed + ' passed checks');
  process.exit(1);
});
