// The selection the hex view and the tree share: selecting bytes selects their tree node and the
// other way round, each scrolled into view, and the host is told (it needs the caret for Go to
// Offset and Find Bytes). Also which pane has the keyboard, and the lazily fetched chunk fields.

import type { ChunkFields } from '../model/messages';
import { BYTES_PER_ROW, rowCount } from '../model/positions';
import { el, TREE_ROW_HEIGHT, windowInput } from './dom';
import { post, recordError, request } from './host';
import { selectedRange, selectRange, type Selection } from './selection';
import { rebuildTreeRows, S, saveState, scheduleRender } from './state';
import { ancestorsOf, attachFields, nodeAt, type TreeNode } from './tree';
import { revealRows } from './virtualWindow';

function postSelection(): void {
  const r = selectedRange(S.sel, S.size);
  post({ type: 'selection', start: r.start, end: r.end, caret: S.sel.focus });
}

/** Scrolls the hex view so bytes [offset, end) show. */
export function revealOffset(offset: number, end = offset + 1): void {
  const rows = rowCount(S.size);
  const first = Math.floor(offset / BYTES_PER_ROW);
  const last = Math.floor(Math.max(offset, end - 1) / BYTES_PER_ROW);
  const st = revealRows(first, last, windowInput(el.hexScroll, rows, S.rowHeight));
  if (st !== undefined) el.hexScroll.scrollTop = st;
}

/** Selects bytes (clamped to the document), revealing the caret and its tree node unless told not to. */
export function setSelection(s: Selection, opts: { reveal?: boolean; syncTree?: boolean } = {}): void {
  if (s.focus !== S.sel.focus) S.pendingNibble = undefined;
  S.sel = { anchor: Math.min(Math.max(0, s.anchor), S.size), focus: Math.min(Math.max(0, s.focus), S.size) };
  if (opts.reveal !== false) revealOffset(S.sel.focus);
  if (opts.syncTree !== false) revealNodeAt(S.sel.focus);
  postSelection();
  scheduleRender();
  saveState();
}

/** Selects a tree node (opening its ancestors) and, unless told not to, its bytes. */
export function selectNode(n: TreeNode, o: { syncHex?: boolean; reveal?: boolean } = {}): void {
  for (const id of ancestorsOf(n)) S.expanded.add(id);
  S.selectedNode = n.id;
  rebuildTreeRows();
  const idx = S.treeRows.findIndex((r) => r.node.id === n.id);
  if (idx >= 0 && o.reveal !== false) {
    const st = revealRows(idx, idx, windowInput(el.treeScroll, S.treeRows.length, TREE_ROW_HEIGHT));
    if (st !== undefined) el.treeScroll.scrollTop = st;
  }
  if (o.syncHex !== false && n.end > n.start) {
    S.sel = selectRange(n);
    S.pendingNibble = undefined;
    revealOffset(n.start, n.end);
    postSelection();
  }
  saveState();
  scheduleRender();
}

/** Selects the deepest tree node holding `offset` (once its chunk's fields are there). */
export function revealNodeAt(offset: number): void {
  const n = nodeAt(S.tree, offset);
  if (!n) return;
  if (n.chunkIndex !== undefined && ensureFields([n.chunkIndex])) S.revealAfterFields = offset;
  selectNode(n, { syncHex: false });
}

export function focusPane(p: 'hex' | 'tree'): void {
  S.pane = p;
  (p === 'hex' ? el.hexPane : el.treeScroll).focus();
  if (p === 'tree' && !S.selectedNode && S.treeRows[0]) selectNode(S.treeRows[0].node, { syncHex: false });
  saveState();
}

// Large files: the tree comes without fields; a chunk's fields are asked for when it is needed.

/** Asks for the fields of chunks the tree lacks; true when some are on their way. */
export function ensureFields(chunks: number[]): boolean {
  const want = chunks.filter((c) => S.tree.fieldsMissing?.has(c) && !S.fieldsPending.has(c));
  if (want.length) {
    want.forEach((c) => S.fieldsPending.add(c));
    request('fields', { chunks: want, version: S.analysisVersion }).then(fieldsArrived).catch(recordError);
  }
  return chunks.some((c) => S.tree.fieldsMissing?.has(c));
}

function fieldsArrived(m: { version: number; chunks: ChunkFields[] }): void {
  // Fields of an analysis the tree no longer shows.
  if (m.version !== S.analysisVersion) return;
  for (const c of m.chunks) {
    S.fieldsPending.delete(c.index);
    S.fieldsReceived.set(c.index, c);
    attachFields(S.tree, c.index, c.headerFields, c.payloadFields);
  }
  rebuildTreeRows();
  if (S.revealAfterFields !== undefined) {
    const o = S.revealAfterFields;
    S.revealAfterFields = undefined;
    revealNodeAt(o);
  }
  scheduleRender();
}
