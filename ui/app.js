// The kiosk touchscreen. kioskd's engine owns the flow: its screens arrive on the SSE stream /api/events (and
// in GET /api/state at load and after a reconnect) and are rendered as they are. The UI adds only the input
// screens a citizen fills before a request (home, variable symbol, fees, amounts, voucher number, PIN).
// Amounts are integer haléře everywhere; they are only formatted, never computed with fractions.
'use strict';
(() => {
  const NOTES = [10000, 20000, 50000, 100000, 200000, 500000]; // Czech notes, 100–5 000 Kč
  const params = new URLSearchParams(location.search);
  // Input screens go back to the start after this long untouched; the engine times out its own screens.
  const IDLE_MS = Math.max(2, Number(params.get('idle')) || 60) * 1000;
  const INPUT_VIEWS = new Set(['home', 'identify', 'fees', 'amount', 'voucher', 'pin']);
  const RESULT_VIEWS = new Set(['paid', 'cancelled', 'takecash', 'problem']);
  const ENGINE_VIEWS = {
    paymentSummary: 'method', insertCash: 'cashin', cardPayment: 'card', givingChange: 'wait', givingBack: 'wait',
    paymentDone: 'paid', cancelled: 'cancelled', checkingPIN: 'wait', payingOut: 'wait', payoutDone: 'takecash',
    problem: 'problem', outOfService: 'oos', recovering: 'wait',
  };
  const WAIT_TITLES = { givingChange: 'waitChange', givingBack: 'waitGivingBack', checkingPIN: 'waitPIN',
    payingOut: 'waitPayingOut', recovering: 'waitRecovering' };
  // A keyboard-wedge scanner on the Czech layout types the unshifted number row for digits.
  const CZECH_DIGITS = { '+': '1', 'ě': '2', 'š': '3', 'č': '4', 'ř': '5', 'ž': '6', 'ý': '7', 'á': '8', 'í': '9', 'é': '0' };

  const ui = {
    view: 'home', lang: 'cs', cardAvailable: true, connected: false, busy: false,
    engine: { kind: 'welcome', data: {} },
    vs: '', scan: '', voucher: '', pin: '', lastVoucher: '', amount: '', amountFor: null,
    summary: null, cash: null, cardPrompt: '', fees: [], restart: null, dialog: null,
  };

  const field = (name) => document.querySelector(`[data-field="${name}"]`);
  const setText = (name, text) => { field(name).textContent = text; };
  const showIf = (el, visible) => { el.hidden = !visible; };
  const byTest = (id) => document.querySelector(`[data-testid="${id}"]`);

  /** A new element with a class, data-* attributes and text (buttons get type=button). */
  function element(tag, className, dataset, text) {
    const el = document.createElement(tag);
    if (tag === 'button') el.type = 'button';
    el.className = className;
    Object.assign(el.dataset, dataset);
    el.textContent = text;
    return el;
  }

  const t = (key, ...args) => translate(ui.lang, key, ...args);
  const money = (halere) => formatMoney(halere, ui.lang);

  // MARK: Talking to kioskd

  const setBusy = (busy) => { ui.busy = busy; document.body.dataset.busy = String(busy); };

  /** POSTs a citizen request; refusals come back as notices (shown), screens come over SSE. A citizen's
   *  request marks the page busy (a double tap sends nothing twice); closing a result screen does not. */
  async function post(path, body, guarded = true) {
    if (guarded) setBusy(true);
    try {
      const answer = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body || {}) });
      const doc = await answer.json().catch(() => null);
      if (!answer.ok || !doc) { openDialog('unknownError'); return null; }
      for (const event of doc.events || []) {
        if (event.event === 'notice') onNotice(event.data);
        // Without a live stream the answer is the only news of the screen.
        else if (event.event === 'screen' && !ui.connected) onScreen(event.data);
      }
      return doc;
    } catch (error) {
      return openDialog('connectionLost'), null;
    } finally {
      if (guarded) setBusy(false);
    }
  }

  async function loadState() {
    try {
      const state = await (await fetch('/api/state', { cache: 'no-store' })).json();
      if (state.screen) onScreen(state.screen);
      else if (state.in_service === false) onScreen({ outOfService: {} });
    } catch (error) { /* the stream's reconnect retries */ }
  }

  function connect() {
    const stream = new EventSource('/api/events');
    stream.addEventListener('screen', (event) => onScreen(JSON.parse(event.data)));
    stream.addEventListener('notice', (event) => onNotice(JSON.parse(event.data)));
    stream.onopen = () => { ui.connected = true; loadState(); };
    stream.onerror = () => {
      ui.connected = false;
      // A short blip is common (kioskd restart); only a lasting outage replaces the screen.
      setTimeout(() => { if (!ui.connected) show('offline'); }, 3000);
    };
  }

  // MARK: Engine screens and notices

  /** Swift's synthesized Codable: {"kind": {"_0": {...}}} or {"kind": {labelled fields}}. */
  function unwrap(tagged) {
    const kind = Object.keys(tagged || {})[0];
    const payload = kind ? tagged[kind] || {} : {};
    return { kind, data: payload._0 !== undefined && Object.keys(payload).length === 1 ? payload._0 : payload };
  }

  function onScreen(screen) {
    const { kind, data } = unwrap(screen);
    if (!kind) return;
    ui.engine = { kind, data };
    // Restarting a payment for a part of it: the cancel's screens are not the citizen's business.
    if (ui.restart && (kind === 'cancelled' || kind === 'welcome')) return;
    if (kind === 'welcome') {
      ui.cardAvailable = data.cardAvailable !== false;
      if (INPUT_VIEWS.has(ui.view)) return render();
      return goHome(RESULT_VIEWS.has(ui.view));
    }
    if (kind === 'paymentSummary') {
      const restarted = !!ui.restart;
      Object.assign(ui, { restart: null, summary: data });
      // The same summary again (e.g. after a reconnect) leaves the citizen on the amount they are typing.
      if (!restarted && ui.view === 'amount' && ui.amountFor && ui.amountFor.kind !== 'fee') return render();
    }
    if (kind === 'insertCash') ui.cash = data;
    if (kind === 'cardPayment') ui.cardPrompt = '';
    if (kind === 'cancelled' && !(data.givenBack > 0) && !(data.owed > 0)) {
      // Nothing to give back: cancelling is simply going back.
      post('/api/acknowledge', {}, false);
      return goHome(false);
    }
    if (kind === 'outOfService') {
      closeDialog();
      // A transaction in doubt takes the kiosk out of service at once: keep the problem screen (it tells the
      // citizen what to do with the reference) until they close it.
      if (ui.view === 'problem' && data.reference) return render();
    }
    show(ENGINE_VIEWS[kind] || 'wait');
  }

  function onNotice(notice) {
    const { kind, data } = unwrap(notice);
    switch (kind) {
      case 'error': {
        const error = unwrap(data);
        return openDialog(error.kind, error.data);
      }
      case 'cashInserted':
        if (ui.cash) Object.assign(ui.cash, { inserted: data.inserted, remaining: data.remaining });
        return render();
      case 'noteReturned':
        if (ui.cash && data.acceptedNotes) ui.cash.acceptedNotes = data.acceptedNotes;
        render();
        return flash(t('noteReturned', data._0 ? money(data._0) : null));
      case 'noteRejected':
        if (ui.cash && data.acceptedNotes) ui.cash.acceptedNotes = data.acceptedNotes;
        render();
        return flash(t('noteRejected'));
      case 'cardPrompt':
        ui.cardPrompt = String(data._0 ?? data ?? '');
        return render();
      case 'cardDeclined': return openDialog('cardDeclined');
      case 'takeCash': return flash(t('takeCash', money(data._0 ?? data)));
      case 'receiptNotPrinted': return flash(t('receiptNotPrinted', data.reference));
      case 'cashOwed': return openDialog('cashOwed', data);
      case 'coinRejected': case 'pleaseWait': case 'timedOut': return flash(t(kind));
      default: return undefined;
    }
  }

  // MARK: Dialog and notice bar

  const openDialog = (code, data) => { ui.dialog = { code, data: data || {} }; renderDialog(); };
  const closeDialog = () => { ui.dialog = null; renderDialog(); };

  function renderDialog() {
    showIf(field('dialog'), !!ui.dialog);
    if (!ui.dialog) return;
    const { code, data } = ui.dialog;
    let text;
    if (code === 'wrongPIN') text = t('wrongPIN', Number(data.attemptsLeft) || 0);
    else if (code === 'cannotPayOutNowTryLater') text = t(code, data.reference || '');
    else if (code === 'cashOwed') text = t(code, money(data.amount), data.reference || '');
    else text = t(code);
    setText('dialog-message', text);
    showIf(byTest('dialog-retry'), code === 'wrongPIN' && Number(data.attemptsLeft) > 0);
  }

  let flashTimer;
  function flash(text) {
    const bar = document.getElementById('notice');
    bar.textContent = text;
    bar.hidden = false;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => { bar.hidden = true; }, 8000);
  }

  // MARK: Views

  function show(view) {
    if (view !== ui.view) document.getElementById('notice').hidden = true;
    ui.view = view;
    render();
  }

  function goHome(resetLanguage) {
    Object.assign(ui, { vs: '', scan: '', voucher: '', pin: '', amount: '', amountFor: null, restart: null });
    if (resetLanguage) setLanguage('cs');
    show(ui.engine.kind === 'outOfService' ? 'oos' : 'home');
  }

  function render() {
    for (const section of document.querySelectorAll('[data-view]')) section.hidden = section.dataset.view !== ui.view;
    document.body.dataset.screen = ui.view;
    document.body.dataset.engine = ui.engine.kind || '';
    const renderer = RENDERERS[ui.view];
    if (renderer) renderer();
    renderDialog();
  }

  const RENDERERS = {
    home() { setText('card-availability', t(ui.cardAvailable ? 'cardAvailable' : 'cardUnavailable')); },
    identify() { setText('vs', ui.scan ? t('scanning') : ui.vs); },
    fees() {
      field('fees').replaceChildren(...ui.fees.map((fee) => {
        const price = fee.pricing.kind === 'fixed' ? money(fee.pricing.amount)
          : t('feeRange', money(fee.pricing.minimum), money(fee.pricing.maximum));
        return element('button', 'secondary fee', { testid: `fee-${fee.code}`, action: 'choose-fee', code: fee.code },
          `${ui.lang === 'cs' ? fee.nameCs : fee.nameEn} — ${price}`);
      }));
      showIf(field('fees-empty'), ui.fees.length === 0);
    },
    amount() {
      const purpose = ui.amountFor || { kind: 'partial', min: 100, max: 100 };
      const fee = purpose.kind === 'fee' ? ui.fees.find((f) => f.code === purpose.code) : null;
      setText('amount-title', fee ? t('amountFee', ui.lang === 'cs' ? fee.nameCs : fee.nameEn)
        : t(purpose.kind === 'mixed' ? 'amountMixed' : 'amountPartial'));
      setText('amount-limits', t('amountLimits', money(purpose.min), money(purpose.max)));
      setText('amount', ui.amount ? money(Number(ui.amount) * 100) : '');
    },
    method() {
      const s = ui.summary || {};
      const methods = new Set(s.methods || []);
      // The engine describes a fee by its Czech name; the catalogue knows the English one.
      const fee = ui.lang === 'en' ? ui.fees.find((f) => f.nameCs === s.description) : null;
      setText('description', fee ? fee.nameEn : s.description || '');
      showIf(field('vs-row'), !!s.variableSymbol);
      setText('summary-vs', s.variableSymbol || '');
      setText('summary-amount', money(s.remaining));
      setText('cash-rounding', s.remainingInCash !== s.remaining ? t('cashRounding', money(s.remainingInCash)) : '');
      for (const method of ['cash', 'card', 'mixed']) showIf(byTest(`method-${method}`), methods.has(method));
      // Only an obligation not yet partly paid can be restarted for a part of it.
      showIf(byTest('method-partial'), !!s.variableSymbol && s.remaining === s.amount && s.amount > 100);
    },
    cashin() {
      const c = ui.cash || { due: 0, inserted: 0, remaining: 0, acceptedNotes: [] };
      setText('cash-due', money(c.due));
      setText('cash-inserted', money(c.inserted));
      setText('cash-remaining', money(c.remaining));
      const accepted = NOTES.filter((note) => (c.acceptedNotes || []).includes(note));
      field('accepted-notes').replaceChildren(...accepted.map((note) => element('li', 'chip', {}, money(note))));
      const refused = NOTES.filter((note) => !accepted.includes(note));
      const warning = field('unchangeable');
      showIf(warning, refused.length > 0);
      warning.textContent = accepted.length === 0 ? t('noNotesNow') : t('unchangeable', refused.map(money).join(', '));
      showIf(byTest('cashin-finish'), !!c.mayFinishPartially && c.inserted > 0);
    },
    card() {
      setText('card-amount', money(ui.engine.data.amount));
      setText('card-prompt', ui.cardPrompt);
    },
    wait() {
      const { kind, data } = ui.engine;
      setText('wait-title', t(WAIT_TITLES[kind] || 'pleaseWait'));
      setText('wait-amount', data && data.amount !== undefined ? money(data.amount) : '');
    },
    paid() {
      const d = ui.engine.data;
      setText('paid-amount', money(d.paid));
      setText('paid-change', money(d.change));
      showIf(field('change-row'), d.change > 0);
      setText('paid-receipt', d.receipt || '');
      setText('take-change', t(d.change > 0 ? 'takeChange' : 'takeReceipt'));
      showIf(field('paid-owed'), d.owed > 0);
      setText('paid-owed', d.owed > 0 ? t('owed', money(d.owed), d.reference) : '');
    },
    cancelled() {
      const d = ui.engine.data;
      setText('given-back', d.givenBack > 0 ? t('givenBack', money(d.givenBack)) : t('nothingTaken'));
      showIf(field('cancelled-owed'), d.owed > 0);
      setText('cancelled-owed', d.owed > 0 ? t('owed', money(d.owed), d.reference) : '');
    },
    voucher() { setText('voucher', ui.voucher); },
    pin() {
      setText('pin-voucher', t('pinFor', ui.voucher));
      setText('pin', '•'.repeat(ui.pin.length));
    },
    takecash() {
      const d = ui.engine.data;
      setText('payout-amount', money(d.paid));
      setText('payout-receipt', d.receipt || '');
      showIf(field('payout-remaining'), d.remainingOnVoucher > 0);
      setText('payout-remaining', d.remainingOnVoucher > 0 ? t('remainingOnVoucher', money(d.remainingOnVoucher), d.reference) : '');
    },
    problem() {
      const { kind, data } = ui.engine;
      if (kind === 'problem' || (kind === 'outOfService' && data.reference)) setText('problem-reference', t('reference', data.reference));
    },
    oos() {
      // Only the reference: the reason is for the technician (kioskctl), not the citizen.
      const reference = ui.engine.kind === 'outOfService' ? ui.engine.data.reference : null;
      showIf(field('oos-reference'), !!reference);
      setText('oos-reference', reference ? t('reference', reference) : '');
    },
  };

  function setLanguage(lang) {
    ui.lang = lang;
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    document.title = t('brand');
  }

  // MARK: Keypads and input

  const PADS = {
    vs: { keys: '123456789', max: 10, digits: true },
    pin: { keys: '123456789', max: 12, digits: true },
    amount: { keys: '123456789', max: 7, digits: true },
    voucher: { keys: '1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ', max: 20, digits: false },
  };

  function buildKeypads() {
    for (const container of document.querySelectorAll('[data-keypad]')) {
      const pad = container.dataset.keypad;
      const keys = [...PADS[pad].keys, ...(PADS[pad].digits ? ['del', '0', 'clear'] : ['del', 'clear'])];
      container.replaceChildren(...keys.map((key) => {
        const edit = { del: ['⌫', 'deleteOne'], clear: ['C', 'deleteAll'] }[key];
        const button = element('button', edit ? 'key edit' : 'key',
          { action: 'key', pad, key, testid: `${pad}-key-${key}` }, edit ? edit[0] : key);
        if (edit) button.dataset.i18nLabel = edit[1];
        return button;
      }));
    }
  }

  function typeInto(pad, key) {
    if (key === 'del') ui[pad] = ui[pad].slice(0, -1);
    else if (key === 'clear') ui[pad] = '';
    else if (ui[pad].length < PADS[pad].max && !(pad === 'amount' && ui.amount === '' && key === '0')) ui[pad] += key;
    render();
  }

  /** Scanner (or keyboard) input: characters then Enter. */
  function onKey(event) {
    resetIdle();
    if (ui.dialog) return;
    const key = event.key;
    if (ui.view === 'identify') {
      event.preventDefault();
      if (key === 'Enter' && !ui.busy) {
        const scanned = ui.scan;
        ui.scan = '';
        if (scanned) startPayment({ scanned });
        else if (ui.vs) startPayment({ vs: ui.vs });
        render();
      } else if (key.length === 1 && ui.scan.length < 512) {
        ui.scan += key;
        render();
      }
    } else if (ui.view === 'voucher' || ui.view === 'pin' || ui.view === 'amount') {
      event.preventDefault();
      if (key === 'Enter') return ui.busy ? undefined : ACTIONS[`submit-${ui.view}`]();
      if (key === 'Backspace') return typeInto(ui.view, 'del');
      if (key.length !== 1) return undefined;
      const char = (CZECH_DIGITS[key] || key).toUpperCase();
      if (PADS[ui.view].keys.includes(char) || (PADS[ui.view].digits && char === '0')) typeInto(ui.view, char);
    }
    return undefined;
  }

  // MARK: Citizen actions

  const startPayment = (body) => post('/api/payments', body);
  const partMax = () => Math.floor((ui.summary.remaining - 1) / 100) * 100;
  const openAmount = (purpose) => { Object.assign(ui, { amountFor: purpose, amount: '' }); show('amount'); };

  const ACTIONS = {
    'toggle-language'() { setLanguage(ui.lang === 'cs' ? 'en' : 'cs'); render(); },
    'go-home'() { goHome(false); },
    'go-identify'() { ui.scan = ''; show('identify'); },
    async 'go-fees'() {
      try { ui.fees = (await (await fetch('/api/fees', { cache: 'no-store' })).json()).fees || []; } catch (e) { ui.fees = []; }
      show('fees');
    },
    'go-voucher'() { ui.voucher = ''; ui.pin = ''; show('voucher'); },
    'go-voucher-keep'() { ui.pin = ''; show('voucher'); },
    key(el) { typeInto(el.dataset.pad, el.dataset.key); },
    'submit-vs'() { if (ui.vs) startPayment({ vs: ui.vs }); },
    'choose-fee'(el) {
      const fee = ui.fees.find((f) => f.code === el.dataset.code);
      if (!fee) return;
      if (fee.pricing.kind === 'fixed') startPayment({ fee: fee.code });
      else openAmount({ kind: 'fee', code: fee.code, min: fee.pricing.minimum, max: fee.pricing.maximum });
    },
    // A part (or the cash part) is whole crowns and less than what remains.
    'go-partial'() { if (ui.summary) openAmount({ kind: 'partial', vs: ui.summary.variableSymbol, min: 100, max: partMax() }); },
    'go-mixed'() { if (ui.summary) openAmount({ kind: 'mixed', min: 100, max: partMax() }); },
    'amount-back'() { if (ui.amountFor && ui.amountFor.kind === 'fee') show('fees'); else show('method'); },
    async 'submit-amount'() {
      const purpose = ui.amountFor;
      const halere = Number(ui.amount || '0') * 100;
      if (!purpose) return;
      if (halere < purpose.min || halere > purpose.max) {
        return flash(t('amountOutOfRange', money(purpose.min), money(purpose.max)));
      }
      if (purpose.kind === 'fee') return startPayment({ fee: purpose.code, amount: halere });
      if (purpose.kind === 'mixed') return post('/api/method', { mixed: halere });
      // A started payment cannot change its amount: cancel it (nothing was inserted yet) and start the part.
      ui.restart = { vs: purpose.vs, amount: halere };
      await post('/api/cancel');
      const answer = await post('/api/payments', { vs: purpose.vs, amount: halere });
      if (!answer || !answer.screen || !answer.screen.paymentSummary) {
        ui.restart = null;
        if (ui.engine.kind !== 'paymentSummary') goHome(false);
      }
      return undefined;
    },
    'method-cash'() { post('/api/method', { cash: true }); },
    'method-card'() { post('/api/method', { card: true }); },
    finish() { post('/api/finish'); },
    cancel() { post('/api/cancel'); },
    acknowledge() { post('/api/acknowledge', {}, false); goHome(true); },
    'submit-voucher'() {
      if (ui.voucher.length < 6) return flash(t('voucherTooShort'));
      ui.pin = '';
      show('pin');
      return undefined;
    },
    'submit-pin'() {
      if (!ui.pin) return;
      ui.lastVoucher = ui.voucher;
      const pin = ui.pin;
      ui.pin = '';
      render();
      post('/api/payouts', { voucher: ui.voucher, pin });
    },
    'dialog-retry'() {
      closeDialog();
      ui.voucher = ui.lastVoucher;
      ui.pin = '';
      show('pin');
    },
    'dialog-ok'() {
      // A voucher number can be corrected; a voucher that cannot be paid here ends the visit.
      const back = { unknownVoucher: 'voucher', voucherNotPayable: 'voucher', voucherExpired: 'home', voucherLocked: 'home',
        cannotPayOutNow: 'home', cannotPayOutNowTryLater: 'home' }[ui.dialog && ui.dialog.code];
      closeDialog();
      if (back === 'voucher') {
        ui.voucher = ui.lastVoucher;
        show('voucher');
      } else if (back === 'home' || (!INPUT_VIEWS.has(ui.view) && ui.engine.kind === 'welcome')) goHome(false);
    },
  };

  const REQUESTS = new Set(['submit-vs', 'choose-fee', 'submit-amount', 'method-cash', 'method-card', 'finish',
    'cancel', 'submit-pin']);
  document.addEventListener('click', (event) => {
    resetIdle();
    const target = event.target.closest('[data-action]');
    if (!target || target.hidden) return;
    const action = target.dataset.action;
    if (ui.busy && REQUESTS.has(action)) return; // one request at a time: a double tap sends nothing twice
    ACTIONS[action](target);
  });
  document.addEventListener('keydown', onKey);
  document.addEventListener('contextmenu', (event) => event.preventDefault());

  let idleTimer;
  function resetIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(onIdle, IDLE_MS);
  }

  function onIdle() {
    resetIdle();
    if (ui.view === 'amount' && ui.amountFor && ui.amountFor.kind !== 'fee') return post('/api/cancel');
    if (ui.view === 'problem' && ui.engine.kind === 'outOfService') return show('oos');
    if (INPUT_VIEWS.has(ui.view) && (ui.view !== 'home' || ui.dialog || ui.lang !== 'cs')) {
      closeDialog();
      goHome(true);
    }
    return undefined;
  }

  buildKeypads();
  setLanguage('cs');
  render();
  resetIdle();
  connect();
})();
