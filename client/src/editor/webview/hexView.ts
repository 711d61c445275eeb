// The hex view: a virtualised grid (only the rows in view are in the DOM; their bytes come from
// the host page by page), selection by mouse and keyboard, typing and deleting bytes, copy and
// paste as hex, and the hover tooltip describing a byte.

import { parsePastedBytes } from '../model/copyAs';
import { BYTES_PER_ROW, rowCount } from '../model/positions';
import { showLocalBanner } from './bannerView';
import { $, el, windowInput } from './dom';
import { post, recordError, request } from './host';
import { fromBase64, PAGE_SIZE } from './pageCache';
import { renderRow, type RowContext } from './rows';
import { bytesToHex, collapsed, hexDigit, isMoveKey, move, selectedRange } from './selection';
import { ensureFields, focusPane, revealNodeAt, setSelection } from './selectionSync';
import type { ByteEditRequest, PendingEdit } from './optimisticEdits';
import { S, saveState, saveStateSoon, scheduleRender, shownByte, shownSlice } from './state';
import { describeOffset } from './annotations';
import { nodeAt } from './tree';
import { computeWindow } from './virtualWindow';

export function renderHex(): void {
  const rows = rowCount(S.size);
  const w = computeWindow(windowInput(el.hexScroll, rows, S.rowHeight));
  S.hexWindow = w;
  el.hexSpacer.style.height = `${w.spacerHeight}px`;
  el.hexRows.style.transform = `translateY(${w.offsetY}px)`;
  // Ask for the bytes of the rendered rows and a page either side (smooth scrolling).
  for (const r of S.cache.request(w.firstRow * BYTES_PER_ROW - PAGE_SIZE, w.endRow * BYTES_PER_ROW + PAGE_SIZE)) {
    S.stats.requests++;
    request('bytes', r)
      .then((b) => {
        S.stats.received++;
        // Bytes of an older version than the cache's are dropped (they changed meanwhile).
        if (S.cache.put(b.offset, fromBase64(b.base64), b.version)) scheduleRender();
        else S.stats.stale++;
      })
      .catch(recordError);
  }
  S.cache.evict(w.firstRow * BYTES_PER_ROW);
  const range = selectedRange(S.sel, S.size);
  const hlNode = S.selectedNode ? S.tree.byId.get(S.selectedNode) : undefined;
  const ctx: RowContext = {
    size: S.size,
    byte: shownByte,
    segments: S.tree.segments,
    chunkStarts: S.chunkStartSet,
    problems: S.problems,
    selStart: range.start,
    selEnd: Math.max(range.start, range.end - 1),
    caret: S.sel.focus,
    pendingNibble: S.pendingNibble,
    insertMode: S.insertMode,
    ...(hlNode ? { highlight: { start: hlNode.start, end: hlNode.end } } : {}),
  };
  let html = '';
  for (let r = w.firstRow; r < w.endRow; r++) html += renderRow(r, ctx);
  el.hexRows.innerHTML = html;
  // The first render with the first row's bytes loaded (the webview's clock, for the large-file test).
  if (S.stats.firstBytesAt === undefined && S.size > 0 && shownByte(w.firstRow * BYTES_PER_ROW) !== undefined)
    S.stats.firstBytesAt = Date.now();
  const typed = S.typed;
  if (typed && !typed.rendered) {
    // The typed byte is in these rows (the overlay shows it): timed at the next frame, once painted.
    typed.rendered = true;
    S.stats.keyToRenderMs = Math.round((performance.now() - typed.at) * 10) / 10;
    requestAnimationFrame(() => (S.stats.keyToBytesMs = Math.round((performance.now() - typed.at) * 10) / 10));
  }
  $('mode').textContent = S.insertMode ? 'INS' : 'OVR';
  $('caret').textContent =
    `0x${S.sel.focus.toString(16).toUpperCase()} (${S.sel.focus})${range.end - range.start > 1 ? `, ${range.end - range.start} bytes selected` : ''}`;
}

