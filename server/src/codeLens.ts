// CodeLens on each restore call of a `.vmbhex` document (docs/language-server.md, "Navigation"):
// what the emulated call returned (and whether its `.expect` holds), and "Step Restore from here",
// which starts Step Restore stopped before that call (the extension's vmbstate.stepRestoreFromHere).

import type { CodeLens } from 'vscode-languageserver';
import { formatStatus, statusName } from '../../core/src';
import type { DocContext } from './context';

/** Past this many calls, only the first ones get lenses (a lens row per call of a 100 000-call file helps no one). */
export const MAX_CALL_LENSES = 1000;
export const STEP_FROM_HERE = 'vmbstate.stepRestoreFromHere';

/** Arguments of vmbstate.stepRestoreFromHere: the document and the 1-based call to stop before. */
export interface StepFromHereArgs {
  uri: string;
  call: number;
}

export function codeLenses(ctx: DocContext): CodeLens[] {
  const out: CodeLens[] = [];
  const traces = new Map<number, (typeof ctx.analysis.trace)[number] & { kind: 'call' }>();
  for (const t of ctx.analysis.trace) if (t.kind === 'call') traces.set(t.call, t);
  for (const call of ctx.doc.calls.slice(0, MAX_CALL_LENSES)) {
    if (!call.text) continue;
    const line = call.text.start.line;
    const range = { start: { line, character: 0 }, end: { line, character: 0 } };
    const n = call.index + 1;
    const t = traces.get(call.index);
    let title: string;
    if (!t) title = `call ${n}: not run (the restore ended before it)`;
    else {
      const name = statusName(t.status) ?? formatStatus(t.status);
      title = `call ${n} → ${name}${t.failure ? ` (${t.failure.code})` : ''}`;
      if (t.expect)
        title += t.expect.ok
          ? ' · .expect holds'
          : ` · .expect ${statusName(t.expect.status) ?? formatStatus(t.expect.status)} fails`;
    }
    // A lens without a command id is shown as text: the status is information, not an action.
    out.push({ range, command: { title, command: '' } });
    const args: StepFromHereArgs = { uri: ctx.uri, call: n };
    out.push({ range, command: { title: 'Step Restore from here', command: STEP_FROM_HERE, arguments: [args] } });
  }
  return out;
}
