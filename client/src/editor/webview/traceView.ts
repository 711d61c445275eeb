// The restore trace under the problems (one row per restore call and chunk, with its status) and
// the outcome in the toolbar; clicking a row selects its bytes.

import { $, esc } from './dom';
import { revealOffset, setSelection } from './selectionSync';
import { S } from './state';
import { outcomeClass, traceRows } from './annotations';

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
  $('trace').innerHTML =
    traceRows(analysis)
      .map(
        (r) =>
          `<div class="trace-row o-${r.outcome}"${r.start !== undefined ? ` data-start="${r.start}" data-end="${r.end}"` : ''} title="${esc(r.detail)}"><span class="tl">${esc(r.label)}</span> <span class="st">${esc(r.status)}</span> <span class="dt">${esc(r.detail)}</span></div>`,
      )
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
