// What the webview does with each message from the host: a typed handler per message type
// (notices, the host's requests, the replies to the webview's own requests).

import type { WireAnalysis } from '../../../../core/src';
import type { HostMessage, NoticeOf } from '../model/messages';
import { fromTreeTable } from '../model/treeTable';
import { rowCount } from '../model/positions';
import { answer } from '../model/rpc';
import { renderBanners, showLocalBanner } from './bannerView';
import { $, el } from './dom';
import { hideTooltip, renderHex } from './hexView';
import { post, recordError, request, savedViewState, settle } from './host';
import { fromBase64, PageCache } from './pageCache';
import { renderProblems } from './problemsView';
import { revealNodeAt, setSelection } from './selectionSync';
import { confirmEdits, rebuildTreeRows, S, scheduleRender, setAnalysis } from './state';
import { attachFields } from './tree';
import { inspectorEdit, pressKey, testHookAnswerers } from './testHooks';
import { applySideWidth, showReseal } from './toolbar';
import { renderTrace } from './traceView';
import { scrollTopForRow } from './virtualWindow';

type Handlers = { [T in HostMessage['type']]: (m: NoticeOf<HostMessage, T>) => void };

function showFileSize(): void {
  $('file-size').textContent = `${S.size.toLocaleString()} bytes`;
}

const handlers: Handlers = {
  init: (m) => {
    S.edits.clear();
    S.size = S.hostSize = m.size;
    S.version = m.version;
    S.cache = new PageCache(S.size, S.version);
    showFileSize();
    const st = { ...m.state, ...savedViewState };
    if (st.expanded) for (const id of st.expanded) S.expanded.add(id);
    if (st.insertMode) S.insertMode = true;
    showReseal(m.reseal);
    // This editor's own width first (webview state), else the last width dragged in any editor.
    const w = savedViewState.sideWidth ?? m.sideWidth;
    if (w) applySideWidth(w);
    if (st.selectedNode) S.selectedNode = st.selectedNode;
    S.sel = { anchor: Math.min(st.anchor ?? 0, S.size), focus: Math.min(st.focus ?? 0, S.size) };
    renderHex();
    if (st.scrollRow)
      el.hexScroll.scrollTop = scrollTopForRow(st.scrollRow, {
        viewportHeight: el.hexScroll.clientHeight,
        rowHeight: S.rowHeight,
        totalRows: rowCount(S.size),
      });
    if (st.pane === 'tree') el.treeScroll.focus();
    else el.hexPane.focus();
    scheduleRender();
  },
  changed: (m) => {
    hideTooltip(); // it describes bytes and an analysis that no longer hold
    // The host's bytes now hold this webview's edits up to the acknowledged one: they leave the
    // overlay in the same step as the new pages come in, so no frame shows an edit twice or not at all.
    if (m.ack?.client === S.editClient) confirmEdits(m.ack.seq);
    S.hostSize = m.size;
    S.version = m.version;
    S.cache.invalidateFrom(m.from, m.size, S.version, m.to);
    if (m.page) S.cache.put(m.page.offset, fromBase64(m.page.base64), m.version);
    S.size = S.edits.size(S.hostSize);
    showFileSize();
    // While typed edits are on their way the caret is already where the webview put it.
    if (m.select && S.edits.edits.length === 0) {
      const s = { anchor: m.select.start, focus: Math.max(m.select.start, m.select.end - 1) };
      if (s.focus !== S.sel.focus || s.anchor !== S.sel.anchor) setSelection(s, { syncTree: false });
    } else S.sel = { anchor: Math.min(S.sel.anchor, S.size), focus: Math.min(S.sel.focus, S.size) };
    scheduleRender();
  },
  analysis: (m) => {
    const t0 = performance.now();
    el.treeScroll.dataset.empty = m.error ? `Analysis failed: ${m.error}` : m.analyzing ? 'Analysing…' : 'No analysis.';
    $('analyzing').hidden = !m.analyzing;
    if (m.analysis || !m.analyzing) {
      hideTooltip();
      S.analysisVersion = m.version;
      S.fieldsPending.clear();
      S.fieldsReceived.clear();
      S.contentFixes = m.contentFixes ?? {};
      setAnalysis(m.analysis);
      renderProblems();
      renderTrace();
      if (m.analysis) S.stats.analysis = { handledMs: Math.round(performance.now() - t0), at: Date.now() };
      // A large analysis came as its summary: the whole tree is asked for once this one is shown.
      if (m.analysis?.partial) requestAnimationFrame(() => askForTree(m.version));
    }
    scheduleRender();
  },
  editAck: (m) => {
    if (m.ack.client !== S.editClient) return;
    if (m.refused === undefined) confirmEdits(m.ack.seq);
    else {
      // Rolled back: the bytes shown are the host's again, and the banner says why.
      const e = S.edits.refuse(m.ack.seq);
      if (S.typed?.seq === m.ack.seq) S.typed = undefined;
      showLocalBanner({
        id: 'edit-refused',
        kind: 'error',
        text: `The ${e?.kind ?? 'edit'} at 0x${(e?.offset ?? 0).toString(16).toUpperCase()} was refused: ${m.refused}`,
      });
    }
    S.size = S.edits.size(S.hostSize);
    S.sel = { anchor: Math.min(S.sel.anchor, S.size), focus: Math.min(S.sel.focus, S.size) };
    showFileSize();
    scheduleRender();
  },
  reseal: (m) => showReseal(m.on),
  banners: (m) => {
    S.banners = m.banners;
    renderBanners();
  },
  select: (m) => setSelection({ anchor: m.start, focus: Math.max(m.start, m.end - 1) }),
  fieldEditFailed: (m) => showLocalBanner({ id: 'field-edit', kind: 'error', text: m.message }),
  key: (m) => pressKey(m),
  inspectorEdit: (m) => inspectorEdit(m),
  request: (m) => answer(testHookAnswerers, m, post),
  reply: (m) => void settle(m),
};

/** The rest of a summarised analysis: the tree replaces the summary's (fields already received stay). */
function askForTree(version: number): void {
  if (version !== S.analysisVersion) return;
  request('tree', { version })
    .then((r) => {
      if (r.version !== S.analysisVersion || !r.table || !S.analysis) return;
      const t0 = performance.now();
      // The summary's outcome, problems and settings with the table's calls and trace.
      const { partial: _summarised, ...summary } = S.analysis as WireAnalysis & { partial?: unknown };
      setAnalysis({ ...summary, ...fromTreeTable(r.table) });
      for (const f of S.fieldsReceived.values()) attachFields(S.tree, f.index, f.headerFields, f.payloadFields);
      rebuildTreeRows();
      renderTrace();
      // A byte selected while only the summary was here had no node to select: select it now.
      if (!S.selectedNode && (S.sel.anchor > 0 || S.sel.focus > 0)) revealNodeAt(S.sel.focus);
      S.stats.tree = { handledMs: Math.round(performance.now() - t0), at: Date.now() };
      scheduleRender();
    })
    .catch(recordError);
}

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  try {
    const m = ev.data;
    (handlers[m.type] as (m: HostMessage) => void)(m);
  } catch (e) {
    recordError(e);
  }
});
