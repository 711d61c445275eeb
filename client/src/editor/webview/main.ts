/// <reference lib="dom" />
// The binary editor's webview: a virtualised hex view (only the visible rows are in the DOM, the
// bytes arrive page by page from the extension), the chunk tree (virtualised too), the problem
// list with quick fixes and the restore trace. The logic lives in the pure modules beside this
// file; this one wires them to the DOM. Element ids and classes are stable: the integration
// tests use them (see docs/binary-editor.md).

import type { WireAnalysis } from '../../../../core/src/wire';
import type { Problem } from '../../../../core/src/model';
import type { Banner, ChunkFields, HostMessage, HostRequests, ProblemFixes, ViewState, WebviewMessage, WebviewRequests } from '../messages';
import { answer, Requester, type Answerers } from '../rpc';
import type { WebviewSnapshot } from '../testHookMessages';
import { fixesFor } from '../model/quickFixes';
import { BYTES_PER_ROW, rowCount } from '../model/positions';
import { fromBase64, PageCache, PAGE_SIZE } from './pageCache';
import { renderRow, type RowContext } from './rows';
import { bytesToHex, collapsed, hexDigit, isMoveKey, move, selectedRange, selectRange, type Selection } from './selection';
import {
  ancestorsOf, attachFields, buildTree, describeOffset, flattenTree, indexProblems, nodeAt, nodePathAt, outcomeClass, traceRows,
  type ProblemIndex, type TreeModel, type TreeNode, type VisibleRow,
} from './tree';
import { computeWindow, revealRows, rowAtViewportY, scrollTopForRow, type RowWindow } from './virtualWindow';

declare function acquireVsCodeApi(): { postMessage(m: WebviewMessage): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const post = (m: WebviewMessage) => vscode.postMessage(m);
const requests = new Requester<WebviewRequests>(post);
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const TREE_ROW_HEIGHT = 22;

// ---- state ------------------------------------------------------------------------------------

let size = 0;
let version = 0;
let cache = new PageCache(0);
let analysis: WireAnalysis | undefined;
let tree: TreeModel = { roots: [], byId: new Map(), items: [], segments: [], chunkStarts: [] };
let chunkStartSet = new Set<number>();
let problems: ProblemIndex = { ranges: [] };
let banners: Banner[] = [];
let sel: Selection = collapsed(0);
let pendingNibble: number | undefined;
let insertMode = false;
let pane: 'hex' | 'tree' = 'hex';
const expanded = new Set<string>();
let selectedNode: string | undefined;
let treeRows: VisibleRow[] = [];
let hexWindow: RowWindow | undefined;
let treeWindow: RowWindow | undefined;
let rowHeight = 20;
let tooltipText: string | undefined;
let editingField: TreeNode | undefined;
let reseal = true;
let contentFixes: ProblemFixes = {};
/** Right pane width in px once the splitter was dragged (else the default flex layout). */
let sideWidth: number | undefined;

const saved = (vscode.getState() ?? {}) as Partial<ViewState>;

// ---- elements ---------------------------------------------------------------------------------

const hexPane = $('hex-pane');
const hexScroll = $('hex-scroll');
const hexSpacer = $('hex-spacer');
const hexRows = $('hex-rows');
const treeScroll = $('tree-scroll');
const treeSpacer = $('tree-spacer');
const treeRowsEl = $('tree-rows');
const tooltip = $('tooltip');
const fieldEditor = $('field-editor');
const fieldInput = $<HTMLInputElement>('field-input');

// ---- helpers ----------------------------------------------------------------------------------

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function saveState(): void {
  const s: ViewState = { scrollRow: Math.floor(hexWindow?.topRow ?? 0), anchor: sel.anchor, focus: sel.focus, expanded: [...expanded], ...(selectedNode ? { selectedNode } : {}), pane, insertMode, ...(sideWidth ? { sideWidth } : {}) };
  vscode.setState(s);
}

let renderQueued = false;
function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    renderHex();
    renderTree();
  });
}

function windowInput(scroller: HTMLElement, rows: number, height: number) {
  return { scrollTop: scroller.scrollTop, viewportHeight: scroller.clientHeight, rowHeight: height, totalRows: rows, overscan: 4 };
}

// ---- hex view ---------------------------------------------------------------------------------

