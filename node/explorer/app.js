'use strict';
// tfledger explorer: one page over this node's JSON API (docs/api.md), routed by the URL
// hash (#/block/12, #/tx/<id>, #/doc/INV-1 …) and refreshed as blocks commit.
// Chain data reaches the DOM only through el() — text nodes and attribute values, never
// HTML — so the arbitrary strings that txs carry cannot inject markup.

const API = '/api/v1';
const POLL_MS = 1500;            // status poll while the node answers
const MAX_RETRY_MS = 10000;      // back-off cap while it does not
const FETCH_TIMEOUT_MS = 8000;
const LOADING_DELAY_MS = 250;    // show "Loading…" only for slow answers (no flicker)
const RECENT_BLOCKS = 20;
const BLOCKS_PAGE = 25;
const LIST_PAGE = 50;
const RECENT_TXS = 15;

// ---------------------------------------------------------------------------------------
// DOM

// Creates an element; `attrs` keys are attribute names ("class", "href", …) or on<event>
// handlers; children are nodes or values shown as text; null/undefined/false are skipped.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attrs);
  return appendChildren(node, children);
}

function svgEl(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttributes(node, attrs);
  return appendChildren(node, children);
}

function setAttributes(node, attrs) {
  for (const [name, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), v);
    else node.setAttribute(name, v === true ? '' : String(v));
  }
}

function appendChildren(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const $ = (selector) => document.querySelector(selector);
const enc = encodeURIComponent;

// ---------------------------------------------------------------------------------------
// Formatting (pure)

// ISO 4217 minor digits that differ from 2 (the chain's table: chain/trade/money.cpp).
// Lookup tables are Maps: keys come from chain data ("constructor" must not find anything).
const CURRENCY_DIGITS = new Map(Object.entries({
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3, CLF: 4, UYW: 4,
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
}));
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'HKD', 'CNY', 'JPY', 'SGD', 'CHF', 'AUD', 'CAD', 'INR', 'KRW', 'AED'];

function minorDigits(currency) {
  return CURRENCY_DIGITS.get(currency) ?? 2;
}

// 1250000 USD → "12500.00" (no grouping: what the API takes back as a decimal).
function decimalAmount(minor, currency) {
  const digits = minorDigits(currency);
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits ? '.' + text.slice(text.length - digits) : '';
  return (minor < 0 ? '-' : '') + whole + fraction;
}

