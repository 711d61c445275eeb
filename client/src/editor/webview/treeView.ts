// The chunk tree beside the hex view, virtualised like it: rendering the visible rows, opening and
// closing nodes (asking for a large file's chunk fields as they open), mouse and keyboard.

import { el, esc, TREE_ROW_HEIGHT, windowInput } from './dom';
import { startFieldEdit } from './fieldEditor';
import { ensureFields, focusPane, selectNode } from './selectionSync';
import { rebuildTreeRows, S, saveState, scheduleRender } from './state';
import type { TreeNode } from './tree';
import { computeWindow } from './virtualWindow';

export function renderTree(): void {
  const w = computeWindow(windowInput(el.treeScroll, S.treeRows.length, TREE_ROW_HEIGHT));
  S.treeWindow = w;
  el.treeSpacer.style.height = `${w.spacerHeight}px`;
  el.treeRows.style.transform = `translateY(${w.offsetY}px)`;
  let html = '';
  for (let i = w.firstRow; i < w.endRow; i++) {
    const r = S.treeRows[i];
    const n = r.node;
    // Indentation by class: the CSP forbids inline style attributes.
    const cls = [
      'tr',
      `d${Math.min(r.depth, 11)}`,
      `n-${n.kind}`,
      n.id === S.selectedNode ? 'sel' : '',
      n.severity ? `sev-${n.severity}` : '',
      n.field && n.field.type !== 'group' ? 'editable' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const twisty = r.expandable ? (r.expanded ? '▾' : '▸') : '';
    html += `<div class="${cls}" data-id="${esc(n.id)}" role="treeitem" aria-level="${r.depth + 1}"${r.expandable ? ` aria-expanded="${r.expanded}"` : ''} aria-selected="${n.id === S.selectedNode}"><span class="tw">${twisty}</span><span class="tl">${esc(n.label)}</span><span class="td">${esc(n.description)}</span></div>`;
  }
  el.treeRows.innerHTML = html;
  if (!S.analysis)
    el.treeRows.innerHTML = `<div class="tree-empty">${esc(el.treeScroll.dataset.empty ?? 'Analysing…')}</div>`;
}

function toggle(n: TreeNode, open?: boolean): void {
  if (n.children.length === 0) return;
  const want = open ?? !S.expanded.has(n.id);
  if (want && n.chunkIndex !== undefined) ensureFields([n.chunkIndex]);
  if (want && n.kind === 'call')
    ensureFields(n.children.map((c) => c.chunkIndex).filter((c): c is number => c !== undefined));
  if (want) S.expanded.add(n.id);
  else S.expanded.delete(n.id);
  rebuildTreeRows();
  saveState();
  scheduleRender();
}

el.treeRows.addEventListener('click', (e) => {
  const row = (e.target as HTMLElement).closest('.tr') as HTMLElement | null;
  if (!row) return;
  const n = S.tree.byId.get(row.dataset.id!);
  if (!n) return;
  S.pane = 'tree';
  el.treeScroll.focus();
  if ((e.target as HTMLElement).classList.contains('tw')) toggle(n);
  selectNode(n);
});
el.treeRows.addEventListener('dblclick', (e) => {
  const row = (e.target as HTMLElement).closest('.tr') as HTMLElement | null;
  const n = row && S.tree.byId.get(row.dataset.id!);
  if (!n) return;
  if (n.field && n.field.type !== 'group') startFieldEdit(n);
  else toggle(n);
});
el.treeScroll.addEventListener('scroll', () => scheduleRender());
el.treeScroll.addEventListener('focus', () => {
  S.pane = 'tree';
  el.treeScroll.classList.add('focused');
});
el.treeScroll.addEventListener('blur', () => el.treeScroll.classList.remove('focused'));

/** A key in the tree (real, or the test hooks' simulated one). */
export function treeKey(e: { key: string; shiftKey: boolean; preventDefault(): void }): void {
  const rows = S.treeRows;
  const idx = Math.max(
    0,
    rows.findIndex((r) => r.node.id === S.selectedNode),
  );
  const cur = rows[idx]?.node;
  const go = (i: number) => {
    const r = rows[Math.min(rows.length - 1, Math.max(0, i))];
    if (r) selectNode(r.node);
  };
  const page = S.treeWindow?.pageRows ?? 10;
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
      go(rows.length - 1);
      break;
    case 'ArrowRight':
      if (cur && cur.children.length && !S.expanded.has(cur.id)) toggle(cur, true);
      else go(idx + 1);
      break;
    case 'ArrowLeft':
      if (cur && S.expanded.has(cur.id)) toggle(cur, false);
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
el.treeScroll.addEventListener('keydown', (e) => {
  if (e.target === el.fieldInput) return;
  treeKey(e);
});