function renderHex(): void {
  const rows = rowCount(size);
  const w = computeWindow(windowInput(hexScroll, rows, rowHeight));
  hexWindow = w;
  hexSpacer.style.height = `${w.spacerHeight}px`;
  hexRows.style.transform = `translateY(${w.offsetY}px)`;
  // Ask for the bytes of the rendered rows and a page either side (smooth scrolling).
  for (const r of cache.request(w.firstRow * BYTES_PER_ROW - PAGE_SIZE, w.endRow * BYTES_PER_ROW + PAGE_SIZE)) {
    stats.requests++;
    requests.request('bytes', r).then((b) => {
      stats.received++;
      if (cache.put(b.offset, fromBase64(b.base64), b.version)) scheduleRender();
      else stats.stale++;
    }).catch(recordError);
  }
  cache.evict(w.firstRow * BYTES_PER_ROW);
  const range = selectedRange(sel, size);
  const hlNode = selectedNode ? tree.byId.get(selectedNode) : undefined;
  const ctx: RowContext = {
    size,
    byte: (o) => cache.byte(o),
    segments: tree.segments,
    chunkStarts: chunkStartSet,
    problems,
    selStart: range.start,
    selEnd: Math.max(range.start, range.end - 1),
    caret: sel.focus,
    pendingNibble,
    insertMode,
    ...(hlNode ? { highlight: { start: hlNode.start, end: hlNode.end } } : {}),
  };
  let html = '';
  for (let r = w.firstRow; r < w.endRow; r++) html += renderRow(r, ctx);
  hexRows.innerHTML = html;
  $('mode').textContent = insertMode ? 'INS' : 'OVR';
  $('caret').textContent = `0x${sel.focus.toString(16).toUpperCase()} (${sel.focus})${range.end - range.start > 1 ? `, ${range.end - range.start} bytes selected` : ''}`;
}

function revealOffset(offset: number, end = offset + 1): void {
  const rows = rowCount(size);
  const first = Math.floor(offset / BYTES_PER_ROW);
  const last = Math.floor(Math.max(offset, end - 1) / BYTES_PER_ROW);
  const st = revealRows(first, last, windowInput(hexScroll, rows, rowHeight));
  if (st !== undefined) hexScroll.scrollTop = st;
}

function setSelection(s: Selection, opts: { reveal?: boolean; syncTree?: boolean } = {}): void {
  if (s.focus !== sel.focus) pendingNibble = undefined;
  sel = { anchor: Math.min(Math.max(0, s.anchor), size), focus: Math.min(Math.max(0, s.focus), size) };
  if (opts.reveal !== false) revealOffset(sel.focus);
  if (opts.syncTree !== false) revealNodeAt(sel.focus);
  const r = selectedRange(sel, size);
  post({ type: 'selection', start: r.start, end: r.end, caret: sel.focus });
  scheduleRender();
  saveState();
}

function revealNodeAt(offset: number): void {
  const n = nodeAt(tree, offset);
  if (!n) return;
  if (n.chunkIndex !== undefined && ensureFields([n.chunkIndex])) revealAfterFields = offset;
  selectNode(n, { syncHex: false });
}

// Large files: the tree comes without fields; a chunk's fields are asked for when it is needed.
let analysisVersion = -1;
let revealAfterFields: number | undefined;
const fieldsPending = new Set<number>();
/** Ask for the fields of chunks the tree lacks; true when some are on their way. */
function ensureFields(chunks: number[]): boolean {
  const want = chunks.filter((c) => tree.fieldsMissing?.has(c) && !fieldsPending.has(c));
  if (want.length) {
    want.forEach((c) => fieldsPending.add(c));
    requests.request('fields', { chunks: want, version: analysisVersion }).then(fieldsArrived).catch(recordError);
  }
  return chunks.some((c) => tree.fieldsMissing?.has(c));
}

function offsetFromEvent(e: MouseEvent): number | undefined {
  const t = (e.target as HTMLElement).closest('[data-o]') as HTMLElement | null;
  return t ? Number(t.dataset.o) : undefined;
}

let dragging = false;
hexRows.addEventListener('mousedown', (e) => {
  const o = offsetFromEvent(e);
  if (o === undefined) return;
  e.preventDefault();
  hexPane.focus();
  pane = 'hex';
  dragging = true;
  setSelection(e.shiftKey ? { anchor: sel.anchor, focus: o } : collapsed(o), { reveal: false, syncTree: false });
});
hexRows.addEventListener('mousemove', (e) => {
  const o = offsetFromEvent(e);
  if (dragging && e.buttons & 1 && o !== undefined && o !== sel.focus) setSelection({ anchor: sel.anchor, focus: o }, { reveal: false, syncTree: false });
  showTooltipSoon(e, o);
});
window.addEventListener('mouseup', () => {
  if (!dragging) return;
  dragging = false;
  revealNodeAt(sel.focus);
  scheduleRender();
});
hexRows.addEventListener('mouseleave', hideTooltip);
hexScroll.addEventListener('scroll', () => {
  hideTooltip();
  scheduleRender();
  saveStateSoon();
});

