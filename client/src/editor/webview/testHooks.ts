// The webview's side of the editor's test hooks (../testHooks.ts on the host): its snapshot for
// vmbstate._editorState and simulated key presses for vmbstate._editorAction.

import type { Answerers } from '../model/rpc';
import type { TestHookMessage, TestHookRequests, WebviewSnapshot } from '../model/testHookMessages';
import { showLocalBanner } from './bannerView';
import { el } from './dom';
import { hexKey } from './hexView';
import { applyInspectorValue, inspectorRows } from './inspector';
import { lastRecordedError } from './host';
import { currentViewState, S } from './state';
import { treeKey } from './treeView';

function snapshot(): WebviewSnapshot {
  const w = S.hexWindow;
  const lastError = lastRecordedError();
  return {
    ...currentViewState(),
    reseal: S.reseal,
    paneWidths: {
      hex: Math.round(el.hexPane.getBoundingClientRect().width),
      side: Math.round(el.side.getBoundingClientRect().width),
    },
    fixTitles: fixTitles(),
    size: S.size,
    version: S.version,
    renderedRows: [w?.firstRow ?? 0, w?.endRow ?? 0],
    renderedRowCount: el.hexRows.childElementCount,
    cachedPages: S.cache.cachedPages,
    treeRows: S.treeRows.length,
    banners: [...S.banners, ...S.localBanners].map((b) => b.id),
    ...(S.analysis ? { outcome: S.analysis.outcome.statusName } : {}),
    problems: S.analysis?.problems.length ?? 0,
    ...(S.tooltipText ? { tooltip: S.tooltipText } : {}),
    ...(lastError ? { lastError } : {}),
    firstRowText: el.hexRows.querySelector('.row')?.textContent ?? '',
    stats: { ...S.stats, cacheVersion: S.cache.version, cacheSize: S.cache.size, pendingEdits: S.edits.edits.length },
    inspector: inspectorRows(),
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

/** Answers to the host's test-hook requests. */
export const testHookAnswerers: Answerers<TestHookRequests> = { snapshot: () => snapshot() };

/** Acts as if the user typed a value into the data inspector and pressed Enter (a refusal shows as a local banner). */
export function inspectorEdit(m: Extract<TestHookMessage, { type: 'inspectorEdit' }>): void {
  const error = applyInspectorValue(m.kind, m.order, m.value);
  if (error) showLocalBanner({ id: 'inspector-edit', kind: 'error', text: error });
}

/** Acts as if the user pressed the key in the focused pane (or the one named). */
export function pressKey(m: Extract<TestHookMessage, { type: 'key' }>): void {
  const ev = { key: m.key, shiftKey: !!m.shift, ctrlKey: !!m.ctrl, metaKey: false, altKey: false, preventDefault() {} };
  if ((m.pane ?? S.pane) === 'tree') treeKey(ev);
  else hexKey(ev);
}
