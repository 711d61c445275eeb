// One pass that every consumer shares: run the emulated restore over a decoded document and
// merge its findings with the decoder's into one problem list.

import { statusForCode } from './diagnostics';
import type { Problem, SavedStateDocument } from './model';
import { formatStatus } from './ntstatus';
import { RestoreSession, type RestoreOutcome, type TraceEntry } from './emulator/session';
import { textRangeForProblem } from './text/decodeText';
import { textRangeForBytes } from './text/sourceMap';

export interface Analysis {
  doc: SavedStateDocument;
  trace: readonly TraceEntry[];
  outcome: RestoreOutcome;
  /** Decoder problems, restore failures and harness findings, without duplicates, in stream order. */
  problems: Problem[];
}

const sameSpot = (a: Problem, b: Problem) => a.code === b.code && a.call === b.call && a.bytes !== undefined && b.bytes !== undefined && a.bytes.start === b.bytes.start && a.bytes.end === b.bytes.end;

export function analyze(doc: SavedStateDocument): Analysis {
  const session = new RestoreSession(doc);
  const outcome = session.runToEnd();
  const problems: Problem[] = doc.problems.map((p) => ({ ...p }));
  for (const t of session.trace) {
    if (t.kind !== 'call') continue;
    for (const w of t.warnings) if (!problems.some((p) => sameSpot(p, w))) problems.push(w);
    const f = t.failure;
    if (!f) continue;
    const where = `restore call ${t.call + 1} returns ${formatStatus(t.status)}`;
    const twin = problems.find((p) => sameSpot(p, f));
    if (twin) {
      twin.status = t.status;
      twin.call = t.call;
      twin.message += ` → ${where}.`;
    } else {
      problems.push({ ...f, message: `${f.message} → ${where}.` });
    }
  }
  problems.push(...outcome.findings);
  downgradeExpected(doc, session.trace, problems);
  if (doc.form === 'text') {
    for (const p of problems) locateInText(doc, p);
    for (const t of session.trace) if (t.kind === 'call') [t.failure, ...t.warnings].forEach((p) => p && locateInText(doc, p));
    problems.sort((a, b) => textOrder(a) - textOrder(b));
  } else {
    problems.sort((a, b) => (a.bytes?.start ?? Infinity) - (b.bytes?.start ?? Infinity));
  }
  return { doc, trace: session.trace, outcome, problems };
}

/**
 * A fixture that says `.expect STATUS_X` for a call asserts that failure: the problems in that
 * call's bytes that produce STATUS_X are then reported as info, not errors, so fixture suites pass.
 */
function downgradeExpected(doc: SavedStateDocument, trace: readonly TraceEntry[], problems: Problem[]): void {
  for (const t of trace) {
    if (t.kind !== 'call' || !t.expect?.ok || !t.failure) continue;
    const call = doc.calls[t.call];
    for (const p of problems) {
      if (p.severity !== 'error' || !p.bytes || p.code === 'EXPECT-MISMATCH') continue;
      const inside = p.bytes.start >= call.bytes.start && p.bytes.start < Math.max(call.bytes.end, call.bytes.start + 1);
      let status: number | undefined;
      try {
        status = statusForCode(p.code, doc.channel.profile);
      } catch {
        status = undefined;
      }
      if ((inside || p.call === t.call) && (p.status === t.status || status === t.status)) {
        p.severity = 'info';
        p.message += ' (expected by .expect)';
      }
    }
  }
  const end = doc.expectEnd;
  if (end) {
    for (const p of problems) {
      if (p.code === 'EOF-TRUNCATED' && end.status === p.status) {
        p.severity = 'info';
        p.message += ' (expected by .expect-end)';
      }
    }
  }
}

/** Give a restore finding about bytes the text range those bytes came from. */
function locateInText(doc: SavedStateDocument, p: Problem): void {
  // A refused call (argument or state check) concerns the call, not its bytes: show it on `.call`.
  if (!p.text && p.call !== undefined && /^(ARG|STATE)-/.test(p.code) && p.code !== 'STATE-NOCALLBACKS') {
    const t = doc.calls[p.call]?.text;
    if (t) p.text = { start: t.start, end: t.start.line === t.end.line ? t.end : { line: t.start.line, character: t.start.character + 5 } };
  }
  // The input ran out: show it on the last line of the last call (or at the end of the text).
  if (!p.text && p.code === 'EOF-TRUNCATED') {
    const last = doc.calls[doc.calls.length - 1]?.text;
    p.text = last ? { start: { line: last.end.line, character: 0 }, end: last.end } : endOfText(doc.text ?? '');
  }
  if (!p.text) {
    const t = textRangeForProblem(doc, p);
    if (t) p.text = t;
  }
  for (const r of p.related ?? []) {
    if (r.bytes && !r.text) {
      const t = textRangeForBytes(doc, r.bytes, true);
      if (t) r.text = t;
    }
  }
}

const textOrder = (p: Problem) => (p.text ? p.text.start.line * 1e6 + p.text.start.character : Infinity);

function endOfText(text: string): Problem['text'] {
  const line = text.split('\n').length - 1;
  const character = text.length - (text.lastIndexOf('\n') + 1);
  return { start: { line, character }, end: { line, character } };
}