let saveTimer: number | undefined;
function saveStateSoon(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveState, 200) as unknown as number;
}

// Hover: the decoded field and value of the byte, and the problems on it.
let tipTimer: number | undefined;
function showTooltipSoon(e: MouseEvent, o: number | undefined): void {
  clearTimeout(tipTimer);
  if (o === undefined || o >= size) {
    hideTooltip();
    return;
  }
  const x = e.clientX;
  const y = e.clientY;
  tipTimer = setTimeout(() => {
    const ci = nodeAt(tree, o)?.chunkIndex;
    if (ci !== undefined) ensureFields([ci]);
    tooltipText = describeOffset(tree, problems, o, cache.byte(o));
    tooltip.textContent = tooltipText;
    tooltip.hidden = false;
    const r = tooltip.getBoundingClientRect();
    tooltip.style.left = `${Math.max(0, Math.min(x + 12, window.innerWidth - r.width - 4))}px`;
    tooltip.style.top = `${y + 18 + r.height > window.innerHeight ? Math.max(0, y - r.height - 8) : y + 18}px`;
  }, 350) as unknown as number;
}
function hideTooltip(): void {
  clearTimeout(tipTimer);
  tooltip.hidden = true;
  tooltipText = undefined;
}

function typeHex(d: number): void {
  const r = selectedRange(sel, size);
  if (r.end - r.start > 1) setSelection(collapsed(r.start), { syncTree: false });
  const at = sel.focus;
  if (pendingNibble === undefined) {
    pendingNibble = d;
    scheduleRender();
    return;
  }
  const value = (pendingNibble << 4) | d;
  pendingNibble = undefined;
  post(insertMode || at >= size ? { type: insertMode ? 'insert' : 'overwrite', offset: at, data: [value] } : { type: 'overwrite', offset: at, data: [value] });
  // Optimistic caret move; the extension's 'changed' message confirms it.
  if (at >= size) size = at + 1;
  setSelection(collapsed(at + 1), { syncTree: false });
}

function deleteSelection(backward: boolean): void {
  const r = selectedRange(sel, size);
  if (r.end - r.start > 1 || (!backward && r.end > r.start)) {
    post({ type: 'delete', offset: r.start, length: r.end - r.start });
    sel = collapsed(r.start);
  } else if (backward && sel.focus > 0) {
    post({ type: 'delete', offset: sel.focus - 1, length: 1 });
    sel = collapsed(sel.focus - 1);
  }
  pendingNibble = undefined;
  scheduleRender();
}

function hexKey(e: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey?: boolean; preventDefault(): void }): void {
  const ctrl = e.ctrlKey || e.metaKey;
  if (isMoveKey(e.key)) {
    e.preventDefault();
    const pageRows = hexWindow?.pageRows ?? 16;
    setSelection(move(sel, e.key, { size, pageRows, shift: e.shiftKey, ctrl }));
    return;
  }
  if (e.key === 'Tab') {
    e.preventDefault();
    focusPane('tree');
    return;
  }
  if (ctrl || e.altKey) return; // undo/redo/save belong to VS Code
  if (e.key === 'Insert') {
    e.preventDefault();
    insertMode = !insertMode;
    pendingNibble = undefined;
    saveState();
    scheduleRender();
    return;
  }
  if (e.key === 'Escape') {
    pendingNibble = undefined;
    scheduleRender();
    return;
  }
  if (e.key === 'Delete' || e.key === 'Backspace') {
    e.preventDefault();
    deleteSelection(e.key === 'Backspace');
    return;
  }
  const d = hexDigit(e.key);
  if (d !== undefined) {
    e.preventDefault();
    typeHex(d);
  }
}
hexPane.addEventListener('keydown', (e) => hexKey(e));
hexPane.addEventListener('focus', () => {
  pane = 'hex';
  hexPane.classList.add('focused');
});
hexPane.addEventListener('blur', () => hexPane.classList.remove('focused'));

