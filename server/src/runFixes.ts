// Quick fixes for how the text form runs restore: an `.expect` corrected to the status returned,
// a `.call` argument or `.truncate` that breaks the call, a `.channel` setting that makes restore refuse.

import type { Diagnostic, TextEdit } from 'vscode-languageserver';
import { formatStatus, statusHex, statusName, type DiagnosticCode, type Problem } from '../../core/src';
import type { DocContext } from './context';
import type { Draft } from './fixTargets';
import type { LineSyntax } from './syntax';
import { edit, findOption, removeOption, replaceOptionValue } from './textEdits';

export function expectFix(ctx: DocContext, p: Problem, range: Diagnostic['range']): Draft[] {
  const line = (p.text ?? range).start.line;
  const s = ctx.syntax.line(line);
  const name = s.directive?.text.toLowerCase();
  if (s.kind !== 'directive' || (name !== '.expect' && name !== '.expect-end')) return [];
  let status: number;
  let code: DiagnosticCode | undefined;
  if (name === '.expect') {
    const call = ctx.doc.calls.find((c) => c.expect?.text?.start.line === line);
    const t = call && ctx.callTrace(call.index);
    if (!t) return [];
    status = t.status;
    code = t.failure?.code;
  } else {
    // The outcome's own code (docs/format.md §4): a refused call with the same status is not it.
    status = ctx.analysis.outcome.status;
    code = ctx.analysis.outcome.code;
  }
  const statusArg = s.args.find((a) => !a.key);
  const edits: TextEdit[] = [];
  const text = statusName(status) ?? statusHex(status);
  if (statusArg) edits.push(edit(ctx, statusArg.start, statusArg.end, text));
  else edits.push(edit(ctx, s.directive!.end, s.directive!.end, ' ' + text));
  const diag = findOption(s, 'diag');
  if (diag) edits.push(code ? replaceOptionValue(ctx, diag, code) : removeOption(ctx, s, diag));
  return [
    {
      title: `Expect ${formatStatus(status)}${diag && code ? ` with ${code}` : ''} (what the call returned)`,
      edits,
      preferred: true,
    },
  ];
}

/** The `.call` line of the call a problem belongs to. */
function callLineOf(ctx: DocContext, p: Problem): LineSyntax | undefined {
  const call = p.call !== undefined ? ctx.doc.calls[p.call] : p.bytes ? ctx.callAtByte(p.bytes.start) : undefined;
  const line = call?.text?.start.line;
  return line !== undefined && ctx.syntax.directiveOf(line) === '.call' ? ctx.syntax.line(line) : undefined;
}

/** `.call size=` / `buffer=null` that make the arguments invalid, or a `.truncate` that cuts a chunk. */
export function callFix(ctx: DocContext, p: Problem, kind: 'callArgument' | 'untruncate'): Draft[] {
  const s = callLineOf(ctx, p);
  const fixes: Draft[] = [];
  const key =
    p.code === 'ARG-BUFFER' ? 'buffer' : p.code === 'ARG-SIZE0' || p.code === 'SIZE-OVERRUN' ? 'size' : undefined;
  const arg = s && key && kind === 'callArgument' ? findOption(s, key) : undefined;
  if (s && arg)
    fixes.push({
      title: `Remove ${arg.text}: pass the buffer as written`,
      edits: [removeOption(ctx, s, arg)],
      preferred: true,
    });
  if (kind === 'untruncate' && (p.code === 'SIZE-PARTIAL' || p.code === 'SIZE-HEADER')) {
    const call = p.call !== undefined ? ctx.doc.calls[p.call] : undefined;
    const t = call?.text;
    for (let l = t ? t.start.line : -1; t && l <= t.end.line; l++) {
      if (ctx.syntax.directiveOf(l) !== '.truncate') continue;
      const from = ctx.lines.starts[l];
      const to = l + 1 < ctx.lines.lineCount ? ctx.lines.starts[l + 1] : ctx.lines.lineEnd(l);
      fixes.push({
        title: `Remove ${ctx.text.slice(from, ctx.lines.lineEnd(l)).trim()}: keep the chunk whole`,
        edits: [edit(ctx, from, to, '')],
        preferred: true,
      });
    }
  }
  return fixes;
}

/** `.channel` options that make restore refuse: a NULL handle, no packet callbacks, an enabled channel. */
export function channelFix(ctx: DocContext, p: Problem): Draft[] {
  const fixes: Draft[] = [];
  for (let l = 0; l < ctx.lines.lineCount && l < 10_000; l++) {
    const d = ctx.syntax.directiveOf(l);
    if (d === '.call' || d === '.chunk' || d === '.raw' || d === '.op') break;
    if (d !== '.channel') continue;
    const s = ctx.syntax.line(l);
    if (p.code === 'ARG-CHANNEL') {
      const a = findOption(s, 'handle');
      if (a)
        fixes.push({
          title: `Remove ${a.text}: pass a valid channel`,
          edits: [removeOption(ctx, s, a)],
          preferred: true,
        });
    } else if (p.code === 'STATE-NOCALLBACKS') {
      const a = findOption(s, 'packetCallbacks');
      if (a)
        fixes.push({
          title: `Remove ${a.text}: register packet callbacks`,
          edits: [removeOption(ctx, s, a)],
          preferred: true,
        });
    } else if (p.code === 'STATE-ENABLED') {
      const a = findOption(s, 'state');
      if (a)
        fixes.push({
          title: 'Restore into a disabled channel: state=Disabled',
          edits: [replaceOptionValue(ctx, a, 'Disabled')],
          preferred: true,
        });
    }
  }
  if (p.code === 'STATE-ENABLED' && !fixes.length) {
    // The state comes from the settings: disable the channel before the first step.
    const first = ctx.doc.steps[0];
    const line = first?.kind === 'call' ? ctx.doc.calls[first.call]?.text?.start.line : first?.text?.start.line;
    if (line !== undefined) {
      const at = ctx.lines.starts[line];
      fixes.push({
        title: 'Insert .op Disable before the first restore call',
        edits: [edit(ctx, at, at, '.op Disable\n')],
        preferred: true,
      });
    }
  }
  return fixes;
}
