// The operations dashboard: polls the admin routes and renders them. Plain DOM, no framework.
// Everything from the server is written with textContent (never innerHTML), so nothing it says can
// become markup. A route this server does not have (a 404 ROUTE_NOT_FOUND) shows as "unavailable".
'use strict';

(function () {
  const REFRESH_MS = 2000;
  const REPLAY_POLL_MS = 500;
  const MISMATCHES_SHOWN = 5;

  const byId = (id) => document.getElementById(id);
  const integerFormat = new Intl.NumberFormat('en-US');

  let refreshes = 0;
  let auditRunning = false;
  let auditNotAvailable = false;
  let replayRunning = false;
  // Under the axonserver profile (from /admin/stats): the head and the rate come from Axon Server.
  // Audit and replay work there as on the database's store; a server that refuses them (503
  // NOT_AVAILABLE, as bankcore 0.1 did under this profile) is shown as "not available".
  let axonServer = false;

  // ---- helpers ------------------------------------------------------------------------------------

  function setText(id, value) {
    byId(id).textContent = value === null || value === undefined || value === '' ? '–' : String(value);
  }

  function integer(value) {
    return typeof value === 'number' && Number.isFinite(value) ? integerFormat.format(value) : '–';
  }

  function setBadge(id, label, tone) {
    const badge = byId(id);
    badge.textContent = label;
    badge.className = 'badge' + (tone ? ' ' + tone : '');
    badge.dataset.state = tone || '';
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function utc(iso) {
    if (typeof iso !== 'string' || iso === '') return '–';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }

  function ago(iso) {
    const then = new Date(iso).getTime();
    if (Number.isNaN(then)) return '';
    const seconds = Math.max(0, Math.round((Date.now() - then) / 1000));
    if (seconds < 60) return seconds + ' s ago';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min ago';
    return Math.round(seconds / 3600) + ' h ago';
  }

  /** Minor units as a decimal amount with the currency's own number of fraction digits. */
  function money(minor, currency) {
    if (typeof minor !== 'number' || !Number.isFinite(minor)) return '–';
    let digits = 2;
    try {
      digits = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency })
        .resolvedOptions().maximumFractionDigits;
    } catch (unknownCurrency) {
      digits = 2;
    }
    const negative = minor < 0;
    let text = BigInt(Math.round(Math.abs(minor))).toString().padStart(digits + 1, '0');
    const whole = text.slice(0, text.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const fraction = digits > 0 ? '.' + text.slice(text.length - digits) : '';
    return (negative ? '-' : '') + whole + fraction;
  }

  /** GET or POST a JSON route; never throws: {status, body, headers}, status 0 when unreachable. */
  // With authentication on, the page sends an admin API key with its calls. The key stays in this
  // tab's session storage (gone when the tab closes) and is never written into the page.
  const KEY_STORAGE = 'bankcore.ops.adminKey';

  function adminKey() {
    try {
      return window.sessionStorage.getItem(KEY_STORAGE) || '';
    } catch (noStorage) {
      return '';
    }
  }

  function askForKey(why) {
    const form = byId('key-form');
    if (!form) return;
    byId('key-reason').textContent = why;
    form.hidden = false;
  }

  function setUpKeyForm() {
    const form = byId('key-form');
    if (!form) return;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const input = byId('key-input');
      const value = input.value.trim();
      input.value = '';
      if (value === '') return;
      try {
        window.sessionStorage.setItem(KEY_STORAGE, value);
      } catch (noStorage) {
        // without session storage the key cannot be kept; the calls go out without it
      }
      form.hidden = true;
      schedule(0);
    });
  }

  // An account look-up refused for a missing scope says so in its own card: the admin key is fine.
  async function call(path, method, scopeRefusalIsOwn) {
    const headers = { Accept: 'application/json' };
    const key = adminKey();
    if (key !== '') headers['X-API-Key'] = key;
    try {
      const response = await fetch(path, { method: method || 'GET', cache: 'no-store', headers: headers });
      let body = null;
      try {
        body = await response.json();
      } catch (notJson) {
        body = null;
      }
      if (response.status === 401) {
        askForKey(key === '' ? 'This server needs an admin API key.' : 'The admin API key was refused (unknown, revoked or expired).');
      } else if (response.status === 403 && !scopeRefusalIsOwn) {
        askForKey('This API key lacks the admin scope.');
      }
      return { status: response.status, body: body, headers: response.headers };
    } catch (unreachable) {
      return { status: 0, body: null, headers: null };
    }
  }

  /** A route this server lacks (or cannot reach): the feature is unavailable, not merely empty. */
  function unavailable(result) {
    return result.status === 0 || result.status === 405 ||
      (result.status === 404 && (!result.body || result.body.code === 'ROUTE_NOT_FOUND'));
  }

  /** Refused by this server's configuration (503 NOT_AVAILABLE): not an error, and not worth retrying. */
  function notAvailable(result) {
    return result.status === 503 && result.body && result.body.code === 'NOT_AVAILABLE';
  }

  function notAvailableLabel() {
    return axonServer ? 'not available with Axon Server' : 'not available';
  }

  function problemDetail(result) {
    if (result.body && typeof result.body.detail === 'string') return result.body.detail;
    return result.status === 0 ? 'no answer from the server' : 'HTTP ' + result.status;
  }

  // ---- write pipeline ----------------------------------------------------------------------------

  function renderPipeline(pipeline) {
    setBadge('pipeline-status', pipeline.enabled
      ? pipeline.writers + (pipeline.writers === 1 ? ' writer' : ' writers') + ', batches up to ' + pipeline.max_batch
      : 'off: one transaction per write', pipeline.enabled ? 'ok' : 'muted');
    setText('pipeline-depth', integer(pipeline.queue_depth) + ' / ' + integer(pipeline.queue_capacity));
    byId('pipeline-depth').classList.toggle('warn', pipeline.queue_depth > pipeline.queue_capacity / 2);
    setText('pipeline-batches', integer(pipeline.batches_committed));
    const mean = pipeline.batches_committed > 0 ? pipeline.requests_committed / pipeline.batches_committed : 0;
    setText('pipeline-mean', mean.toFixed(1));
    setText('pipeline-largest', integer(pipeline.largest_batch));
    setText('pipeline-retries', integer(pipeline.batch_retries));
    setText('pipeline-overloaded', integer(pipeline.overloaded));
    byId('pipeline-overloaded').classList.toggle('warn', pipeline.overloaded > 0);
    const sizes = pipeline.batch_sizes || {};
    setText('pipeline-sizes', 'batches by size: ' + Object.keys(sizes)
      .map((size) => size + ': ' + integer(sizes[size])).join(', '));
  }

  // ---- event store, transfers, accounts ----------------------------------------------------------

  function renderStats(result) {
    const ok = result.status === 200 && result.body;
    for (const id of ['card-events', 'card-transfers', 'card-accounts', 'card-idempotency', 'card-pipeline']) {
      byId(id).classList.toggle('unavailable', !ok);
    }
    if (!ok) {
      for (const id of ['head-index', 'event-rate', 'events-window', 'head-time', 'transfers-pending',
        'transfers-completed', 'transfers-failed', 'sagas-in-flight', 'reservations-open', 'accounts-count',
        'accounts-frozen', 'accounts-closed', 'keys-stored',
        'keys-executed', 'keys-replayed', 'keys-reused', 'keys-in-use', 'pipeline-depth', 'pipeline-batches',
        'pipeline-mean', 'pipeline-largest', 'pipeline-retries', 'pipeline-overloaded']) {
        setText(id, 'unavailable');
      }
      return false;
    }
    const stats = result.body;
    renderEventStore(stats);
    const transfers = stats.transfers || {};
    setText('transfers-pending', integer(transfers.pending));
    setText('transfers-completed', integer(transfers.completed));
    setText('transfers-failed', integer(transfers.failed));
    byId('transfers-failed').classList.toggle('warn', transfers.failed > 0);
    setText('sagas-in-flight', integer(stats.sagas_in_flight));
    setText('reservations-open', integer(stats.open_reservations));
    setText('accounts-count', integer(stats.accounts));
    setText('accounts-frozen', integer(stats.frozen_accounts));
    byId('accounts-frozen').classList.toggle('warn', stats.frozen_accounts > 0);
    setText('accounts-closed', integer(stats.closed_accounts));
    const keys = stats.idempotency || {};
    setText('keys-stored', integer(keys.keys_stored));
    setText('keys-executed', integer(keys.executed));
    setText('keys-replayed', integer(keys.replayed));
    setText('keys-reused', integer(keys.reused));
    setText('keys-in-use', integer(keys.in_use));
    renderPipeline(stats.write_pipeline || {});

    const rows = byId('money-rows');
    const reservedPerCurrency = stats.reserved_per_currency || {};
    const currencies = Object.keys(stats.money_per_currency || {}).sort();
    const fresh = [];
    for (const currency of currencies) {
      const entry = stats.money_per_currency[currency] || {};
      const row = element('tr');
      row.dataset.currency = currency;
      row.appendChild(element('td', currency, 'currency'));
      row.appendChild(element('td', integer(entry.accounts), 'num'));
      const amount = element('td', money(entry.balance_cents, currency) + ' ' + currency, 'num money');
      amount.dataset.cents = String(entry.balance_cents);
      row.appendChild(amount);
      // The amount open reservations hold, part of the money beside it (0 when none).
      const held = reservedPerCurrency[currency] || { reservations: 0, reserved_cents: 0 };
      const reserved = element('td', money(held.reserved_cents, currency) + ' ' + currency, 'num reserved');
      reserved.dataset.cents = String(held.reserved_cents);
      reserved.dataset.reservations = String(held.reservations);
      row.appendChild(reserved);
      fresh.push(row);
    }
    if (fresh.length === 0) {
      const row = element('tr', null, 'empty');
      const cell = element('td', 'no accounts yet');
      cell.colSpan = 4;
      row.appendChild(cell);
      fresh.push(row);
    }
    rows.replaceChildren(...fresh);
    return true;
  }

  /** The event store's figures; under Axon Server from it (no head time), or "unavailable" with why. */
  function renderEventStore(stats) {
    const store = stats.event_store || {};
    axonServer = store.source === 'AXON_SERVER';
    const link = byId('axonserver-dashboard');
    const url = typeof store.dashboard_url === 'string' && /^https?:\/\//.test(store.dashboard_url) ? store.dashboard_url : null;
    byId('axonserver-note').hidden = !axonServer;
    if (url) link.href = url;
    link.hidden = !url;
    const readable = store.available !== false;
    byId('card-events').classList.toggle('unavailable', !readable);
    byId('head-time-label').hidden = !readable;
    if (!readable) {
      for (const id of ['head-index', 'event-rate', 'events-window']) setText(id, 'unavailable');
      setText('head-time', typeof store.detail === 'string' ? store.detail : 'unavailable');
      return;
    }
    const head = stats.head;
    setText('head-index', head ? integer(head.global_index) : '0');
    if (!head) {
      setText('head-time', 'none yet');
    } else if (typeof head.timestamp !== 'string') {
      setText('head-time', axonServer ? 'time not reported by Axon Server' : '–');
    } else {
      setText('head-time', utc(head.timestamp) + ' (' + ago(head.timestamp) + ')');
    }
    const events = stats.events || {};
    setText('event-rate', typeof events.per_second === 'number' ? events.per_second.toFixed(1) : '–');
    setText('events-window', integer(events.in_window));
  }

  // ---- processors ---------------------------------------------------------------------------------

  function processorState(processor) {
    if (processor.error) return ['error', 'bad'];
    if (processor.replaying) return ['replaying', 'info'];
    if (processor.running) return ['running', 'ok'];
    return ['stopped', 'warn'];
  }

  /** One line per segment: which node holds it, where it is, how far behind. */
  function segmentsCell(segments) {
    const cell = element('td', null, 'segments');
    if (!Array.isArray(segments) || segments.length === 0) {
      cell.textContent = '–';
      return cell;
    }
    for (const s of segments) {
      const owner = s.owner ? String(s.owner) : 'unclaimed';
      const here = s.claimed_by_this_instance ? ' (here)' : '';
      cell.appendChild(element('div', 'segment ' + s.segment + '/' + s.of + ' · ' + owner + here +
        ' · at ' + integer(s.position) + ' · lag ' + integer(s.lag_events)));
    }
    return cell;
  }

  function renderProcessors(result) {
    const rows = byId('processor-rows');
    byId('card-processors').classList.toggle('unavailable', result.status !== 200);
    if (result.status !== 200 || !result.body || !Array.isArray(result.body.processors)) {
      // 503 UNAVAILABLE: the event store (Axon Server) cannot be reached; the detail says so.
      const away = result.status === 503 && result.body && result.body.code === 'UNAVAILABLE';
      setBadge('processors-status', unavailable(result) || away ? 'unavailable' : 'error',
        unavailable(result) ? 'muted' : away ? 'warn' : 'bad');
      const row = element('tr', null, 'empty');
      const cell = element('td', unavailable(result)
        ? 'processor status is not available on this server'
        : problemDetail(result));
      cell.colSpan = 6;
      row.appendChild(cell);
      rows.replaceChildren(row);
      return;
    }
    const processors = result.body.processors;
    const fresh = processors.map((processor) => {
      const row = element('tr');
      row.dataset.processor = String(processor.name);
      const [state, tone] = processorState(processor);
      row.appendChild(element('td', processor.name, 'name'));
      row.appendChild(element('td', processor.mode));
      const stateCell = element('td');
      stateCell.appendChild(element('span', state, 'badge ' + tone));
      row.appendChild(stateCell);
      const lag = element('td', integer(processor.lag_events), 'num lag');
      if (typeof processor.lag_events === 'number' && processor.lag_events > 0) lag.classList.add('warn');
      row.appendChild(lag);
      row.appendChild(element('td', integer(processor.lag_ms), 'num'));
      row.appendChild(segmentsCell(processor.segments));
      return row;
    });
    const behind = processors.filter((p) => p.error || !p.running).length;
    setBadge('processors-status', behind ? behind + ' not running' : processors.length + ' running', behind ? 'bad' : 'ok');
    rows.replaceChildren(...fresh);
  }

  // ---- webhooks ----------------------------------------------------------------------------------

  function renderWebhooks(result) {
    const rows = byId('webhook-rows');
    if (result.status !== 200 || !Array.isArray(result.body)) {
      setBadge('webhooks-status', unavailable(result) ? 'unavailable' : 'error', unavailable(result) ? 'muted' : 'bad');
      rows.replaceChildren();
      return;
    }
    const hooks = result.body;
    const fresh = hooks.map((hook) => {
      const row = element('tr');
      row.dataset.webhook = String(hook.id);
      row.appendChild(element('td', hook.id, 'name'));
      row.appendChild(element('td', hook.url));
      const state = hook.enabled ? (hook.failures > 0 ? ['retrying', 'warn'] : ['enabled', 'ok']) : ['disabled', 'bad'];
      const stateCell = element('td');
      stateCell.appendChild(element('span', state[0], 'badge ' + state[1]));
      row.appendChild(stateCell);
      const lag = element('td', integer(hook.lag_events), 'num lag');
      if (typeof hook.lag_events === 'number' && hook.lag_events > 0) lag.classList.add('warn');
      row.appendChild(lag);
      row.appendChild(element('td', integer(hook.failures), 'num'));
      row.appendChild(element('td', hook.enabled ? (hook.last_error || '–') : (hook.disabled_reason || 'disabled')));
      return row;
    });
    if (fresh.length === 0) {
      const row = element('tr', null, 'empty');
      const cell = element('td', 'no webhook endpoints');
      cell.colSpan = 6;
      row.appendChild(cell);
      fresh.push(row);
    }
    const disabled = hooks.filter((h) => !h.enabled).length;
    setBadge('webhooks-status', disabled ? disabled + ' disabled' : hooks.length + ' enabled', disabled ? 'bad' : 'ok');
    rows.replaceChildren(...fresh);
  }

  // ---- audit --------------------------------------------------------------------------------------

  /** The line under the audit figures: when it finished, or why there is no audit to show. */
  function auditNote(detail) {
    byId('audit-finished').hidden = detail !== null;
    byId('audit-detail').hidden = detail === null;
    setText('audit-detail', detail);
  }

  function renderAudit(report, finishedAt) {
    auditNotAvailable = false;
    auditNote(null);
    const mismatches = Array.isArray(report.mismatches) ? report.mismatches : [];
    setText('audit-mismatches', integer(mismatches.length));
    byId('audit-mismatches').className = 'value ' + (mismatches.length ? 'bad' : 'ok');
    setText('audit-events', integer(report.events_checked));
    setText('audit-accounts', integer(report.accounts_checked));
    setText('audit-duration', typeof report.duration_ms === 'number' ? integer(report.duration_ms) + ' ms' : '–');
    setText('audit-when', finishedAt ? utc(finishedAt) : '–');
    setBadge('audit-status', mismatches.length ? mismatches.length + ' mismatch' + (mismatches.length > 1 ? 'es' : '') : 'clean',
      mismatches.length ? 'bad' : 'ok');
    const list = byId('audit-mismatch-list');
    const items = mismatches.slice(0, MISMATCHES_SHOWN).map((m) => element('li',
      (m.account_number ? m.account_number + ': ' : '') + m.what +
      ' (expected ' + JSON.stringify(m.expected) + ', actual ' + JSON.stringify(m.actual) + ')'));
    if (mismatches.length > MISMATCHES_SHOWN) {
      items.push(element('li', '… and ' + (mismatches.length - MISMATCHES_SHOWN) + ' more (GET /admin/audit)', 'muted'));
    }
    list.replaceChildren(...items);
  }

  function renderAuditMissing(result) {
    auditNotAvailable = false;
    if (unavailable(result)) {
      setBadge('audit-status', 'unavailable', 'muted');
      byId('run-audit').disabled = true;
    } else if (notAvailable(result)) {
      auditNotAvailable = true;
      setBadge('audit-status', notAvailableLabel(), 'muted');
      auditNote(problemDetail(result));
      byId('run-audit').disabled = true;
    } else if (result.status === 404) {
      setBadge('audit-status', 'no audit yet', 'muted');
    } else {
      setBadge('audit-status', 'error', 'bad');
      auditNote(problemDetail(result));
    }
  }

  async function loadLastAudit() {
    const result = await call('/admin/audit/last');
    if (auditRunning) return;
    if (result.status === 200 && result.body) {
      const modified = result.headers && result.headers.get('Last-Modified');
      renderAudit(result.body, modified ? new Date(modified).toISOString() : null);
    } else {
      renderAuditMissing(result);
    }
  }

  async function runAudit() {
    const button = byId('run-audit');
    auditRunning = true;
    button.disabled = true;
    button.textContent = 'Auditing…';
    setBadge('audit-status', 'running…', 'info');
    try {
      const result = await call('/admin/audit');
      if (result.status === 200 && result.body) {
        renderAudit(result.body, new Date().toISOString());
      } else {
        renderAuditMissing(result);
      }
    } finally {
      auditRunning = false;
      button.textContent = 'Run audit';
      button.disabled = auditNotAvailable;
    }
  }

  // ---- replay -------------------------------------------------------------------------------------

  function setProgress(fraction) {
    const percent = Math.max(0, Math.min(100, Math.round(fraction * 1000) / 10));
    byId('replay-bar').style.width = percent + '%';
    byId('replay-progress').setAttribute('aria-valuenow', String(percent));
  }

  function renderReplayStatus(status) {
    const running = status.status === 'RUNNING';
    replayRunning = running;
    const tone = running ? 'info' : status.status === 'COMPLETED' ? 'ok' : status.status === 'FAILED' ? 'bad' : 'muted';
    setBadge('replay-status', String(status.status || 'unknown').toLowerCase(), tone);
    const total = typeof status.events_total === 'number' ? status.events_total : 0;
    const done = typeof status.events_done === 'number' ? status.events_done : 0;
    setProgress(status.status === 'COMPLETED' ? 1 : total > 0 ? done / total : 0);
    byId('replay-progress').classList.toggle('failed', status.status === 'FAILED');
    const parts = [integer(done) + ' / ' + integer(total) + ' events'];
    if (total > 0) parts.unshift(Math.floor((done / total) * 100) + ' %');
    if (typeof status.events_per_second === 'number') parts.push(integer(Math.round(status.events_per_second)) + ' events/s');
    if (status.phase) parts.push(String(status.phase).toLowerCase().replace('_', ' '));
    if (typeof status.duration_ms === 'number') parts.push(integer(status.duration_ms) + ' ms');
    if (status.error) parts.push(String(status.error));
    setText('replay-detail', parts.join(' · '));
    byId('run-replay').disabled = running;
  }

  function renderReplay(result) {
    if (result.status === 200 && result.body) {
      renderReplayStatus(result.body);
      return;
    }
    replayRunning = false;
    if (unavailable(result)) {
      setBadge('replay-status', 'unavailable', 'muted');
      setText('replay-detail', 'replay is not available on this server');
      byId('run-replay').disabled = true;
    } else if (notAvailable(result)) {
      setBadge('replay-status', notAvailableLabel(), 'muted');
      setText('replay-detail', problemDetail(result));
      byId('run-replay').disabled = true;
    } else if (result.status === 404) {
      setBadge('replay-status', 'never run', 'muted');
      setText('replay-detail', 'no replay has run yet');
      byId('run-replay').disabled = false;
    } else {
      setBadge('replay-status', 'error', 'bad');
      setText('replay-detail', problemDetail(result));
    }
    setProgress(0);
  }

  async function runReplay() {
    if (!window.confirm('Rebuild the read models from the event store?')) return;
    byId('run-replay').disabled = true;
    const result = await call('/admin/replay', 'POST');
    if ((result.status === 202 || result.status === 200) && result.body) {
      renderReplayStatus(result.body);
    } else if (result.status === 409) {
      setText('replay-detail', problemDetail(result));
      replayRunning = true;
    } else {
      renderReplay(result);
    }
    schedule(0);
  }

  // ---- account look-up --------------------------------------------------------------------------

  /** A memo's metadata as key=value pairs (written as text, never as markup), or a dash when there is none. */
  function metadataText(metadata) {
    const keys = metadata ? Object.keys(metadata).sort() : [];
    return keys.length === 0 ? '–' : keys.map((key) => key + '=' + metadata[key]).join(', ');
  }

  const LOOKUP_ENTRIES = 10;

  /** One account by number: GET /accounts/{n} and its last entries; only on demand, never polled. */
  async function lookUp(event) {
    event.preventDefault();
    const number = byId('lookup-input').value.trim();
    if (number === '') return;
    const path = '/accounts/' + encodeURIComponent(number);
    setBadge('lookup-status', 'looking up…', '');
    const [account, entries] = await Promise.all([
      call(path, 'GET', true), call(path + '/transactions?limit=' + LOOKUP_ENTRIES, 'GET', true)]);
    if (account.status !== 200 || !account.body) {
      byId('lookup-result').hidden = true;
      byId('lookup-detail').hidden = false;
      setText('lookup-detail', problemDetail(account));
      setBadge('lookup-status', account.status === 404 ? 'not found' : 'refused', 'warn');
      return;
    }
    renderAccount(account.body, entries);
  }

  function emptyRow(rows, text) {
    const row = element('tr', null, 'empty');
    const cell = element('td', text);
    cell.colSpan = 5;
    row.appendChild(cell);
    rows.appendChild(row);
  }

  function renderAccount(account, entries) {
    const currency = account.currency;
    byId('lookup-detail').hidden = true;
    byId('lookup-result').hidden = false;
    setBadge('lookup-status', account.account_number, account.status === 'ACTIVE' ? 'ok' : 'warn');
    setText('lookup-account-status', account.status);
    setText('lookup-balance', money(account.balance_cents, currency));
    setText('lookup-available', money(account.available_balance_cents, currency));
    setText('lookup-reserved', money(account.reserved_cents, currency));
    setText('lookup-overdraft-limit', money(account.overdraft_limit_cents, currency));
    setText('lookup-currency', currency);
    setText('lookup-created', utc(account.created_at));
    setText('lookup-freeze', account.frozen_direction
      ? 'frozen (' + account.frozen_direction + '): ' + (account.freeze_reason || '')
      : 'not frozen');
    setText('lookup-description', account.description || '–');
    setText('lookup-metadata', metadataText(account.metadata));
    const rows = byId('lookup-rows');
    rows.replaceChildren();
    if (entries.status !== 200 || !Array.isArray(entries.body)) {
      emptyRow(rows, 'entries unavailable: ' + problemDetail(entries));
      return;
    }
    if (entries.body.length === 0) emptyRow(rows, 'no entries');
    for (const entry of entries.body) {
      const row = element('tr');
      row.appendChild(element('td', utc(entry.occurred_at)));
      row.appendChild(element('td', entry.entry_type));
      row.appendChild(element('td', money(entry.amount_cents, entry.currency), 'num'));
      row.appendChild(element('td', entry.counterparty_account_number || '–'));
      row.appendChild(element('td', entry.correlation_id || '–'));
      row.appendChild(element('td', entry.description || '–'));
      row.appendChild(element('td', metadataText(entry.metadata)));
      rows.appendChild(row);
    }
  }

  // ---- the refresh loop ---------------------------------------------------------------------------

  let timer = null;

  function schedule(delay) {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(refresh, delay);
  }

  async function refresh() {
    timer = null;
    try {
      const [stats, processors, replay, webhooks] = await Promise.all([
        call('/admin/stats'), call('/admin/processors'), call('/admin/replay'), call('/admin/webhooks')]);
      const ok = renderStats(stats);
      renderProcessors(processors);
      renderWebhooks(webhooks);
      renderReplay(replay);
      await loadLastAudit();
      refreshes += 1;
      const state = byId('refresh-state');
      state.dataset.refreshes = String(refreshes);
      state.classList.toggle('stale', !ok);
      setText('refresh-text', ok
        ? 'updated ' + new Date().toISOString().slice(11, 19) + ' UTC · every ' + REFRESH_MS / 1000 + ' s'
        : 'statistics unavailable: ' + problemDetail(stats));
    } finally {
      if (timer === null) schedule(replayRunning ? REPLAY_POLL_MS : REFRESH_MS);
    }
  }

  byId('run-audit').addEventListener('click', runAudit);
  byId('run-replay').addEventListener('click', runReplay);
  byId('lookup-form').addEventListener('submit', lookUp);
  setUpKeyForm();
  refresh();
})();