document.addEventListener('copy', (e) => {
  if (pane !== 'hex' || document.activeElement === fieldInput) return;
  const r = selectedRange(sel, size);
  const b = cache.slice(r.start, r.end);
  if (!b) return;
  e.clipboardData?.setData('text/plain', bytesToHex(b));
  e.preventDefault();
});
document.addEventListener('paste', (e) => {
  if (pane !== 'hex' || document.activeElement === fieldInput) return;
  const text = e.clipboardData?.getData('text/plain') ?? '';
  const clean = text.replace(/0x/gi, '').replace(/[\s,:;-]/g, '');
  e.preventDefault();
  if (!clean || clean.length % 2 || !/^[0-9a-f]+$/i.test(clean)) {
    setLocalBanner({ id: 'paste', kind: 'warning', text: 'Paste hex digits (e.g. "56 42 53 43") into the hex view.' });
    return;
  }
  const data: number[] = [];
  for (let i = 0; i < clean.length; i += 2) data.push(parseInt(clean.substr(i, 2), 16));
  const r = selectedRange(sel, size);
  post({ type: insertMode ? 'insert' : 'overwrite', offset: r.start, data });
});

// ---- tree -------------------------------------------------------------------------------------

function rebuildTreeRows(): void {
  treeRows = flattenTree(tree.roots, expanded);
}

function renderTree(): void {
  const w = computeWindow(windowInput(treeScroll, treeRows.length, TREE_ROW_HEIGHT));
  treeWindow = w;
  treeSpacer.style.height = `${w.spacerHeight}px`;
  treeRowsEl.style.transform = `translateY(${w.offsetY}px)`;
  let html = '';
  for (let i = w.firstRow; i < w.endRow; i++) {
    const r = treeRows[i];
    const n = r.node;
    // Indentation by class: the CSP forbids inline style attributes.
    const cls = ['tr', `d${Math.min(r.depth, 11)}`, `n-${n.kind}`, n.id === selectedNode ? 'sel' : '', n.severity ? `sev-${n.severity}` : '', n.field && n.field.type !== 'group' ? 'editable' : ''].filter(Boolean).join(' ');
    const twisty = r.expandable ? (r.expanded ? '▾' : '▸') : '';
    html += `<div class="${cls}" data-id="${esc(n.id)}" role="treeitem" aria-level="${r.depth + 1}"${r.expandable ? ` aria-expanded="${r.expanded}"` : ''} aria-selected="${n.id === selectedNode}"><span class="tw">${twisty}</span><span class="tl">${esc(n.label)}</span><span class="td">${esc(n.description)}</span></div>`;
  }
  treeRowsEl.innerHTML = html;
  if (!analysis) treeRowsEl.innerHTML = `<div class="tree-empty">${esc($('tree-scroll').dataset.empty ?? 'Analysing…')}</div>`;
}

function selectNode(n: TreeNode, o: { syncHex?: boolean; reveal?: boolean } = {}): void {
  for (const id of ancestorsOf(n)) expanded.add(id);
  selectedNode = n.id;
  rebuildTreeRows();
  const idx = treeRows.findIndex((r) => r.node.id === n.id);
  if (idx >= 0 && o.reveal !== false) {
    const st = revealRows(idx, idx, windowInput(treeScroll, treeRows.length, TREE_ROW_HEIGHT));
    if (st !== undefined) treeScroll.scrollTop = st;
  }
  if (o.syncHex !== false && n.end > n.start) {
    sel = selectRange(n);
    pendingNibble = undefined;
    revealOffset(n.start, n.end);
    const r = selectedRange(sel, size);
    post({ type: 'selection', start: r.start, end: r.end, caret: sel.focus });
  }
  saveState();
  scheduleRender();
}

function toggle(n: TreeNode, open?: boolean): void {
  if (n.children.length === 0) return;
  const want = open ?? !expanded.has(n.id);
  if (want && n.chunkIndex !== undefined) ensureFields([n.chunkIndex]);
  if (want && n.kind === 'call') ensureFields(n.children.map((c) => c.chunkIndex).filter((c): c is number => c !== undefined));
  if (want) expanded.add(n.id);
  else expanded.delete(n.id);
  rebuildTreeRows();
  saveState();
  scheduleRender();
}

treeRowsEl.addEventListener('click', (e) => {
  const row = (e.target as HTMLElement).closest('.tr') as HTMLElement | null;
  if (!row) return;
  const n = tree.byId.get(row.dataset.id!);
  if (!n) return;
  pane = 'tree';
  treeScroll.focus();
  if ((e.target as HTMLElement).classList.contains('tw')) toggle(n);
  selectNode(n);
});
treeRowsEl.addEventListener('dblclick', (e) => {
  const row = (e.target as HTMLElement).closest('.tr') as HTMLElement | null;
  const n = row && tree.byId.get(row.dataset.id!);
  if (!n) return;
  if (n.field && n.field.type !== 'group') startFieldEdit(n);
  else toggle(n);
});
treeScroll.addEventListener('scroll', () => scheduleRender());
treeScroll.addEventListener('focus', () => {
  pane = 'tree';
  treeScroll.classList.add('focused');
});
treeScroll.addEventListener('blur', () => treeScroll.classList.remove('focused'));

