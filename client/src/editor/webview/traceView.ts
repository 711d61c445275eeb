// The restore trace under the problems (one row per restore call and chunk, with its status) and
// the outcome in the toolbar; clicking a row selects its bytes. A long trace renders its first and
// last rows and a "show more" button between (annotations.ts traceWindow).

import { $, esc } from './dom';
import { revealOffset, setSelection } from './selectionSync';
import { S } from './state';
import type { WireAnalysis } from '../../../../core/src';
import { SUMMARY_TRACE_HEAD } from '../model/liteAnalysis';
import { outcomeClass, traceRows, traceWindow, TRACE_HEAD, TRACE_MORE, type TraceRow } from './annotations';

export function renderTrace(): void {
  const analysis = S.analysis;
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
  if (analysis !== shownFor) {
    shownFor = analysis;
    traceHead = TRACE_HEAD;
  }
  const rows = traceRows(analysis);
  const partial = (analysis as { partial?: { trace: number } }).partial;
  // A summary carries the first and last rows of a long trace: the rest is on its way (the tree request).
  const w =
    partial && partial.trace > rows.length
      ? { head: SUMMARY_TRACE_HEAD, tailStart: SUMMARY_TRACE_HEAD, hidden: 0, loading: partial.trace - rows.length }
      : { ...traceWindow(rows.length, traceHead), loading: 0 };
  const html = (r: TraceRow) =>
    `<div class="trace-row o-${r.outcome}"${r.start !== undefined ? ` data-start="${r.start}" data-end="${r.end}"` : ''} title="${esc(r.detail)}"><span class="tl">${esc(r.label)}</span> <span class="st">${esc(r.status)}</span> <span class="dt">${esc(r.detail)}</span></div>`;
  $('trace').innerHTML =
    rows.slice(0, w.head).map(html).join('') +
      (w.hidden
        ? `<button class="trace-more" id="trace-more" title="The rows between are left out of the view until asked for (Export trace writes them all)">Show ${Math.min(w.hidden, TRACE_MORE).toLocaleString()} more of ${w.hidden.toLocaleString()} rows</button>`
        : '') +
      (w.loading ? `<div class="none">${w.loading.toLocaleString()} more rows loading…</div>` : '') +
      rows.slice(w.tailStart).map(html).join('') || '<div class="none">No restore call.</div>';
}

/** The analysis the trace shows, and how many of its first rows are rendered (grows with "show more"). */
let shownFor: WireAnalysis | undefined;
let traceHead = TRACE_HEAD;

$('trace').addEventListener('click', (e) => {
  if ((e.target as HTMLElement).closest('#trace-more')) {
    traceHead += TRACE_MORE;
    renderTrace();
    return;
  }
  const row = (e.target as HTMLElement).closest('.trace-row') as HTMLElement | null;
  if (!row || row.dataset.start === undefined) return;
  const s = Number(row.dataset.start);
  const en = Number(row.dataset.end);
  if (en > s) {
    setSelection({ anchor: s, focus: en - 1 }, { reveal: false });
    revealOffset(s);
  }
});