// 1250000 USD → "12,500.00"
function formatAmount(minor, currency) {
  return decimalAmount(minor, currency).replace(/^(-?\d+)/, (whole) => whole.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}

const formatRate = (bps) => (bps / 100).toFixed(2) + ' %';

function humanize(key) {
  const text = String(key).replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// The label of a record member: humanized, except where the name says less than it should.
const MEMBER_LABELS = new Map(Object.entries({
  doc_id: 'Document', doc_ids: 'Documents', financing_id: 'Financing', lc_id: 'Letter of credit',
  presentation_id: 'Presentation', amendment_id: 'Amendment', refs: 'Refers to', rate_bps: 'Rate',
  matched_po: 'Matched PO',
}));
const labelOf = (key) => MEMBER_LABELS.get(key) ?? humanize(key);

function toDate(t) {
  if (t === undefined || t === null || t === '') return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

// Block times (Unix ms) and history times (ISO strings) alike, as "YYYY-MM-DD HH:MM:SS" UTC.
function formatUtc(t) {
  const d = toDate(t);
  return d ? d.toISOString().replace('T', ' ').slice(0, 19) : '—';
}

function formatAge(ms) {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

function shortHash(hex) {
  return hex.length > 20 ? `${hex.slice(0, 10)}…${hex.slice(-6)}` : hex;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const quorumOf = (n) => Math.floor((2 * n) / 3) + 1;

// ---------------------------------------------------------------------------------------
// Render helpers: one per concept

const HREF = {
  block: (id) => `#/block/${enc(id)}`,
  tx: (id) => `#/tx/${enc(id)}`,
  doc: (id) => `#/doc/${enc(id)}`,
  fin: (id) => `#/fin/${enc(id)}`,
  lc: (id) => `#/lc/${enc(id)}`,
  pres: (id) => `#/pres/${enc(id)}`,
  party: (id) => `#/party/${enc(id)}`,
};

const dash = () => el('span', { class: 'muted' }, '—');

// Status words by tone: good outcome, in progress, needs attention, refused, closed.
const TONE_WORDS = {
  ok: ['committed', 'accepted', 'approved', 'compliant', 'honoured', 'repaid', 'up', 'advised', 'amendment_accepted', 'free'],
  info: ['issued', 'requested', 'disbursed', 'presented', 'proposed', 'transferred', 'amended', 'invoice_matched',
    'amendment_proposed'],
  warn: ['pending', 'discrepant', 'waived', 'held', 'syncing'],
  bad: ['failed', 'rejected', 'refused', 'down'],
  muted: ['surrendered', 'cancelled', 'utilised', 'released', 'invoice_released', 'expired', 'unknown'],
};
const TONES = new Map(Object.entries(TONE_WORDS).flatMap(([tone, words]) => words.map((w) => [w, tone])));
const toneOf = (word) => TONES.get(String(word).replace(/ /g, '_')) || 'muted';

function badge(word, tone) {
  if (word === undefined || word === null) return dash();
  return el('span', { class: `badge badge-${tone || toneOf(word)}` }, String(word).replace(/_/g, ' '));
}

function icon(name) {
  const paths = {
    copy: 'M6 6h7v7H6z M3 10V3h7',
    check: 'M3 8.5l3 3 7-7',
  };
  return svgEl('svg', { viewBox: '0 0 16 16', width: 13, height: 13, class: 'icon', 'aria-hidden': 'true' },
    svgEl('path', { d: paths[name] }));
}

function copyButton(text) {
  return el('button', {
    type: 'button', class: 'copy', title: 'Copy', 'aria-label': 'Copy to clipboard',
    onclick: (event) => { event.preventDefault(); copyText(text, event.currentTarget); },
  }, icon('copy'));
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el('textarea', { class: 'offscreen', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  button.classList.add('copied');
  button.replaceChildren(icon('check'));
  setTimeout(() => {
    button.classList.remove('copied');
    button.replaceChildren(icon('copy'));
  }, 1200);
}

// A hash in monospace: shortened (full value on hover and copy), or in full.
function hash(hex, href, { full = false } = {}) {
  if (!hex) return dash();
  const text = String(hex);
  return el('span', { class: 'hash' },
    el(href ? 'a' : 'span', { class: full ? 'mono hash-full' : 'mono', title: text, href }, full ? text : shortHash(text)),
    copyButton(text));
}

// A link to a record of one kind: block, tx, doc, fin, lc, pres, party.
function ref(kind, id, label) {
  if (id === undefined || id === null || id === '') return dash();
  if (kind === 'tx') return hash(id, HREF.tx(id));
  if (kind === 'party' && id === 'genesis') return el('span', { class: 'muted' }, 'genesis');
  return el('a', { href: HREF[kind](id), class: `ref ref-${kind}` }, label ?? String(id));
}

const refList = (kind, ids) => (ids && ids.length ? inlineList(ids.map((id) => ref(kind, id))) : dash());

function inlineList(items) {
  return el('span', { class: 'inline-list' }, items.map((item, i) => [i ? ', ' : null, item]));
}

function amount(minor, currency) {
  if (typeof minor !== 'number') return dash();
  return el('span', { class: 'amount' }, formatAmount(minor, currency), currency ? el('span', { class: 'ccy' }, currency) : null);
}

// A bar showing `part` of `whole` (credit used, LC drawn, PO invoiced).
function meter(part, whole, caption) {
  const ratio = whole > 0 ? Math.min(1, Math.max(0, part / whole)) : 0;
  const bar = el('span', { class: 'meter-fill' });
  bar.style.width = `${(ratio * 100).toFixed(1)}%`;
  return el('span', { class: `meter ${ratio >= 1 ? 'meter-full' : ''}` }, el('span', { class: 'meter-track' }, bar),
    el('span', { class: 'meter-caption' }, caption));
}

function timeCell(t) {
  const d = toDate(t);
  if (!d) return dash();
  return el('span', { class: 'time', title: `${formatUtc(d)} UTC` }, formatUtc(d), ' ', age(d.getTime()));
}

// Refreshed every second by the ticker.
const age = (ms) => el('span', { class: 'age', 'data-at': ms }, formatAge(ms));

// Label/value pairs; pairs whose value is undefined or null are left out.
function fields(pairs, cls = '') {
  const shown = pairs.filter((p) => p && p[1] !== undefined && p[1] !== null);
  if (!shown.length) return el('p', { class: 'empty' }, 'None.');
  return el('dl', { class: `fields ${cls}` }, shown.map(([label, v]) => [el('dt', {}, label), el('dd', {}, v)]));
}

// columns: [label, row => content, className?][]
function table(columns, rows, { empty = 'None.', rowClass } = {}) {
  if (!rows || !rows.length) return el('p', { class: 'empty' }, empty);
  return el('div', { class: 'table-wrap' }, el('table', { class: 'data' },
    el('thead', {}, el('tr', {}, columns.map(([label, , cls]) => el('th', { class: cls }, label)))),
    el('tbody', {}, rows.map((row) => tableRow(columns, row, rowClass)))));
}

function tableRow(columns, row, rowClass) {
  return el('tr', { class: rowClass && rowClass(row) }, columns.map(([, cell, cls]) => el('td', { class: cls }, cell(row))));
}

// The first page of a list endpoint as a table, with "Load more" while the API reports
// a next page (`next_after`); `pathAfter(after)` gives the next page's API path.
function pagedTable(columns, page, listKey, pathAfter, options = {}) {
  const wrap = el('div', { class: 'paged' }, table(columns, page[listKey], options));
  let after = page.next_after;
  const more = el('button', { type: 'button', class: 'btn btn-light more' }, 'Load more');
  more.hidden = !after;
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const next = await api(pathAfter(after));
      const body = wrap.querySelector('tbody');
      for (const row of next[listKey]) body.append(tableRow(columns, row, options.rowClass));
      after = next.next_after;
      more.hidden = !after;
      more.textContent = 'Load more';
    } catch (e) {
      more.textContent = `Load more (failed: ${e.message})`;
    } finally {
      more.disabled = false;
    }
  });
  return appendChildren(wrap, [more]);
}

// A record's history[] ({event, actor, time, height, tx, …}) as a vertical timeline.
const EVENT_BASE_KEYS = new Set(['event', 'actor', 'time', 'height', 'tx']);

function timeline(history, ctx = {}) {
  if (!history || !history.length) return el('p', { class: 'empty' }, 'No events recorded.');
  return el('ol', { class: 'timeline' }, history.map((ev) => el('li', { class: `tl tl-${toneOf(ev.event)}` },
    el('div', { class: 'tl-head' }, badge(ev.event), el('span', { class: 'tl-actor' }, 'by ', ref('party', ev.actor)),
      el('span', { class: 'tl-time' }, timeCell(ev.time))),
    el('div', { class: 'tl-meta' }, 'block ', ref('block', ev.height), el('span', { class: 'sep' }, '·'), 'tx ', ref('tx', ev.tx)),
    eventDetails(ev, ctx))));
}

function eventDetails(ev, ctx) {
  const extra = Object.entries(ev).filter(([key]) => !EVENT_BASE_KEYS.has(key));
  if (!extra.length) return null;
  return el('div', { class: 'tl-details' }, fields(extra.map(([key, v]) => [labelOf(key), value(key, v, ctx)]), 'compact'));
}

// How a member of a record or payload is shown, by its name.
const PARTY_KEYS = new Set(['actor', 'sender', 'bank', 'to', 'from', 'applicant', 'beneficiary', 'advising_bank',
  'issuing_bank', 'buyer', 'seller', 'carrier', 'consignee', 'insurer', 'holder', 'holders', 'issuer', 'onboarded_by']);
const LINK_KEYS = new Map(Object.entries({
  doc_id: 'doc', invoice: 'doc', matched_po: 'doc', refs: 'doc', invoices: 'doc', doc_ids: 'doc',
  financing_id: 'fin', lc_id: 'lc', presentation_id: 'pres', presentations: 'pres', tx: 'tx',
  height: 'block', proposed_height: 'block', accepted_height: 'block', released_height: 'block',
}));
const AMOUNT_KEYS = new Set(['amount', 'invoiced', 'amount_honoured', 'amount_available', 'open_financing', 'credit_counted']);
const LABEL_KEYS = new Set(['doc_type', 'role', 'required_docs']);
const BADGE_KEYS = new Set(['status', 'verdict', 'event']);
const RAW_LABEL_PARENTS = new Set(['keys']);   // attachment keys are named by participant id

const isMoney = (v) => v && typeof v === 'object' && typeof v.amount === 'number' && typeof v.currency === 'string' &&
  Object.keys(v).length === 2;

// A document's free-form `fields{}` (names chosen by its issuer): shown as plain text.
const plainText = (v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
const freeFormPairs = (obj) => Object.entries(obj || {}).map(([k, v]) => [humanize(k), plainText(v)]);

// ctx: {currency} for amounts, {idKind} for what a bare "id" names.
function value(key, v, ctx = {}) {
  if (v === undefined || v === null) return dash();
  if (key === 'fields' && typeof v === 'object') return fields(freeFormPairs(v), 'compact nested');
  if (isMoney(v)) return amount(v.amount, v.currency);
  if (Array.isArray(v)) return v.length ? inlineList(v.map((item) => value(key, item, ctx))) : el('span', { class: 'muted' }, 'none');
  if (typeof v === 'object') {
    const inner = { ...ctx, currency: v.currency ?? ctx.currency };
    return fields(Object.entries(v).map(([k, x]) => [RAW_LABEL_PARENTS.has(key) ? k : labelOf(k), value(k, x, inner)]), 'compact nested');
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (AMOUNT_KEYS.has(key) && typeof v === 'number') return amount(v, ctx.currency);
  if (key === 'rate_bps' && typeof v === 'number') return formatRate(v);
  if (key === 'time') return timeCell(v);
  if (key === 'id' && ctx.idKind) return ref(ctx.idKind, v);
  if (LINK_KEYS.has(key)) return ref(LINK_KEYS.get(key), v);
  if (PARTY_KEYS.has(key)) return ref('party', v);
  if (BADGE_KEYS.has(key)) return badge(v);
  if (LABEL_KEYS.has(key)) return humanize(v);
  if (typeof v === 'string' && /^[0-9a-f]{32,}$/.test(v)) return hash(v);
  return String(v);
}

// All members of an object, shown by value().
const objectFields = (obj, ctx) => fields(Object.entries(obj || {}).map(([k, v]) => [labelOf(k), value(k, v, ctx)]));

function card(title, body, { actions } = {}) {
  return el('section', { class: 'card' },
    el('div', { class: 'card-head' }, el('h2', {}, title), actions ? el('div', { class: 'card-actions' }, actions) : null),
    el('div', { class: 'card-body' }, body));
}

function pageHead(kicker, title, ...extras) {
  return el('div', { class: 'page-head' }, el('div', { class: 'kicker' }, kicker),
    el('h1', {}, el('span', { class: 'title-text' }, title), extras));
}

const grid = (...cards) => el('div', { class: 'grid' }, cards);

function rawJson(data) {
  return el('details', { class: 'raw' }, el('summary', {}, 'Raw JSON'), el('pre', {}, JSON.stringify(data, null, 2)));
}

function alertBox(tone, ...content) {
  return el('div', { class: `alert alert-${tone}` }, content);
}

// ---------------------------------------------------------------------------------------
// API

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;   // 0 when the node did not answer
    this.code = code;
  }
}

async function api(path) {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
  let res;
  try {
    res = await fetch(API + path, { signal: abort.signal, cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'unreachable', 'the node did not answer');
  } finally {
    clearTimeout(timer);
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(res.status, body?.error?.code || `http_${res.status}`, body?.error?.message || `HTTP ${res.status}`);
  }
  return body;
}

// The record at `path`, or null when the node has none (404) or the id cannot name one (400).
async function apiOrNull(path) {
  try {
    return await api(path);
  } catch (e) {
    if (e.status === 404 || e.status === 400) return null;
    throw e;
  }
}

const emptyPage = (listKey) => ({ [listKey]: [] });

// ---------------------------------------------------------------------------------------
// Shared columns

const blockTxCount = (b) => (b.txs || b.results || []).length;
const blockFailedCount = (b) => (b.results || []).filter((r) => r.status === 'failed').length;

const BLOCK_COLUMNS = [
  ['Height', (b) => ref('block', b.header.height), 'num'],
  ['Hash', (b) => hash(b.hash, HREF.block(b.hash))],
  ['Time (UTC)', (b) => timeCell(b.header.time)],
  ['Txs', (b) => blockTxCount(b), 'num'],
  ['Failed', (b) => (blockFailedCount(b) ? el('span', { class: 'text-bad' }, blockFailedCount(b)) : el('span', { class: 'muted' }, '0')), 'num'],
  ['Proposer', (b) => el('span', { class: 'mono' }, b.header.proposer)],
];

// `columns` without those labelled `labels`.
const omit = (columns, ...labels) => columns.filter(([label]) => !labels.includes(label));

const txTypeChip = (type) => el('span', { class: 'chip' }, type);

const TX_RESULT_COLUMNS = [
  ['Tx', (r) => ref('tx', r.id)],
  ['Type', (r) => txTypeChip(r.type)],
  ['Sender', (r) => ref('party', r.sender)],
  ['Status', (r) => badge(r.status)],
];
const reasonCell = (r) => (r.reason ? el('span', { class: 'text-bad' }, r.reason) : null);

const DOC_COLUMNS = [
  ['Document', (d) => ref('doc', d.doc_id)],
  ['Type', (d) => humanize(d.doc_type)],
  ['Number', (d) => d.number],
  ['Issued', (d) => d.issue_date],
  ['Buyer', (d) => ref('party', d.parties?.buyer)],
  ['Seller', (d) => ref('party', d.parties?.seller)],
  ['Amount', (d) => amount(d.amount, d.currency), 'num'],
  ['Status', (d) => badge(d.status)],
  ['Ver.', (d) => d.version, 'num'],
];

const financedAmount = (f) => f.terms?.amount ?? f.amount;

const FIN_COLUMNS = [
  ['Financing', (f) => ref('fin', f.financing_id)],
  ['Document', (f) => ref('doc', f.doc_id)],
  ['Seller', (f) => ref('party', f.seller)],
  ['Bank', (f) => ref('party', f.bank)],
  ['Amount', (f) => amount(financedAmount(f), f.currency), 'num'],
  ['Rate', (f) => (f.terms ? formatRate(f.terms.rate_bps) : dash()), 'num'],
  ['Due', (f) => f.terms?.due_date ?? dash()],
  ['Status', (f) => badge(f.status)],
];

const LC_COLUMNS = [
  ['LC', (l) => ref('lc', l.lc_id)],
  ['Applicant', (l) => ref('party', l.applicant)],
  ['Beneficiary', (l) => ref('party', l.beneficiary)],
  ['Issuing bank', (l) => ref('party', l.issuing_bank)],
  ['Amount', (l) => amount(l.amount, l.currency), 'num'],
  ['Available', (l) => amount(l.amount_available, l.currency), 'num'],
  ['Expiry', (l) => l.expiry_date],
  ['Status', (l) => badge(l.status)],
];

const PARTY_COLUMNS = [
  ['Id', (p) => ref('party', p.id)],
  ['Name', (p) => p.name],
  ['Role', (p) => badge(p.role, 'role')],
  ['Onboarded by', (p) => ref('party', p.onboarded_by)],
  ['Keys', (p) => `${p.threshold} of ${(p.keys || []).length}`, 'num'],
  ['Credit limit', (p) => (p.credit_limit ? amount(p.credit_limit.amount, p.credit_limit.currency) : dash()), 'num'],
  ['Open financing', (p) => (p.credit_limit || p.open_financing ? amount(p.open_financing, p.credit_limit?.currency) : dash()), 'num'],
];

function presentationColumns(currency) {
  return [
    ['Presentation', (p) => ref('pres', p.presentation_id)],
    ['Presented', (p) => p.presented_date],
    ['Amount', (p) => amount(p.amount, p.currency || currency), 'num'],
    ['Documents', (p) => documentsExamined(p)],
    ['Examination', (p) => badge(p.status)],
    ['Discrepancies', (p) => discrepancyList(p.discrepancies)],
  ];
}

function documentsExamined(p) {
  const docs = p.documents || (p.doc_ids || []).map((doc_id) => ({ doc_id }));
  return el('ul', { class: 'plain' }, docs.map((d) => el('li', {}, ref('doc', d.doc_id),
    d.doc_type ? el('span', { class: 'muted' }, ` ${humanize(d.doc_type)}${d.version ? ` v${d.version}` : ''}`) : null)));
}

function discrepancyList(discrepancies) {
  if (!discrepancies || !discrepancies.length) return el('span', { class: 'muted' }, 'none');
  return el('ul', { class: 'plain discrepancies' }, discrepancies.map((d) =>
    el('li', {}, el('span', { class: 'chip chip-bad' }, d.code), ' ', d.message)));
}

// ---------------------------------------------------------------------------------------
// Dashboard

function validatorRows(status) {
  const peers = status.peers || [];
  return (status.validators || []).map((v) => {
    const self = v.id === status.node_id;
    const peer = peers.find((p) => p.url === v.address);
    // A peer this node has not exchanged a message with yet (idle chain, fresh start) is
    // neither up nor down.
    const contacted = self || Boolean(peer && (peer.up || peer.last_ok));
    const up = self ? true : contacted ? Boolean(peer.up) : null;
    return { ...v, self, up, lastOk: peer?.last_ok || null, queued: peer?.queued };
  });
}

// Committed txs per second over `blocks` (newest first): the txs after the oldest block
// divided by the time from the oldest to the newest.
function throughput(blocks) {
  if (blocks.length < 2) return null;
  const newest = blocks[0].header.time;
  const oldest = blocks[blocks.length - 1].header.time;
  const seconds = (newest - oldest) / 1000;
  if (seconds <= 0) return null;
  const txs = blocks.slice(0, -1).reduce((n, b) => n + blockTxCount(b), 0);
  return { perSecond: txs / seconds, txs, seconds, blocks: blocks.length };
}

function stat(label, main, sub, tone = '') {
  return el('div', { class: `stat ${tone ? `stat-${tone}` : ''}` }, el('div', { class: 'stat-label' }, label),
    el('div', { class: 'stat-value' }, main), el('div', { class: 'stat-sub' }, sub));
}

function statTiles(status, blocks) {
  const rows = validatorRows(status);
  const up = rows.filter((r) => r.up).length;
  const down = rows.filter((r) => r.up === false).length;
  const unknown = rows.length - up - down;
  const quorum = quorumOf(rows.length);
  const validatorTone = up === rows.length ? 'ok' : rows.length - down < quorum ? 'bad' : 'warn';
  const rate = throughput(blocks);
  const c = status.consensus;
  const headTime = status.head_time ?? blocks[0]?.header.time;
  return el('div', { class: 'stats' },
    stat('Height', String(status.height), status.syncing ? badge('syncing') : 'blocks committed'),
    stat('Last block', headTime ? formatUtc(headTime).slice(11) : '—', headTime ? age(headTime) : 'none yet'),
    stat('Throughput', rate ? `${rate.perSecond.toFixed(2)} tx/s` : '—',
      rate ? `${plural(rate.txs, 'tx')} over the last ${rate.blocks} blocks` : 'needs two blocks'),
    stat('Mempool', String(status.mempool_size ?? '—'), 'txs waiting', status.mempool_size > 0 ? 'info' : ''),
    stat('Consensus', c ? `${c.height} / ${c.round}` : '—', c ? `height / round · ${c.step}` : 'not a validator',
      c && c.round > 0 ? 'warn' : ''),
    stat('Validators up', `${up} / ${rows.length}`,
      `quorum ${quorum}${down ? ` · ${down} down` : ''}${unknown ? ` · ${unknown} no contact` : ''}`, validatorTone));
}

function chainCard(status) {
  return card('Chain', fields([
    ['Chain id', el('span', { class: 'mono' }, status.chain_id)],
    ['This node', el('span', {}, el('span', { class: 'mono' }, status.node_id), ' ',
      badge(status.validator ? 'validator' : 'observer', 'role'))],
    ['Head block', hash(status.head_hash, HREF.block(status.height), { full: true })],
    ['State root', hash(status.state_root, null, { full: true })],
    ['Head time', status.head_time ? timeCell(status.head_time) : dash()],
    ['Consensus', status.consensus ? el('span', {}, `height ${status.consensus.height}, round ${status.consensus.round}, `,
      badge(status.consensus.step, 'info'),
      status.consensus.locked_round >= 0 ? el('span', { class: 'muted' }, ` locked round ${status.consensus.locked_round}`) : null) : null],
    ['Syncing', status.syncing ? badge('syncing') : 'no'],
  ]));
}

function validatorsCard(status) {
  const rows = validatorRows(status);
  const upBadge = (r) => (r.up === null ? badge('no contact', 'muted') : badge(r.up ? 'up' : 'down'));
  const contact = (r) => (r.self ? el('span', { class: 'muted' }, 'now')
    : el('span', {}, r.lastOk ? age(r.lastOk) : dash(), r.queued ? el('span', { class: 'tag' }, `${r.queued} queued`) : null));
  return card(`Validators (${rows.length})`, table([
    ['Validator', (r) => el('span', {}, el('span', { class: 'mono' }, r.id), r.self ? el('span', { class: 'tag' }, 'this node') : null)],
    ['Address', (r) => el('span', { class: 'mono small', title: r.address }, String(r.address || '').replace(/^https?:\/\//, ''))],
    ['Key', (r) => hash(r.public_key)],
    ['Status', upBadge],
    ['Last contact', contact],
  ], rows, { rowClass: (r) => (r.up === false ? 'row-bad' : '') }),
  { actions: el('span', { class: 'muted small' }, 'as seen from this node') });
}

// Txs per block (failed in red), oldest on the left; each bar links to its block.
function activityChart(blocks) {
  const ordered = [...blocks].reverse();
  const width = 600;
  const height = 56;
  const slot = width / Math.max(ordered.length, RECENT_BLOCKS);
  const most = Math.max(1, ...ordered.map(blockTxCount));
  const bars = ordered.map((b, i) => {
    const total = blockTxCount(b);
    const failed = blockFailedCount(b);
    const h = total ? Math.max(3, (total / most) * (height - 4)) : 1;
    const hFailed = total ? (failed / total) * h : 0;
    const x = i * slot + slot * 0.15;
    const w = slot * 0.7;
    return svgEl('a', { href: HREF.block(b.header.height) },
      svgEl('title', {}, `Block ${b.header.height}: ${plural(total, 'tx')}${failed ? `, ${failed} failed` : ''}`),
      svgEl('rect', { x, y: 0, width: w, height, class: 'bar-hit' }),
      svgEl('rect', { x, y: height - h, width: w, height: h - hFailed, class: total ? 'bar' : 'bar bar-empty' }),
      hFailed ? svgEl('rect', { x, y: height - hFailed, width: w, height: hFailed, class: 'bar bar-failed' }) : null);
  });
  return svgEl('svg', { viewBox: `0 0 ${width} ${height}`, class: 'activity', preserveAspectRatio: 'none', role: 'img',
    'aria-label': 'Transactions per block' }, bars);
}

function recentTxs(blocks) {
  return blocks.flatMap((b) => (b.results || []).map((r) => ({ ...r, height: b.header.height })).reverse()).slice(0, RECENT_TXS);
}

// The newest RECENT_BLOCKS blocks (newest first), kept between refreshes so that only
// blocks above the cached ones are fetched as the chain grows.
let recentBlockCache = [];

async function recentBlocks(status) {
  const top = recentBlockCache[0]?.header.height ?? 0;
  const missing = status.height - top;
  if (missing > 0 && missing < RECENT_BLOCKS && top > 0) {
    const page = await api(`/blocks?from=${top + 1}&limit=${missing}&view=summary`);
    recentBlockCache = [...page.blocks].reverse().concat(recentBlockCache).slice(0, RECENT_BLOCKS);
  }
  if (recentBlockCache[0]?.hash !== status.head_hash) {   // first load, a long gap, or another chain
    recentBlockCache = (await api(`/blocks?limit=${RECENT_BLOCKS}&view=summary`)).blocks;
  }
  return recentBlockCache;
}

const dashboardView = {
  title: () => 'Dashboard',
  async load() {
    const status = await api('/status');
    return { status, blocks: status.height > 0 ? await recentBlocks(status) : [] };
  },
  render({ status, blocks }) {
    return el('div', { class: 'dashboard' },
      statTiles(status, blocks),
      grid(chainCard(status), validatorsCard(status)),
      grid(
        card('Recent blocks', [activityChart(blocks), table(BLOCK_COLUMNS, blocks, { empty: 'No blocks yet.' })],
          { actions: el('a', { href: '#/blocks', class: 'small' }, 'All blocks →') }),
        card('Recent transactions', table([...TX_RESULT_COLUMNS, ['Block', (r) => ref('block', r.height), 'num']],
          recentTxs(blocks), { empty: 'No transactions in the recent blocks.', rowClass: (r) => (r.status === 'failed' ? 'row-bad' : '') }))));
  },
};

// ---------------------------------------------------------------------------------------
// Blocks and transactions

const blocksView = {
  title: () => 'Blocks',
  async load(_, query) {
    const to = Number(query.get('to'));
    if (Number.isInteger(to) && to > 0) {
      const from = Math.max(1, to - BLOCKS_PAGE + 1);
      const page = await api(`/blocks?from=${from}&limit=${to - from + 1}&view=summary`);
      return { height: page.height, blocks: [...page.blocks].reverse() };
    }
    const page = await api(`/blocks?limit=${BLOCKS_PAGE}&view=summary`);
    return { height: page.height, blocks: page.blocks };
  },
  render({ height, blocks }) {
    const top = blocks[0]?.header.height ?? 0;
    const bottom = blocks[blocks.length - 1]?.header.height ?? 0;
    const newer = top < height ? (top + BLOCKS_PAGE >= height ? '#/blocks' : `#/blocks?to=${top + BLOCKS_PAGE}`) : null;
    const older = bottom > 1 ? `#/blocks?to=${bottom - 1}` : null;
    const pager = el('div', { class: 'pager' },
      newer ? el('a', { href: newer, class: 'btn btn-light' }, '← Newer') : null,
      blocks.length ? el('span', { class: 'muted' }, `blocks ${bottom}–${top} of ${height}`) : null,
      older ? el('a', { href: older, class: 'btn btn-light' }, 'Older →') : null);
    return el('div', {}, pageHead('Chain', 'Blocks'),
      card('Blocks', [activityChart(blocks), table(BLOCK_COLUMNS, blocks, { empty: 'No blocks yet.' }), pager]));
  },
};

function certificateTable(commit) {
  return table([
    ['Validator', (s) => el('span', { class: 'mono' }, s.validator)],
    ['Signature', (s) => hash(s.sig)],
  ], commit.signatures || []);
}

function certificateSummary(commit, validatorCount) {
  const n = (commit.signatures || []).length;
  return el('p', { class: 'lead' }, `Round ${commit.round} · ${n} of ${validatorCount || '?'} validators signed`,
    validatorCount ? ` (quorum ${quorumOf(validatorCount)})` : '', ' · block ', hash(commit.block_hash));
}

const blockView = {
  title: (_, { block }) => `Block ${block.header.height}`,
  async load([id]) {
    const block = await api(`/blocks/${enc(id)}`);
    return { block, tip: state.status?.height ?? block.header.height };
  },
  render({ block, tip }) {
    const h = block.header;
    const validators = state.status?.validators?.length;
    const txRows = (block.results || []).map((r, index) => ({ ...r, index }));
    const nav = el('span', { class: 'head-nav' },
      h.height > 1 ? el('a', { href: HREF.block(h.height - 1), class: 'btn btn-light' }, `← ${h.height - 1}`) : null,
      h.height < tip ? el('a', { href: HREF.block(h.height + 1), class: 'btn btn-light' }, `${h.height + 1} →`) : null);
    return el('div', {},
      pageHead('Block', `Block ${h.height}`, nav),
      grid(
        card('Header', fields([
          ['Height', String(h.height)],
          ['Hash', hash(block.hash, null, { full: true })],
          ['Time', timeCell(h.time)],
          ['Proposer', el('span', { class: 'mono' }, h.proposer)],
          ['Chain id', el('span', { class: 'mono' }, h.chain_id)],
          ['Previous block', h.height > 1 ? hash(h.prev_hash, HREF.block(h.height - 1), { full: true }) : el('span', { class: 'muted' }, 'genesis')],
          ['Tx root', hash(h.tx_root, null, { full: true })],
          ['State root', el('span', {}, hash(h.state_root, null, { full: true }), el('div', { class: 'muted small' }, 'state after the previous block'))],
          ['Last commit hash', hash(h.last_commit_hash, null, { full: true })],
        ])),
        card('Commit certificate', block.commit
          ? [certificateSummary(block.commit, validators), certificateTable(block.commit)]
          : el('p', { class: 'empty' }, 'Not available yet.'),
        { actions: block.last_commit?.signatures?.length
          ? el('span', { class: 'muted small' }, `also carries the certificate of block ${block.last_commit.height}: `,
            (block.last_commit.signatures || []).map((s) => s.validator).join(', '))
          : null })),
      card(`Transactions (${txRows.length})`, table([
        ['#', (r) => r.index, 'num'], ...TX_RESULT_COLUMNS, ['Reason', reasonCell]],
      txRows, { empty: 'This block carries no transactions.', rowClass: (r) => (r.status === 'failed' ? 'row-bad' : '') })),
      rawJson(block));
  },
};

// What the bare `id` of a payload names, by tx type.
const PAYLOAD_ID_KIND = new Map([['participant.register', 'party']]);

function signaturesCard(tx, sender) {
  const keys = new Set(sender?.keys || []);
  const sigs = tx.signatures || [];
  return card(`Signatures (${sigs.length})`, [
    sender ? el('p', { class: 'lead' }, 'Sender ', ref('party', sender.id), ` needs ${sender.threshold} of its ${plural(keys.size, 'key')}.`) : null,
    table([
      ['Public key', (s) => hash(s.key, null, { full: true })],
      ['Key of', (s) => (keys.has(s.key) ? badge('sender', 'ok') : badge(sender ? 'not a current key' : 'unknown', 'muted'))],
      ['Signature', (s) => hash(s.sig)],
    ], sigs),
  ]);
}

function proofCard(id) {
  const body = el('div', {}, el('p', { class: 'muted' },
    'A Merkle inclusion proof of this tx in its block, with the block header and its commit certificate. ',
    'Check it offline with ', el('code', { class: 'command' }, `tfwallet proof verify ${id}`), '.'));
  const button = el('button', { type: 'button', class: 'btn btn-light' }, 'Fetch proof');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const proof = await api(`/txs/${enc(id)}/proof`);
      button.remove();
      body.append(proofSummary(proof), rawJson(proof));
    } catch (e) {
      body.append(alertBox('warn', e.status === 404 ? 'This node does not serve a proof for this tx.' : `Could not fetch the proof: ${e.message}`));
      button.disabled = false;
    }
  });
  body.append(button);
  return card('Inclusion proof', body);
}

function proofSummary(proof) {
  const inclusion = proof.proof || proof.inclusion || proof;
  const certificate = proof.commit || proof.certificate;
  return fields([
    ['Leaf index', inclusion.leaf_index],
    ['Tree size', inclusion.tree_size],
    ['Path', Array.isArray(inclusion.path) ? plural(inclusion.path.length, 'hash') : undefined],
    ['Tx root', proof.header?.tx_root ? hash(proof.header.tx_root) : undefined],
    ['Certificate', certificate?.signatures ? `${certificate.signatures.length} validator signatures, round ${certificate.round}` : undefined],
  ]);
}

const txView = {
  title: ([id]) => `Tx ${shortHash(id)}`,
  async load([id]) {
    const record = await api(`/txs/${enc(id)}`);
    const sender = await apiOrNull(`/participants/${enc(record.tx.sender)}`).catch(() => null);
    return { record, sender };
  },
  render({ record, sender }) {
    const { tx } = record;
    const payload = tx.payload || {};
    const ctx = { currency: payload.currency, idKind: PAYLOAD_ID_KIND.get(tx.type) };
    const onChain = record.status === 'committed' || record.status === 'failed';
    return el('div', {},
      pageHead('Transaction', tx.type, badge(record.status)),
      record.reason ? alertBox(record.status === 'failed' || record.status === 'rejected' ? 'bad' : 'warn',
        el('strong', {}, `${humanize(record.status)}: `), record.reason) : null,
      grid(
        card('Summary', fields([
          ['Tx id', hash(record.id, null, { full: true })],
          ['Status', badge(record.status)],
          ['Reason', record.reason ? el('span', { class: 'text-bad' }, record.reason) : undefined],
          ['Block', record.height !== undefined ? el('span', {}, ref('block', record.height), ` · index ${record.index}`) : el('span', { class: 'muted' }, 'not in a block yet')],
          ['Type', txTypeChip(tx.type)],
          ['Sender', ref('party', tx.sender)],
          ['Nonce', String(tx.nonce)],
          ['Chain id', el('span', { class: 'mono' }, tx.chain_id)],
        ])),
        card('Payload', objectFields(payload, ctx))),
      signaturesCard(tx, sender),
      onChain ? proofCard(record.id) : null,
      rawJson(record));
  },
};

// ---------------------------------------------------------------------------------------
// Trade records

// The query of the fingerprint look-up for a document: F1/F2 for an invoice, F3 for a B/L.
function fingerprintQuery(doc) {
  const q = new URLSearchParams();
  if (doc.doc_type === 'bill_of_lading') {
    q.set('carrier', doc.parties?.carrier || '');
    q.set('bl_number', doc.number || '');
  } else {
    q.set('seller', doc.parties?.seller || '');
    q.set('buyer', doc.parties?.buyer || '');
    q.set('number', doc.number || '');
    if (doc.currency && typeof doc.amount === 'number') {
      q.set('currency', doc.currency);
      q.set('amount', decimalAmount(doc.amount, doc.currency));
      q.set('issue_date', doc.issue_date || '');
    }
  }
  return q.toString();
}

function holderChain(doc) {
  const holders = doc.holders || [];
  return el('span', { class: 'chain' }, holders.map((h, i) => [
    i ? el('span', { class: 'arrow' }, '→') : null,
    el('span', { class: i === holders.length - 1 ? 'holder-current' : '' }, ref('party', h)),
  ]), doc.status === 'surrendered' ? badge('surrendered') : null);
}

function documentLinks(doc) {
  const isPo = doc.doc_type === 'purchase_order';
  const financeable = doc.doc_type === 'commercial_invoice' || doc.doc_type === 'bill_of_lading';
  return fields([
    ['Refers to', doc.refs?.length ? refList('doc', doc.refs) : undefined],
    ['Matched PO', doc.matched_po ? ref('doc', doc.matched_po) : undefined],
    ['Invoices', isPo ? refList('doc', doc.invoices) : undefined],
    ['Invoiced', isPo && typeof doc.amount === 'number'
      ? meter(doc.invoiced || 0, doc.amount, `${formatAmount(doc.invoiced || 0, doc.currency)} of ${formatAmount(doc.amount, doc.currency)} ${doc.currency}`)
      : undefined],
    ['Holders', doc.holders ? holderChain(doc) : undefined],
    ['Open financing', doc.financing ? el('span', {}, ref('fin', doc.financing.financing_id), ' at ', ref('party', doc.financing.bank)) : undefined],
    ['Financings', doc.financings?.length ? refList('fin', doc.financings.map((f) => f.financing_id)) : undefined],
    ['Attachment', doc.attachment ? el('span', {}, 'sealed; content hash ', hash(doc.attachment.content_hash),
      el('div', { class: 'muted small' }, 'readable by ', Object.keys(doc.attachment.keys || {}).join(', '))) : undefined],
    ['Duplicate check', financeable ? el('a', { href: `#/fingerprints?${fingerprintQuery(doc)}` }, 'Has it been financed anywhere? →') : undefined],
  ]);
}

const PARTY_ORDER = ['seller', 'buyer', 'carrier', 'consignee', 'insurer'];
const partyRank = (role) => (PARTY_ORDER.includes(role) ? PARTY_ORDER.indexOf(role) : PARTY_ORDER.length);

function documentKeyFields(doc) {
  const parties = Object.entries(doc.parties || {})
    .sort(([a], [b]) => partyRank(a) - partyRank(b))
    .map(([role, id]) => [humanize(role), ref('party', id)]);
  const extra = freeFormPairs(doc.fields);
  return fields([
    ['Document id', el('span', { class: 'mono' }, doc.doc_id)],
    ['Type', humanize(doc.doc_type)],
    ['Number', doc.number],
    ['Issue date', doc.issue_date],
    ['Due date', doc.due_date],
    ['Amount', typeof doc.amount === 'number' ? amount(doc.amount, doc.currency) : undefined],
    ['Issuer', ref('party', doc.issuer)],
    ['Holder', doc.holder ? ref('party', doc.holder) : undefined],
    ...parties,
    ...extra,
    ['Version', String(doc.version)],
  ]);
}

const docView = {
  title: ([id]) => `Document ${id}`,
  load: ([id]) => api(`/documents/${enc(id)}`),
  render(doc) {
    return el('div', {},
      pageHead(humanize(doc.doc_type), doc.doc_id, badge(doc.status), el('span', { class: 'tag' }, `version ${doc.version}`)),
      grid(card('Key fields', documentKeyFields(doc)), card('Links', documentLinks(doc))),
      doc.financings?.length ? card('Financings on this document', table(omit(FIN_COLUMNS, 'Document'), doc.financings)) : null,
      card('Lifecycle', timeline(doc.history, { currency: doc.currency })),
      rawJson(doc));
  },
};

const FINGERPRINT_KINDS = new Map(Object.entries({
  F1: 'seller ‖ buyer ‖ invoice number',
  F2: 'seller ‖ buyer ‖ currency ‖ amount ‖ issue date',
  F3: 'carrier ‖ B/L number',
}));

// fingerprint look-up answers: {fingerprint, kind, held, status?, financing_id?, bank?, doc_id?, height?, released_height?}
function fingerprintTable(rows, ownFinancing) {
  return table([
    ['Kind', (f) => el('span', {}, el('strong', {}, f.kind || '?'),
      el('div', { class: 'muted small' }, FINGERPRINT_KINDS.get(f.kind) ?? ''))],
    ['Fingerprint', (f) => hash(f.fingerprint)],
    ['State', (f) => badge(f.held ? 'held' : f.status || 'free')],
    ['Financing', (f) => (f.financing_id ? el('span', {}, ref('fin', f.financing_id),
      f.financing_id === ownFinancing ? el('span', { class: 'tag' }, 'this one') : null) : dash())],
    ['Bank', (f) => ref('party', f.bank)],
    ['Document', (f) => ref('doc', f.doc_id)],
    ['Since', (f) => ref('block', f.height), 'num'],
    ['Released', (f) => ref('block', f.released_height), 'num'],
  ], rows, { rowClass: (f) => (f.held && f.financing_id !== ownFinancing ? 'row-warn' : '') });
}

const finView = {
  title: ([id]) => `Financing ${id}`,
  async load([id]) {
    const fin = await api(`/financings/${enc(id)}`);
    const holders = await Promise.all((fin.fingerprints || []).map((f) =>
      apiOrNull(`/fingerprints/${enc(f.fingerprint)}`).catch(() => null)));
    const fingerprints = (fin.fingerprints || []).map((f, i) => ({ ...f, ...(holders[i] || {}) }));
    return { fin, fingerprints };
  },
  render({ fin, fingerprints }) {
    const t = fin.terms;
    return el('div', {},
      pageHead('Financing', fin.financing_id, badge(fin.status)),
      grid(
        card('Financing', fields([
          ['Document', el('span', {}, ref('doc', fin.doc_id), fin.doc_type ? el('span', { class: 'muted' }, ` ${humanize(fin.doc_type)}`) : null)],
          ['Seller', ref('party', fin.seller)],
          ['Buyer', ref('party', fin.buyer)],
          ['Bank', ref('party', fin.bank)],
          ['Requested', amount(fin.amount, fin.currency)],
          ['Approved', t ? amount(t.amount, fin.currency) : undefined],
          ['Rate', t ? formatRate(t.rate_bps) : undefined],
          ['Due date', t?.due_date],
          ['Against credit limit', typeof fin.credit_counted === 'number' ? amount(fin.credit_counted, fin.currency) : undefined],
        ])),
        card('Lifecycle', timeline(fin.history, { currency: fin.currency }))),
      card('Duplicate-financing fingerprints', [
        el('p', { class: 'muted small' }, 'While the financing is open its fingerprints are held: any other request carrying one, at any bank, is refused.'),
        fingerprintTable(fingerprints, fin.financing_id),
      ]),
      rawJson(fin));
  },
};

function amendmentsTable(lc) {
  return table([
    ['Amendment', (a) => el('span', { class: 'mono' }, a.amendment_id)],
    ['Changes', (a) => objectFields(a.changes, { currency: lc.currency })],
    ['Status', (a) => badge(a.status)],
    ['Proposed', (a) => ref('block', a.proposed_height), 'num'],
    ['Accepted', (a) => ref('block', a.accepted_height), 'num'],
  ], lc.amendments, { empty: 'No amendments.' });
}

const lcView = {
  title: ([id]) => `LC ${id}`,
  load: ([id]) => api(`/lcs/${enc(id)}`),
  render(lc) {
    const drawn = (lc.amount || 0) - (lc.amount_available ?? lc.amount ?? 0);
    return el('div', {},
      pageHead('Letter of credit', lc.lc_id, badge(lc.status)),
      grid(
        card('Terms', fields([
          ['Applicant', ref('party', lc.applicant)],
          ['Beneficiary', ref('party', lc.beneficiary)],
          ['Issuing bank', ref('party', lc.issuing_bank)],
          ['Advising bank', ref('party', lc.advising_bank)],
          ['Amount', amount(lc.amount, lc.currency)],
          ['Honoured', amount(lc.amount_honoured, lc.currency)],
          ['Available', typeof lc.amount_available === 'number'
            ? meter(drawn, lc.amount, `${formatAmount(lc.amount_available, lc.currency)} ${lc.currency} left, ${formatAmount(drawn, lc.currency)} drawn`)
            : undefined],
          ['Expiry date', lc.expiry_date],
          ['Latest shipment', lc.latest_shipment_date],
          ['Partial shipments', lc.partial_shipments === undefined ? undefined : lc.partial_shipments ? 'allowed' : 'not allowed'],
          ['Required documents', (lc.required_docs || []).map(humanize).join(', ') || undefined],
          ['Goods', lc.goods],
        ])),
        card('Amendments', amendmentsTable(lc))),
      card('Presentations', table(presentationColumns(lc.currency), lc.presentation_records,
        { empty: 'No documents presented yet.', rowClass: (p) => (p.discrepancies?.length ? 'row-warn' : '') })),
      card('Lifecycle', timeline(lc.history, { currency: lc.currency })),
      rawJson(lc));
  },
};

const presentationView = {
  title: ([id]) => `Presentation ${id}`,
  load: ([id]) => api(`/presentations/${enc(id)}`),
  render(p) {
    return el('div', {},
      pageHead('Presentation under a letter of credit', p.presentation_id, badge(p.status)),
      grid(
        card('Presentation', fields([
          ['Letter of credit', ref('lc', p.lc_id)],
          ['Beneficiary', ref('party', p.beneficiary)],
          ['Applicant', ref('party', p.applicant)],
          ['Issuing bank', ref('party', p.issuing_bank)],
          ['Amount', amount(p.amount, p.currency)],
          ['Presented', p.presented_date],
          ['Examination', badge(p.status)],
        ])),
        card('Documents examined', [documentsExamined(p), el('h3', {}, 'Discrepancies'), discrepancyList(p.discrepancies)])),
      card('Lifecycle', timeline(p.history, { currency: p.currency })),
      rawJson(p));
  },
};

const partyListPath = (kind, id, after) => `/${kind}?party=${enc(id)}&limit=${LIST_PAGE}${after ? `&after=${enc(after)}` : ''}`;

const partyView = {
  title: ([id]) => `Participant ${id}`,
  async load([id]) {
    const participant = await api(`/participants/${enc(id)}`);
    const page = (kind) => api(partyListPath(kind, id)).catch(() => emptyPage(kind));
    const [documents, financings, lcs] = await Promise.all([page('documents'), page('financings'), page('lcs')]);
    return { participant, documents, financings, lcs };
  },
  render({ participant: p, documents, financings, lcs }) {
    const limit = p.credit_limit;
    return el('div', {},
      pageHead('Participant', p.name || p.id, badge(p.role, 'role')),
      grid(
        card('Participant', fields([
          ['Id', el('span', { class: 'mono' }, p.id)],
          ['Name', p.name],
          ['Role', humanize(p.role)],
          ['Onboarded by', ref('party', p.onboarded_by)],
          ['Signing keys', el('ul', { class: 'plain' }, (p.keys || []).map((k) => el('li', {}, hash(k, null, { full: true }))))],
          ['Threshold', `${p.threshold} of ${(p.keys || []).length}`],
          ['Credit limit', limit ? amount(limit.amount, limit.currency) : el('span', { class: 'muted' }, 'none')],
          ['Open financing', limit
            ? meter(p.open_financing || 0, limit.amount, `${formatAmount(p.open_financing || 0, limit.currency)} ${limit.currency} of the limit used`)
            : (p.open_financing ? formatAmount(p.open_financing) : undefined)],
          ['Next nonce', p.next_nonce],
        ])),
        card('Financings', pagedTable(omit(FIN_COLUMNS, 'Rate', 'Due'), financings,
          'financings', (after) => partyListPath('financings', p.id, after), { empty: 'No financings.' }))),
      card('Documents', pagedTable(DOC_COLUMNS, documents, 'documents', (after) => partyListPath('documents', p.id, after),
        { empty: 'No documents name this participant.' })),
      card('Letters of credit', pagedTable(LC_COLUMNS, lcs, 'lcs', (after) => partyListPath('lcs', p.id, after),
        { empty: 'No letters of credit.' })));
  },
};

// ---------------------------------------------------------------------------------------
// Lists with filters: documents, financings, letters of credit, participants

const DOC_TYPES = ['purchase_order', 'commercial_invoice', 'packing_list', 'bill_of_lading', 'insurance_certificate'];

// A list view over one endpoint; `filters` are query parameters offered as selects
// (options) or text inputs (no options).
function listView({ title, kicker, path, listKey, columns, filters, pageSize = LIST_PAGE }) {
  const query = (params, after) => {
    const q = new URLSearchParams();
    for (const f of filters) if (params.get(f.name)) q.set(f.name, params.get(f.name));
    q.set('limit', pageSize);
    if (after) q.set('after', after);
    return `${path}?${q}`;
  };
  return {
    title: () => title,
    async load(_, params) {
      return { page: await api(query(params)), params };
    },
    render({ page, params }) {
      return el('div', {}, pageHead(kicker, title),
        card('Sorted by id', [filterBar(filters, params), pagedTable(columns, page, listKey, (after) => query(params, after),
          { empty: 'Nothing matches.' })]));
    },
  };
}

function filterBar(filters, params) {
  const form = el('form', { class: 'filters' }, filters.map((f) => el('label', {}, f.label, f.options
    ? el('select', { name: f.name }, el('option', { value: '' }, 'all'),
      f.options.map((o) => el('option', { value: o, selected: params.get(f.name) === o }, humanize(o))))
    : el('input', { name: f.name, value: params.get(f.name) || '', placeholder: f.placeholder || '', spellcheck: 'false' }))),
  el('button', { type: 'submit', class: 'btn' }, 'Filter'));
  form.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT') form.requestSubmit(); });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [name, v] of new FormData(form)) if (String(v).trim()) q.set(name, String(v).trim());
    const section = location.hash.replace(/^#\/?/, '').split('?')[0];
    goTo(`#/${section}${q.toString() ? `?${q}` : ''}`);
  });
  return form;
}

const partyFilter = { name: 'party', label: 'Party', placeholder: 'participant id' };

const docsView = listView({
  title: 'Documents', kicker: 'Trade documents', path: '/documents', listKey: 'documents', columns: DOC_COLUMNS,
  filters: [{ name: 'type', label: 'Type', options: DOC_TYPES },
    { name: 'status', label: 'Status', options: ['issued', 'accepted', 'rejected', 'surrendered'] }, partyFilter],
});
const financingsView = listView({
  title: 'Financings', kicker: 'Receivables finance', path: '/financings', listKey: 'financings', columns: FIN_COLUMNS,
  filters: [{ name: 'status', label: 'Status', options: ['requested', 'approved', 'disbursed', 'repaid', 'rejected', 'cancelled'] }, partyFilter],
});
const lcsView = listView({
  title: 'Letters of credit', kicker: 'Documentary credit', path: '/lcs', listKey: 'lcs', columns: LC_COLUMNS,
  filters: [{ name: 'status', label: 'Status', options: ['issued', 'advised', 'utilised'] }, partyFilter],
});
const partiesView = listView({
  title: 'Participants', kicker: 'Identities', path: '/participants', listKey: 'participants', columns: PARTY_COLUMNS,
  filters: [{ name: 'role', label: 'Role', options: ['bank', 'corporate', 'carrier', 'insurer'] }], pageSize: 100,
});

// ---------------------------------------------------------------------------------------
// "Has this invoice been financed anywhere?"

const INVOICE_INPUTS = [
  ['seller', 'Seller', 'participant id'], ['buyer', 'Buyer', 'participant id'], ['number', 'Invoice number', 'INV-1'],
  ['currency', 'Currency', 'USD'], ['amount', 'Amount', '50000.00'], ['issue_date', 'Issue date', 'YYYY-MM-DD'],
];
const BL_INPUTS = [['carrier', 'Carrier', 'participant id'], ['bl_number', 'B/L number', 'BL-1']];

function lookupForm(title, inputs, params) {
  const list = (name) => (['seller', 'buyer', 'carrier'].includes(name) ? 'participant-ids' : name === 'currency' ? 'currency-codes' : null);
  const form = el('form', { class: 'lookup' },
    el('h3', {}, title),
    el('div', { class: 'lookup-grid' }, inputs.map(([name, label, placeholder]) => el('label', {}, label,
      el('input', { name, value: params.get(name) || '', placeholder, list: list(name), spellcheck: 'false', autocomplete: 'off' })))),
    el('button', { type: 'submit', class: 'btn' }, 'Check'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [name, v] of new FormData(form)) if (String(v).trim()) q.set(name, String(v).trim());
    goTo(`#/fingerprints?${q}`);
  });
  return form;
}

function lookupVerdict(answer) {
  const held = answer.fingerprints.filter((f) => f.held);
  const released = answer.fingerprints.filter((f) => !f.held && f.financing_id);
  if (answer.financed) {
    const f = held[0];
    return alertBox('bad', el('strong', {}, 'Financed. '), `Fingerprint ${f.kind} is held by financing `, ref('fin', f.financing_id),
      ' at ', ref('party', f.bank), ' on document ', ref('doc', f.doc_id), ' since block ', ref('block', f.height),
      '. A new financing of this invoice will be refused.');
  }
  return alertBox('ok', el('strong', {}, 'Not financed anywhere. '), 'No open financing at any bank holds these fingerprints.',
    released.length ? el('span', {}, ' Previously financed by ', refList('fin', [...new Set(released.map((f) => f.financing_id))]),
      ' (released).') : null);
}

const fingerprintsView = {
  title: () => 'Financed anywhere?',
  live: false,
  async load(_, params) {
    const participants = await api('/participants?limit=1000').catch(() => ({ participants: [] }));
    const asked = [...INVOICE_INPUTS, ...BL_INPUTS].some(([name]) => params.get(name));
    let answer = null;
    let error = null;
    if (asked) {
      try {
        answer = await api(`/fingerprints?${params}`);
      } catch (e) {
        if (e.status === 0) throw e;
        error = e;
      }
    }
    return { participants: participants.participants, params, answer, error };
  },
  render({ participants, params, answer, error }) {
    return el('div', {},
      pageHead('Duplicate-financing guard', 'Has this invoice been financed anywhere?'),
      el('p', { class: 'lead' }, 'The node derives the invoice’s fingerprints from its key fields with the network’s key ',
        '(F1: seller, buyer, number; F2: seller, buyer, currency, amount, issue date; F3: carrier, B/L number) ',
        'and tells whether an open financing at any bank holds one.'),
      el('datalist', { id: 'participant-ids' }, participants.map((p) => el('option', { value: p.id }, p.name))),
      el('datalist', { id: 'currency-codes' }, COMMON_CURRENCIES.map((c) => el('option', { value: c }))),
      grid(card('Invoice (F1, F2)', lookupForm('By invoice', INVOICE_INPUTS, params)),
        card('Bill of lading (F3)', lookupForm('By bill of lading', BL_INPUTS, params))),
      error ? alertBox('warn', el('strong', {}, 'Cannot check: '), error.message) : null,
      answer ? card('Answer', [lookupVerdict(answer), fingerprintTable(answer.fingerprints)]) : null);
  },
};

// ---------------------------------------------------------------------------------------
// Search: tx id or block hash (64 hex), height (digits), or a record id

const ID_KINDS = [
  ['doc', '/documents/', 'Document'],
  ['fin', '/financings/', 'Financing'],
  ['lc', '/lcs/', 'Letter of credit'],
  ['pres', '/presentations/', 'Presentation'],
  ['party', '/participants/', 'Participant'],
];

// {redirect: href} when one record matches; otherwise {query, hits[]} for the results page.
async function resolveSearch(text) {
  const q = text.trim();
  if (/^\d{1,15}$/.test(q)) return { redirect: HREF.block(String(Number(q))) };
  if (/^[0-9a-fA-F]{64}$/.test(q)) {
    const hex = q.toLowerCase();
    if (await apiOrNull(`/txs/${hex}`)) return { redirect: HREF.tx(hex) };
    if (await apiOrNull(`/blocks/${hex}`)) return { redirect: HREF.block(hex) };
    return { query: q, hits: [] };
  }
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(q)) return { query: q, hits: [] };
  const found = await Promise.all(ID_KINDS.map(async ([kind, path, label]) => ((await apiOrNull(path + enc(q))) ? { kind, label } : null)));
  const hits = found.filter(Boolean);
  if (hits.length === 1) return { redirect: HREF[hits[0].kind](q) };
  return { query: q, hits };
}

const searchView = {
  title: ([q]) => `Search ${q}`,
  live: false,
  load: ([q]) => resolveSearch(q || ''),
  render({ query, hits }) {
    if (!hits.length) return notFound(`Nothing found for “${query}”.`);
    return el('div', {}, pageHead('Search', `“${query}”`),
      card(`${hits.length} matches`, el('ul', { class: 'plain results' },
        hits.map((h) => el('li', {}, el('span', { class: 'muted' }, `${h.label} `), ref(h.kind, query))))));
  },
};

function notFound(message) {
  return el('div', { class: 'notfound' }, el('h1', {}, message),
    el('p', { class: 'muted' }, 'Search takes a tx id or block hash (64 hex digits), a block height, or a document, financing, ',
      'letter of credit, presentation or participant id.'));
}

// ---------------------------------------------------------------------------------------
// Router

const ROUTES = [
  [/^$/, '', dashboardView],
  [/^blocks$/, 'blocks', blocksView],
  [/^block\/([^/]+)$/, 'blocks', blockView],
  [/^tx\/([^/]+)$/, 'blocks', txView],
  [/^docs$/, 'docs', docsView],
  [/^doc\/([^/]+)$/, 'docs', docView],
  [/^financings$/, 'financings', financingsView],
  [/^fin\/([^/]+)$/, 'financings', finView],
  [/^lcs$/, 'lcs', lcsView],
  [/^lc\/([^/]+)$/, 'lcs', lcView],
  [/^pres\/([^/]+)$/, 'lcs', presentationView],
  [/^parties$/, 'parties', partiesView],
  [/^party\/([^/]+)$/, 'parties', partyView],
  [/^fingerprints$/, 'fingerprints', fingerprintsView],
  [/^search\/(.*)$/, '', searchView],
];

const state = {
  status: null,          // the last /status answer
  failures: 0,           // consecutive failed polls
  pollTimer: null,
  nav: 0,                // bumped by every navigation; stale loads are dropped
  refreshSeq: 0,
  navigating: false,
  route: null,           // {view, args, params, section}
  dataKey: null,         // JSON of the data on screen, to skip identical re-renders
  viewFailed: false,
};

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function currentRoute() {
  const raw = location.hash.replace(/^#\/?/, '');
  const cut = raw.indexOf('?');
  const path = (cut < 0 ? raw : raw.slice(0, cut)).replace(/\/+$/, '');
  const params = new URLSearchParams(cut < 0 ? '' : raw.slice(cut + 1));
  for (const [pattern, section, view] of ROUTES) {
    const m = pattern.exec(path);
    if (m) return { view, section, params, args: m.slice(1).map(safeDecode) };
  }
  return { view: null, section: null, params, args: [path] };
}

function goTo(href) {
  if (location.hash === href) navigate();
  else location.hash = href;
}

function show(node) {
  $('#view').replaceChildren(node);
}

async function navigate() {
  const route = currentRoute();
  const nav = ++state.nav;
  state.route = route;
  state.navigating = true;
  highlightNav(route.section);
  if (!route.view) {
    state.navigating = false;
    document.title = 'Not found · tfledger explorer';
    return show(notFound(`No page “${route.args[0]}”.`));
  }
  const loading = setTimeout(() => nav === state.nav && show(el('div', { class: 'loading' }, 'Loading…')), LOADING_DELAY_MS);
  let data;
  let error = null;
  try {
    data = await route.view.load(route.args, route.params);
  } catch (e) {
    error = e;
  }
  clearTimeout(loading);
  if (nav !== state.nav) return;
  state.navigating = false;
  if (data?.redirect) return location.replace(data.redirect);
  if (error) {
    state.viewFailed = true;
    state.dataKey = null;
    document.title = `${error.status === 404 || error.status === 400 ? 'Not found' : 'Error'} · tfledger explorer`;
    return show(errorView(error, route));
  }
  state.viewFailed = false;
  state.dataKey = JSON.stringify(data);
  document.title = `${route.view.title(route.args, data)} · tfledger explorer`;
  show(route.view.render(data, route.args, route.params));
  window.scrollTo(0, 0);
}

// Reloads the page on screen as the chain moves; re-renders only when its data changed,
// in one swap, keeping the scroll position.
async function refresh() {
  const route = state.route;
  if (!route?.view || route.view.live === false || state.navigating || state.viewFailed) return;
  const nav = state.nav;
  const seq = ++state.refreshSeq;
  let data;
  try {
    data = await route.view.load(route.args, route.params);
  } catch {
    return;   // keep what is on screen; the banner reports an unreachable node
  }
  if (nav !== state.nav || seq !== state.refreshSeq) return;
  const key = JSON.stringify(data);
  if (key === state.dataKey) return;
  state.dataKey = key;
  const scroll = window.scrollY;
  show(route.view.render(data, route.args, route.params));
  window.scrollTo(0, scroll);
}

function errorView(error, route) {
  if (error.status === 404) return notFound(error.message ? humanize(error.message) + '.' : 'Not found.');
  if (error.status === 400) return notFound(`“${route.args[0]}” is not a valid id here: ${error.message}.`);
  const retry = el('button', { type: 'button', class: 'btn', onclick: () => navigate() }, 'Retry');
  return el('div', { class: 'notfound' }, el('h1', {}, error.status === 0 ? 'The node did not answer' : 'The node answered with an error'),
    el('p', {}, error.message), retry);
}

function highlightNav(section) {
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.section === section);
}

// ---------------------------------------------------------------------------------------
// Live status: the header indicator, the "node down" banner, refreshes

// What, besides the height, makes the dashboard worth re-rendering.
function dashboardKey(st) {
  return JSON.stringify([st.height, st.mempool_size, st.syncing, st.consensus, (st.peers || []).map((p) => [p.url, p.up, p.queued])]);
}

async function pollStatus() {
  clearTimeout(state.pollTimer);
  let delay = POLL_MS;
  try {
    onStatus(await api('/status'));
  } catch (e) {
    state.failures += 1;
    delay = Math.min(POLL_MS * 2 ** state.failures, MAX_RETRY_MS);
    onUnreachable(e, delay);
  }
  state.pollTimer = setTimeout(pollStatus, delay);
}

function onStatus(st) {
  const previous = state.status;
  const recovered = state.failures > 0;
  state.status = st;
  state.failures = 0;
  $('#banner').hidden = true;
  showLive(st.syncing ? 'syncing' : 'up', `height ${st.height} · ${st.node_id}${st.syncing ? ' · syncing' : ''}`);
  $('#footer-text').textContent = `chain ${st.chain_id} · node ${st.node_id}${st.validator ? ' (validator)' : ''} · API ${location.origin}${API}`;
  if (recovered && state.viewFailed) return navigate();
  const heightChanged = !previous || previous.height !== st.height;
  const dashboardChanged = state.route?.view === dashboardView && (!previous || dashboardKey(previous) !== dashboardKey(st));
  if (heightChanged || dashboardChanged || recovered) refresh();
}

function onUnreachable(error, delay) {
  showLive('down', 'unreachable');
  const banner = $('#banner');
  const since = state.status ? ` Showing the data received up to height ${state.status.height}.` : '';
  banner.replaceChildren(
    el('strong', {}, 'This node is not answering'), error.status ? ` (HTTP ${error.status}: ${error.message}).` : '.', `${since} Next try `,
    el('span', { 'data-until': Date.now() + delay }, `in ${Math.ceil(delay / 1000)} s`), '. ',
    el('button', { type: 'button', class: 'btn btn-small', onclick: () => pollStatus() }, 'Retry now'));
  banner.hidden = false;
}

function showLive(kind, text) {
  $('#live').className = `live live-${kind}`;
  $('#live-text').textContent = text;
}

// Once a second: "5 s ago" ages and the banner's countdown.
function tick() {
  for (const node of document.querySelectorAll('[data-at]')) node.textContent = formatAge(Number(node.dataset.at));
  for (const node of document.querySelectorAll('[data-until]')) {
    const s = Math.max(0, Math.ceil((Number(node.dataset.until) - Date.now()) / 1000));
    node.textContent = s ? `in ${s} s` : 'now';
  }
}

// ---------------------------------------------------------------------------------------
// Start

function startSearch() {
  const input = $('#search-input');
  $('#search').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (q) goTo(`#/search/${enc(q)}`);
  });
  document.addEventListener('keydown', (e) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || '');
    if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      input.focus();
      input.select();
    }
  });
}

function start() {
  startSearch();
  window.addEventListener('hashchange', navigate);
  setInterval(tick, 1000);
  navigate();
  pollStatus();
}

document.addEventListener('DOMContentLoaded', start);