function treeKey(e: { key: string; shiftKey: boolean; preventDefault(): void }): void {
  const idx = Math.max(0, treeRows.findIndex((r) => r.node.id === selectedNode));
  const cur = treeRows[idx]?.node;
  const go = (i: number) => {
    const r = treeRows[Math.min(treeRows.length - 1, Math.max(0, i))];
    if (r) selectNode(r.node);
  };
  const page = treeWindow?.pageRows ?? 10;
  switch (e.key) {
    case 'ArrowDown':
      go(idx + 1);
      break;
    case 'ArrowUp':
      go(idx - 1);
      break;
    case 'PageDown':
      go(idx + page);
      break;
    case 'PageUp':
      go(idx - page);
      break;
    case 'Home':
      go(0);
      break;
    case 'End':
      go(treeRows.length - 1);
      break;
    case 'ArrowRight':
      if (cur && cur.children.length && !expanded.has(cur.id)) toggle(cur, true);
      else go(idx + 1);
      break;
    case 'ArrowLeft':
      if (cur && expanded.has(cur.id)) toggle(cur, false);
      else if (cur?.parent) selectNode(cur.parent);
      break;
    case 'Enter':
    case 'F2':
      if (cur?.field && cur.field.type !== 'group') startFieldEdit(cur);
      else if (cur) toggle(cur);
      break;
    case ' ':
      if (cur) toggle(cur);
      break;
    case 'Tab':
      focusPane('hex');
      break;
    default:
      return;
  }
  e.preventDefault();
}
treeScroll.addEventListener('keydown', (e) => {
  if (e.target === fieldInput) return;
  treeKey(e);
});

function focusPane(p: 'hex' | 'tree'): void {
  pane = p;
  (p === 'hex' ? hexPane : treeScroll).focus();
  if (p === 'tree' && !selectedNode && treeRows[0]) selectNode(treeRows[0].node, { syncHex: false });
  saveState();
}

// Field editing: an edit bar above the tree, so re-rendering the virtual rows never loses the input.
function startFieldEdit(n: TreeNode): void {
  const f = n.field!;
  editingField = n;
  let value: string;
  if (f.type === 'guid') value = String(f.display);
  else if (f.type === 'bytes') value = bytesToHex(cache.slice(n.start, Math.min(n.end, n.start + 4096)) ?? new Uint8Array());
  else if (f.type === 'utf8') value = f.display;
  else if (f.value !== undefined) {
    const v = BigInt(f.value);
    value = v > 9n ? `0x${v.toString(16).toUpperCase()}` : v.toString();
  } else value = '';
  $('field-editor-label').textContent = `${f.name} (${f.type}, ${n.end - n.start} bytes) =`;
  $('field-error').textContent = '';
  fieldInput.value = value;
  fieldEditor.hidden = false;
  fieldInput.focus();
  fieldInput.select();
}

function endFieldEdit(): void {
  editingField = undefined;
  fieldEditor.hidden = true;
  treeScroll.focus();
}

