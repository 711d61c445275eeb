// The data inspector pane: what the bytes at the selection's first byte (the caret when nothing is
// selected) read as (model/inspector.ts), refreshed on each render; clicking a value edits it in
// place, and Enter writes the same number of bytes as one overwrite (one undo step).

import { encodeValue, inspect, MAX_TEXT_BYTES, rowLabel, type InspectorValue } from '../model/inspector';
import { $, esc } from './dom';
import { post } from './host';
import { selectedRange } from './selection';
import { setSelection } from './selectionSync';
import { onRender, S, shownByte } from './state';

/** Bytes the widest kind reads (a GUID) or the longest text shown. */
const READ_BYTES = MAX_TEXT_BYTES;

let shown = '';
let editing: { value: InspectorValue; at: number; input: HTMLInputElement } | undefined;
let rows: InspectorValue[] = [];
let at = 0;
/**
 * The bytes an inspector edit wrote, to select again once the edit's new version arrives: the
 * overwrite moves the caret past what it wrote (as typing does), the inspector stays on the value.
 */
let reselect: { start: number; end: number; version: number } | undefined;

/** The bytes from `start` the cache holds, up to READ_BYTES or the end of the file. */
function bytesFrom(start: number): Uint8Array {
  const end = Math.min(S.size, start + READ_BYTES);
  const out: number[] = [];
  for (let o = start; o < end; o++) {
    const b = shownByte(o);
    if (b === undefined) break;
    out.push(b);
  }
  return Uint8Array.from(out);
}

export function renderInspector(): void {
  if (editing) return; // re-rendering would drop what is being typed
  if (reselect && S.version > reselect.version) {
    const r = reselect;
    reselect = undefined;
    setSelection({ anchor: r.start, focus: r.end - 1 }, { reveal: false });
    return; // setSelection renders again
  }
  const r = selectedRange(S.sel, S.size);
  at = r.start;
  const bytes = bytesFrom(at);
  rows = inspect(bytes, r.end - r.start);
  const key = `${S.version}:${at}:${r.end - r.start}:${bytes.join(',')}`;
  if (key === shown) return;
  shown = key;
  $('inspector-at').textContent =
    at >= S.size
      ? '(end of file)'
      : `@ 0x${at.toString(16).toUpperCase()}${r.end - r.start > 1 ? `, ${r.end - r.start} bytes` : ''}`;
  $('inspector').innerHTML = rows
    .map(
      (v, i) =>
        `<div class="irow" data-i="${i}"><span class="ik">${esc(rowLabel(v))}</span><span class="iv${v.text === undefined ? ' none' : ''}" title="${v.text === undefined ? `needs ${v.length} bytes` : 'Click to edit'}">${v.text === undefined ? '—' : esc(v.text)}</span></div>`,
    )
    .join('');
}

/** Opens the in-place editor on row `i`. */
function startEdit(i: number): void {
  const v = rows[i];
  const cell = document.querySelector(`#inspector .irow[data-i="${i}"] .iv`);
  if (!v || v.text === undefined || !cell || at + v.length > S.size) return;
  const input = document.createElement('input');
  input.type = 'text';
  input.spellcheck = false;
  input.className = 'iedit';
  input.value = v.kind === 'ntstatus' ? v.text.split(' ')[0] : v.text.replace(/ \(0x[0-9A-F]+\)$/, '');
  cell.replaceChildren(input);
  editing = { value: v, at, input };
  input.focus();
  input.select();
}

function endEdit(): void {
  editing = undefined;
  shown = '';
  $('inspector-error').textContent = '';
  renderInspector();
}

/** Writes the value typed for (`kind`, `order`) at the inspector's offset; the error, if any (also shown). */
export function applyInspectorValue(kind: string, order: string, text: string): string | undefined {
  const v = editing?.value ?? rows.find((r) => r.kind === kind && r.order === order);
  const offset = editing?.at ?? at;
  if (!v || v.text === undefined) return `${kind}: no value at this offset`;
  const r = encodeValue(v.kind, v.order, v.length, text);
  if ('error' in r) {
    $('inspector-error').textContent = r.error;
    return r.error;
  }
  if (offset + r.bytes.length > S.size) return `${kind}: runs past the end of the file`;
  post({ type: 'overwrite', offset, data: [...r.bytes] });
  reselect = { start: offset, end: offset + r.bytes.length, version: S.version };
  endEdit();
  return undefined;
}

$('inspector').addEventListener('click', (e) => {
  const row = (e.target as HTMLElement).closest('.irow') as HTMLElement | null;
  if (row && !editing && (e.target as HTMLElement).classList.contains('iv')) startEdit(Number(row.dataset.i));
});
$('inspector').addEventListener('keydown', (e) => {
  if (!editing) return;
  if (e.key === 'Enter') {
    e.preventDefault();
    applyInspectorValue(editing.value.kind, editing.value.order, editing.input.value);
  } else if (e.key === 'Escape') {
    e.preventDefault();
    endEdit();
  }
});
$('inspector').addEventListener('focusout', (e) => {
  if (editing && e.target === editing.input)
    setTimeout(() => editing && document.activeElement !== editing.input && endEdit(), 0);
});

/** What the inspector shows, for the test snapshot: [label, value] per row. */
export function inspectorRows(): { at: number; rows: [string, string][] } {
  return { at, rows: rows.map((v) => [rowLabel(v), v.text ?? '—']) };
}

onRender(renderInspector);
