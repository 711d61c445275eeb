// The problem list under the tree: each problem with its quick-fix buttons (the content fixes the
// host worked out, then the CRC / length / flag fixes); clicking one selects its bytes.

import type { Problem } from '../../../../core/src';
import { fixesFor } from '../model/quickFixes';
import { $, esc } from './dom';
import { post } from './host';
import { revealOffset, setSelection } from './selectionSync';
import { S } from './state';
import { nodePathAt } from './tree';

export function renderProblems(): void {
  const list = S.analysis?.problems ?? [];
  $('problem-count').textContent = list.length ? `(${list.length})` : '';
  const chunkFor = (p: Problem) =>
    p.bytes ? nodePathAt(S.tree, p.bytes.start).find((n) => n.kind === 'chunk') : undefined;
  $('problems').innerHTML =
    list
      .map((p, i) => {
        const c = chunkFor(p);
        const fixes = [...(S.contentFixes[i] ?? []), ...fixesFor(p, c?.start, c?.chunkType)];
        const where = p.bytes ? `0x${p.bytes.start.toString(16).toUpperCase()}` : '';
        return `<div class="prob sev-${p.severity}" data-i="${i}"><span class="code">${esc(p.code)}</span> <span class="where">${where}</span> <span class="msg">${esc(p.message)}</span>${fixes
          .map(
            (f) =>
              `<button class="fix" data-fix="${f.id}"${f.chunk !== undefined ? ` data-chunk="${f.chunk}"` : ''}${f.at !== undefined ? ` data-at="${f.at}"` : ''}${f.value !== undefined ? ` data-value="${f.value}"` : ''}>${esc(f.title)}</button>`,
          )
          .join('')}</div>`;
      })
      .join('') || '<div class="none">No problems.</div>';
}

$('problems').addEventListener('click', (e) => {
  const t = e.target as HTMLElement;
  if (t.classList.contains('fix')) {
    const d = t.dataset;
    post({
      type: 'quickFix',
      fix: d.fix as never,
      ...(d.chunk ? { chunk: Number(d.chunk) } : {}),
      ...(d.at ? { at: Number(d.at) } : {}),
      ...(d.value ? { value: Number(d.value) } : {}),
    });
    return;
  }
  const row = t.closest('.prob') as HTMLElement | null;
  const p = row && S.analysis?.problems[Number(row.dataset.i)];
  if (p?.bytes) {
    const end = Math.max(p.bytes.end, p.bytes.start + 1);
    setSelection({ anchor: p.bytes.start, focus: Math.min(S.size, end - 1) }, { reveal: false });
    revealOffset(p.bytes.start, end);
  }
});