fieldInput.addEventListener('keydown', (e) => {
  e.stopPropagation();
  if (e.key === 'Enter' && editingField?.field) {
    e.preventDefault();
    const n = editingField;
    post({ type: 'editField', name: n.field!.name, fieldType: n.field!.type, start: n.start, end: n.end, value: fieldInput.value });
    endFieldEdit();
  } else if (e.key === 'Escape') {
    e.preventDefault();
    endFieldEdit();
  }
});
$('field-cancel').addEventListener('click', endFieldEdit);
$('field-apply').addEventListener('click', () => fieldInput.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' })));

// ---- problems and trace ------------------------------------------------------------------------

function renderProblems(): void {
  const list = analysis?.problems ?? [];
  $('problem-count').textContent = list.length ? `(${list.length})` : '';
  const chunkFor = (p: Problem) => (p.bytes ? nodePathAt(tree, p.bytes.start).find((n) => n.kind === 'chunk') : undefined);
  $('problems').innerHTML =
    list
      .map((p, i) => {
        const c = chunkFor(p);
        const fixes = [...(contentFixes[i] ?? []), ...fixesFor(p, c?.start, c?.chunkType)];
        const where = p.bytes ? `0x${p.bytes.start.toString(16).toUpperCase()}` : '';
        return `<div class="prob sev-${p.severity}" data-i="${i}"><span class="code">${esc(p.code)}</span> <span class="where">${where}</span> <span class="msg">${esc(p.message)}</span>${fixes
          .map((f) => `<button class="fix" data-fix="${f.id}"${f.chunk !== undefined ? ` data-chunk="${f.chunk}"` : ''}${f.at !== undefined ? ` data-at="${f.at}"` : ''}${f.value !== undefined ? ` data-value="${f.value}"` : ''}>${esc(f.title)}</button>`)
          .join('')}</div>`;
      })
      .join('') || '<div class="none">No problems.</div>';
}

$('problems').addEventListener('click', (e) => {
  const t = e.target as HTMLElement;
  if (t.classList.contains('fix')) {
    const d = t.dataset;
    post({ type: 'quickFix', fix: d.fix as never, ...(d.chunk ? { chunk: Number(d.chunk) } : {}), ...(d.at ? { at: Number(d.at) } : {}), ...(d.value ? { value: Number(d.value) } : {}) });
    return;
  }
  const row = t.closest('.prob') as HTMLElement | null;
  const p = row && analysis?.problems[Number(row.dataset.i)];
  if (p?.bytes) {
    const end = Math.max(p.bytes.end, p.bytes.start + 1);
    setSelection({ anchor: p.bytes.start, focus: Math.min(size, end - 1) }, { reveal: false });
    revealOffset(p.bytes.start, end);
  }
});

function renderTrace(): void {
  const out = $('outcome');
  const status = $('status');
  if (!analysis) {
    $('trace').innerHTML = '';
    out.textContent = '';
    status.textContent = '';
    status.className = 'status';
    return;
  }
  const cls = outcomeClass(analysis);
  out.textContent = analysis.outcome.statusName;
  out.className = `o-${cls}`;
  status.textContent = `${cls === 'success' ? '✔' : '✖'} ${analysis.outcome.statusName}`;
  status.className = `status o-${cls}`;
  $('trace').innerHTML =
    traceRows(analysis)
      .map((r) => `<div class="trace-row o-${r.outcome}"${r.start !== undefined ? ` data-start="${r.start}" data-end="${r.end}"` : ''} title="${esc(r.detail)}"><span class="tl">${esc(r.label)}</span> <span class="st">${esc(r.status)}</span> <span class="dt">${esc(r.detail)}</span></div>`)
      .join('') || '<div class="none">No restore call.</div>';
}

$('trace').addEventListener('click', (e) => {
  const row = (e.target as HTMLElement).closest('.trace-row') as HTMLElement | null;
  if (!row || row.dataset.start === undefined) return;
  const s = Number(row.dataset.start);
  const en = Number(row.dataset.end);
  if (en > s) {
    setSelection({ anchor: s, focus: en - 1 }, { reveal: false });
    revealOffset(s);
  }
});

// ---- banners and toolbar -----------------------------------------------------------------------

let localBanners: Banner[] = [];
function setLocalBanner(b: Banner): void {
  localBanners = [...localBanners.filter((x) => x.id !== b.id), b];
  renderBanners();
  setTimeout(() => {
    localBanners = localBanners.filter((x) => x !== b);
    renderBanners();
  }, 5000);
}

function renderBanners(): void {
  $('banners').innerHTML = [...banners, ...localBanners]
    .map((b) => `<div class="banner b-${b.kind}" data-banner="${esc(b.id)}"><span>${esc(b.text)}</span>${(b.actions ?? []).map((a) => `<button data-action="${esc(a.id)}">${esc(a.title)}</button>`).join('')}</div>`)
    .join('');
}
$('banners').addEventListener('click', (e) => {
  const a = (e.target as HTMLElement).dataset.action;
  if (a) post({ type: 'bannerAction', id: a });
});

$('toolbar').addEventListener('click', (e) => {
  const t = (e.target as HTMLElement).closest('button') as HTMLButtonElement | null;
  if (!t) return;
  if (t.id === 'reseal-toggle') {
    setReseal(!reseal);
    post({ type: 'setReseal', on: reseal });
  } else if (t.dataset.fix) post({ type: 'quickFix', fix: t.dataset.fix as never });
  else if (t.dataset.command) post({ type: 'command', command: t.dataset.command as never });
  else if (t.id === 'mode-toggle') {
    insertMode = !insertMode;
    saveState();
    scheduleRender();
    hexPane.focus();
  }
});

function setReseal(on: boolean): void {
  reseal = on;
  const b = $('reseal-toggle');
  b.setAttribute('aria-checked', String(on));
  $('reseal-state').textContent = on ? 'on' : 'off';
}

// ---- splitter between the hex view and the right pane ------------------------------------------

const mainEl = $('main');
const sideEl = $('side');
const splitter = $('splitter');
const MIN_SIDE = 200;
const MIN_HEX = 120;

/** Give the right pane `px` pixels (clamped so both panes stay usable); undefined = default layout. */
function applySideWidth(px: number | undefined): void {
  if (px === undefined) {
    mainEl.classList.remove('sized');
    sideEl.style.width = '';
    return;
  }
  const total = mainEl.clientWidth || window.innerWidth;
  const w = Math.round(Math.max(MIN_SIDE, Math.min(px, total - MIN_HEX - splitter.offsetWidth)));
  sideWidth = w;
  mainEl.classList.add('sized');
  sideEl.style.width = `${w}px`;
  scheduleRender();
}

function commitSideWidth(): void {
  saveState();
  if (sideWidth) post({ type: 'sideWidth', px: sideWidth });
}

splitter.addEventListener('mousedown', (e) => {
  e.preventDefault();
  splitter.focus(); // arrows resize from here on
  const startX = e.clientX;
  const startW = sideEl.getBoundingClientRect().width;
  splitter.classList.add('dragging');
  document.body.classList.add('resizing');
  const onMove = (ev: MouseEvent) => applySideWidth(startW + (startX - ev.clientX));
  const onUp = () => {
    window.removeEventListener('mousemove', onMove);
    window.removeEventListener('mouseup', onUp);
    splitter.classList.remove('dragging');
    document.body.classList.remove('resizing');
    commitSideWidth();
  };
  window.addEventListener('mousemove', onMove);
  window.addEventListener('mouseup', onUp);
});
splitter.addEventListener('keydown', (e) => {
  const step = e.shiftKey ? 64 : 16;
  const cur = sideEl.getBoundingClientRect().width;
  if (e.key === 'ArrowLeft') applySideWidth(cur + step);
  else if (e.key === 'ArrowRight') applySideWidth(cur - step);
  else return;
  e.preventDefault();
  commitSideWidth();
});
splitter.addEventListener('dblclick', () => {
  // Back to the default layout (the hex view at its natural width, the right pane takes the rest).
  sideWidth = undefined;
  applySideWidth(undefined);
  saveState();
});

// ---- messages from the extension ---------------------------------------------------------------

function setAnalysis(a: WireAnalysis | undefined): void {
  analysis = a;
  tree = a ? buildTree(a) : { roots: [], byId: new Map(), items: [], segments: [], chunkStarts: [] };
  chunkStartSet = new Set(tree.chunkStarts);
  problems = indexProblems(a?.problems ?? [], size);
  // The first time, open the calls so the chunks show.
  if (a && expanded.size === 0) for (const r of tree.roots.slice(0, 64)) expanded.add(r.id);
  if (selectedNode && !tree.byId.has(selectedNode)) selectedNode = undefined;
  rebuildTreeRows();
  renderProblems();
  renderTrace();
  scheduleRender();
}

function snapshot(): WebviewSnapshot {
  const w = hexWindow;
  return {
    scrollRow: Math.floor(w?.topRow ?? 0),
    anchor: sel.anchor,
    focus: sel.focus,
    expanded: [...expanded],
    ...(selectedNode ? { selectedNode } : {}),
    pane,
    insertMode,
    ...(sideWidth ? { sideWidth } : {}),
    reseal,
    paneWidths: { hex: Math.round(hexPane.getBoundingClientRect().width), side: Math.round(sideEl.getBoundingClientRect().width) },
    fixTitles: fixTitles(),
    size,
    version,
    renderedRows: [w?.firstRow ?? 0, w?.endRow ?? 0],
    renderedRowCount: hexRows.childElementCount,
    cachedPages: cache.cachedPages,
    treeRows: treeRows.length,
    banners: [...banners, ...localBanners].map((b) => b.id),
    ...(analysis ? { outcome: analysis.outcome.statusName } : {}),
    problems: analysis?.problems.length ?? 0,
    ...(tooltipText ? { tooltip: tooltipText } : {}),
    ...(lastError ? { lastError } : {}),
    firstRowText: hexRows.querySelector('.row')?.textContent ?? '',
    stats: { ...stats, cacheVersion: cache.version, cacheSize: cache.size },
  };
}

/** The problem list's quick-fix buttons by problem code (tests check what is offered). */
function fixTitles(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const row of Array.from(document.querySelectorAll('#problems .prob'))) {
    const code = row.querySelector('.code')?.textContent ?? '';
    const titles = Array.from(row.querySelectorAll('button.fix'), (b) => b.textContent ?? '');
    if (titles.length) out[code] = [...(out[code] ?? []), ...titles];
  }
  return out;
}