/** Row height comes from the CSS (editor font size); measured once the fonts are applied. */
export function measureRowHeight(): void {
  const probe = document.createElement('div');
  probe.className = 'row';
  probe.innerHTML = '<span class="off">0</span>';
  el.hexRows.appendChild(probe);
  S.rowHeight = Math.max(12, Math.round(probe.getBoundingClientRect().height) || 20);
  probe.remove();
}

function offsetFromEvent(e: MouseEvent): number | undefined {
  const t = (e.target as HTMLElement).closest('[data-o]') as HTMLElement | null;
  return t ? Number(t.dataset.o) : undefined;
}

let dragging = false;
el.hexRows.addEventListener('mousedown', (e) => {
  const o = offsetFromEvent(e);
  if (o === undefined) return;
  e.preventDefault();
  el.hexPane.focus();
  S.pane = 'hex';
  dragging = true;
  setSelection(e.shiftKey ? { anchor: S.sel.anchor, focus: o } : collapsed(o), { reveal: false, syncTree: false });
});
el.hexRows.addEventListener('mousemove', (e) => {
  const o = offsetFromEvent(e);
  if (dragging && e.buttons & 1 && o !== undefined && o !== S.sel.focus)
    setSelection({ anchor: S.sel.anchor, focus: o }, { reveal: false, syncTree: false });
  showTooltipSoon(e, o);
});
window.addEventListener('mouseup', () => {
  if (!dragging) return;
  dragging = false;
  revealNodeAt(S.sel.focus);
  scheduleRender();
});
el.hexRows.addEventListener('mouseleave', hideTooltip);
el.hexScroll.addEventListener('scroll', () => {
  hideTooltip();
  scheduleRender();
  saveStateSoon();
});

// Hover: the decoded field and value of the byte, and the problems on it.
let tipTimer: number | undefined;
function showTooltipSoon(e: MouseEvent, o: number | undefined): void {
  clearTimeout(tipTimer);
  if (o === undefined || o >= S.size) {
    hideTooltip();
    return;
  }
  const x = e.clientX;
  const y = e.clientY;
  tipTimer = setTimeout(() => {
    const ci = nodeAt(S.tree, o)?.chunkIndex;
    if (ci !== undefined) ensureFields([ci]);
    S.tooltipText = describeOffset(S.tree, S.problems, o, shownByte(o));
    const tip = el.tooltip;
    tip.textContent = S.tooltipText;
    tip.hidden = false;
    const r = tip.getBoundingClientRect();
    tip.style.left = `${Math.max(0, Math.min(x + 12, window.innerWidth - r.width - 4))}px`;
    tip.style.top = `${y + 18 + r.height > window.innerHeight ? Math.max(0, y - r.height - 8) : y + 18}px`;
  }, 350) as unknown as number;
}

export function hideTooltip(): void {
  clearTimeout(tipTimer);
  el.tooltip.hidden = true;
  S.tooltipText = undefined;
}

function typeHex(d: number): void {
  const r = selectedRange(S.sel, S.size);
  if (r.end - r.start > 1) setSelection(collapsed(r.start), { syncTree: false });
  const at = S.sel.focus;
  if (S.pendingNibble === undefined) {
    S.pendingNibble = d;
    scheduleRender();
    return;
  }
  const value = (S.pendingNibble << 4) | d;
  S.pendingNibble = undefined;
  const keyAt = performance.now();
  // Shown at once from the webview's own pages (optimisticEdits.ts); the host's 'changed' confirms it.
  sendEdit({ kind: S.insertMode ? 'insert' : 'overwrite', offset: at, data: [value] }, keyAt);
  setSelection(collapsed(at + 1), { syncTree: false });
}

/**
 * Shows an edit at once and sends it to the host, tagged so that the host's answer confirms or
 * refuses it. `keyAt`: the typed key's time, so the render below is the one timed (stats).
 */
