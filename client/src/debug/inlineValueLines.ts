// What Step Restore shows inline in a .vmbhex editor while stopped (inlineValues.ts registers the
// provider): after each `.call` line the status its call returned, after each `.chunk` line what
// the restore did with the chunk. Pure: no vscode import, unit-tested with a driven model.

import { formatStatus, type CallTrace } from '../../../core/src';
import type { TraceModel } from './traceModel';

export interface InlineLine {
  /** 0-based line of the `.call` or `.chunk` directive. */
  line: number;
  text: string;
}

/** What each executed call and its chunks show inline (pure: unit-tested with a driven model). */
export function inlineLines(model: TraceModel): InlineLine[] {
  const p = model.plan;
  if (!p || p.form !== 'text') return [];
  const traces = new Map<number, CallTrace>();
  for (const e of model.entries) if (e.kind === 'call') traces.set(e.call, e);
  const out: InlineLine[] = [];
  for (const c of p.calls) {
    const t = traces.get(c.call);
    if (!t) continue;
    // A call without a `.call` line has its first chunk's line as its text: the chunk's value goes there.
    const callLine = c.text?.start.line;
    const firstItemLine = c.items[0]?.text?.start.line;
    if (callLine !== undefined && callLine !== firstItemLine)
      out.push({
        line: callLine,
        text: `call ${c.call + 1} → ${formatStatus(t.status)}${t.failure ? ` (${t.failure.code})` : ''}`,
      });
    c.items.forEach((it, i) => {
      const line = it.text?.start.line;
      if (line === undefined) return;
      const fb = t.failure?.bytes;
      const failing = !!fb && fb.start >= it.bytes.start && fb.start < Math.max(it.bytes.end, it.bytes.start + 1);
      const examined = it.kind === 'chunk' && it.index !== undefined && t.chunks.includes(it.index);
      const effect = failing
        ? `✗ ${t.failure!.code}`
        : examined
          ? t.failure
            ? 'rolled back'
            : 'applied'
          : t.refused
            ? `refused (${t.failure?.code ?? formatStatus(t.status)})`
            : 'not reached';
      const prefix = i === 0 && callLine === line ? `call ${c.call + 1} → ${formatStatus(t.status)} · ` : '';
      out.push({ line, text: `${prefix}${it.kind === 'chunk' ? `chunk ${(it.index ?? 0) + 1}` : 'raw'}: ${effect}` });
    });
  }
  return out;
}