let lastError: string | undefined;
const stats = { requests: 0, received: 0, stale: 0 };
function recordError(e: unknown): void {
  lastError = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  console.error('vmbstate webview:', e);
}
window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  try {
    onHostMessage(ev.data);
  } catch (e) {
    recordError(e);
  }
});

const answerers: Answerers<HostRequests> = { snapshot: () => snapshot() };

function fieldsArrived(m: { version: number; chunks: ChunkFields[] }): void {
  if (m.version !== analysisVersion) return;
  for (const c of m.chunks) {
    fieldsPending.delete(c.index);
    attachFields(tree, c.index, c.headerFields, c.payloadFields);
  }
  rebuildTreeRows();
  if (revealAfterFields !== undefined) {
    const o = revealAfterFields;
    revealAfterFields = undefined;
    revealNodeAt(o);
  }
  scheduleRender();
}

function onHostMessage(m: HostMessage): void {
  switch (m.type) {
    case 'init': {
      size = m.size;
      version = m.version;
      cache = new PageCache(size, version);
      $('file-size').textContent = `${size.toLocaleString()} bytes`;
      const st = { ...m.state, ...saved };
      if (st.expanded) for (const id of st.expanded) expanded.add(id);
      if (st.insertMode) insertMode = true;
      setReseal(m.reseal);
      // This editor's own width first (webview state), else the last width dragged in any editor.
      const w = saved.sideWidth ?? m.sideWidth;
      if (w) applySideWidth(w);
      if (st.selectedNode) selectedNode = st.selectedNode;
      sel = { anchor: Math.min(st.anchor ?? 0, size), focus: Math.min(st.focus ?? 0, size) };
      renderHex();
      if (st.scrollRow) hexScroll.scrollTop = scrollTopForRow(st.scrollRow, { viewportHeight: hexScroll.clientHeight, rowHeight, totalRows: rowCount(size) });
      if (st.pane === 'tree') treeScroll.focus();
      else hexPane.focus();
      scheduleRender();
      break;
    }
    case 'request':
      answer(answerers, m, post);
      break;
    case 'reply':
      requests.settle(m);
      break;
    case 'changed':
      hideTooltip(); // it describes bytes and an analysis that no longer hold
      size = m.size;
      version = m.version;
      cache.invalidateFrom(m.from, size, version, m.to);
      $('file-size').textContent = `${size.toLocaleString()} bytes`;
      if (m.select) {
        const s = { anchor: m.select.start, focus: Math.max(m.select.start, m.select.end - 1) };
        if (s.focus !== sel.focus || s.anchor !== sel.anchor) setSelection(s, { syncTree: false });
      } else sel = { anchor: Math.min(sel.anchor, size), focus: Math.min(sel.focus, size) };
      scheduleRender();
      break;
    case 'analysis':
      $('tree-scroll').dataset.empty = m.error ? `Analysis failed: ${m.error}` : m.analyzing ? 'Analysing…' : 'No analysis.';
      $('analyzing').hidden = !m.analyzing;
      if (m.analysis || !m.analyzing) {
        hideTooltip();
        analysisVersion = m.version;
        fieldsPending.clear();
        contentFixes = m.contentFixes ?? {};
        setAnalysis(m.analysis);
      }
      else scheduleRender();
      break;
    case 'reseal':
      setReseal(m.on);
      break;
    case 'banners':
      banners = m.banners;
      renderBanners();
      break;
    case 'select':
      setSelection({ anchor: m.start, focus: Math.max(m.start, m.end - 1) });
      break;
    case 'fieldEditFailed':
      setLocalBanner({ id: 'field-edit', kind: 'error', text: m.message });
      break;
    case 'key': {
      const ev2 = { key: m.key, shiftKey: !!m.shift, ctrlKey: !!m.ctrl, metaKey: false, altKey: false, preventDefault() {} };
      if ((m.pane ?? pane) === 'tree') treeKey(ev2);
      else hexKey(ev2);
      break;
    }
  }
}

window.addEventListener('resize', () => scheduleRender());

// Row height comes from the CSS (editor font size); measure it once the fonts are applied.
function measure(): void {
  const probe = document.createElement('div');
  probe.className = 'row';
  probe.innerHTML = '<span class="off">0</span>';
  hexRows.appendChild(probe);
  rowHeight = Math.max(12, Math.round(probe.getBoundingClientRect().height) || 20);
  probe.remove();
}
measure();
void rowAtViewportY;
post({ type: 'ready' });