function sendEdit(e: ByteEditRequest, keyAt?: number): PendingEdit {
  const edit = S.edits.add(e);
  if (keyAt !== undefined) {
    S.typed = { at: keyAt, seq: edit.seq, rendered: false, confirmed: false };
    S.stats.keyToBytesMs = S.stats.keyToRenderMs = S.stats.roundTripMs = undefined;
  }
  const tag = { client: S.editClient, seq: edit.seq };
  post(
    edit.kind === 'delete'
      ? { type: 'delete', offset: edit.offset, length: edit.length, tag }
      : { type: edit.kind, offset: edit.offset, data: [...edit.data], tag },
  );
  S.size = S.edits.size(S.hostSize);
  // Rendered now, not at the next frame: the typed byte is painted in the coming frame.
  renderHex();
  scheduleRender();
  return edit;
}

function deleteSelection(backward: boolean): void {
  const r = selectedRange(S.sel, S.size);
  if (r.end - r.start > 1 || (!backward && r.end > r.start)) {
    sendEdit({ kind: 'delete', offset: r.start, length: r.end - r.start });
    S.sel = collapsed(r.start);
  } else if (backward && S.sel.focus > 0) {
    sendEdit({ kind: 'delete', offset: S.sel.focus - 1, length: 1 });
    S.sel = collapsed(S.sel.focus - 1);
  }
  S.pendingNibble = undefined;
  scheduleRender();
}

/** A key in the hex view (real, or the test hooks' simulated one). */
export function hexKey(e: {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey?: boolean;
  preventDefault(): void;
}): void {
  const ctrl = e.ctrlKey || e.metaKey;
  if (isMoveKey(e.key)) {
    e.preventDefault();
    const pageRows = S.hexWindow?.pageRows ?? 16;
    setSelection(move(S.sel, e.key, { size: S.size, pageRows, shift: e.shiftKey, ctrl }));
    return;
  }
  if (e.key === 'Tab') {
    e.preventDefault();
    focusPane('tree');
    return;
  }
  if (ctrl && !e.altKey && e.key.toLowerCase() === 'a') {
    e.preventDefault();
    setSelection({ anchor: 0, focus: Math.max(0, S.size - 1) }, { reveal: false });
    return;
  }
  if (ctrl || e.altKey) return; // undo/redo/save belong to VS Code
  if (e.key === 'Insert') {
    e.preventDefault();
    S.insertMode = !S.insertMode;
    S.pendingNibble = undefined;
    saveState();
    scheduleRender();
    return;
  }
  if (e.key === 'Escape') {
    S.pendingNibble = undefined;
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
el.hexPane.addEventListener('keydown', (e) => hexKey(e));
el.hexPane.addEventListener('focus', () => {
  S.pane = 'hex';
  el.hexPane.classList.add('focused');
});
el.hexPane.addEventListener('blur', () => el.hexPane.classList.remove('focused'));

document.addEventListener('copy', (e) => {
  if (S.pane !== 'hex' || document.activeElement === el.fieldInput) return;
  const r = selectedRange(S.sel, S.size);
  const b = shownSlice(r.start, r.end);
  if (!b) return;
  e.clipboardData?.setData('text/plain', bytesToHex(b));
  e.preventDefault();
});
document.addEventListener('paste', (e) => {
  if (S.pane !== 'hex' || document.activeElement === el.fieldInput) return;
  const text = e.clipboardData?.getData('text/plain') ?? '';
  e.preventDefault();
  // Hex digits, or a C/Rust array or Python bytes literal as Copy As writes them (model/copyAs.ts).
  const bytes = parsePastedBytes(text);
  if (!bytes?.length) {
    showLocalBanner({
      id: 'paste',
      kind: 'warning',
      text: 'Paste hex digits (e.g. "56 42 53 43"), a C or Rust byte array, or a Python bytes literal into the hex view.',
    });
    return;
  }
  const r = selectedRange(S.sel, S.size);
  post({ type: S.insertMode ? 'insert' : 'overwrite', offset: r.start, data: [...bytes] });
});
