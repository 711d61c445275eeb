// One pass that every consumer shares: run the emulated restore over a decoded document and
// merge its findings with the decoder's into one problem list (docs/format.md §4, "Reporting").

import { statusForCode } from './diagnostics';
import { foldConsequences } from './consequences';
import type { Problem, SavedStateDocument } from './model';
import { capProblems, MORE_PROBLEMS } from './problemCap';
import { RestoreSession, type CallTrace, type RestoreOutcome, type TraceEntry } from './emulator/session';
import { callKeyword, TraceMerger } from './traceMerge';
import { runSaveSteps, type SaveStepsRun } from './save/saveSteps';
import { textRangeForProblem } from './text/decodeText';
import { textRangeForBytes } from './text/sourceMap';

export interface Analysis {
  doc: SavedStateDocument;
  trace: readonly TraceEntry[];
  outcome: RestoreOutcome;
  /**
   * Decoder problems, restore failures and harness findings, without duplicates, in stream (or
   * text) order; at most `maxProblems`, then one MORE-PROBLEMS finding counting the rest.
   */
  problems: Problem[];
  /** The restore session, when asked for with `keepSession`. */
  session?: RestoreSession;
  /** The fixture's save-side calls (`.save-begin`, `.save`, `.save-end`), run after the restore (docs/format.md §9.5). */
  save?: SaveStepsRun;
}

export interface AnalyzeOptions {
  /** Most problems kept (MAX_COLLECTED_PROBLEMS by default). */
  maxProblems?: number;
  /** Run the restore in a rewindable session and give it back as `session` (for `resume`). */
  keepSession?: boolean;
  /**
   * The kept session of the analysis of an earlier version of `doc` whose bytes before
   * `changedFrom` are the same and whose steps are the same text (an edit inside one chunk
   * block): the restore resumes before the first call holding a changed byte instead of starting over.
   */
  resume?: { session: RestoreSession; changedFrom: number };
}

export function analyze(doc: SavedStateDocument, opts: AnalyzeOptions = {}): Analysis {
  const session = resumedSession(doc, opts) ?? new RestoreSession(doc, { rewindable: !!opts.keepSession });
  const outcome = session.runToEnd();
  const decoderProblems = doc.problems.map((p) => ({ ...p }));
  const decoderCapped = decoderProblems.some((p) => p.code === MORE_PROBLEMS);
  const merger = new TraceMerger(
    () => decoderCapped,
    (call) => doc.calls[call]?.text,
  );
  decoderProblems.forEach((p) => merger.index(p));
  for (const t of session.trace) merger.add(t);
  merger.end();
  let problems: Problem[] = [...decoderProblems, ...merger.added];
  problems.push(...outcome.findings);
  const save = runSaveSteps(doc, session.channel);
  if (save) problems.push(...save.problems);
  problems = foldConsequences(problems, doc);
  downgradeExpected(doc, session.trace, problems);
  if (doc.form === 'text') {
    for (const p of problems) locateInText(doc, p);
    for (const t of session.trace)
      if (t.kind === 'call') [t.failure, ...t.warnings].forEach((p) => p && locateInText(doc, p));
    problems.sort((a, b) => textOrder(a) - textOrder(b));
  } else {
    problems.sort((a, b) => (a.bytes?.start ?? Infinity) - (b.bytes?.start ?? Infinity));
  }
  return {
    doc,
    trace: session.trace,
    outcome,
    problems: capProblems(problems, opts.maxProblems),
    ...(save ? { save } : {}),
    ...(opts.keepSession ? { session } : {}),
  };
}

/**
 * The earlier version's session put back before the first step that a changed byte can reach:
 * the first restore call whose bytes end past `changedFrom` (operations and calls before it saw
 * only unchanged bytes); undefined when it cannot be reused (the caller starts a fresh session).
 */
function resumedSession(doc: SavedStateDocument, opts: AnalyzeOptions): RestoreSession | undefined {
  const r = opts.resume;
  if (!r || !opts.keepSession || r.session.doc.steps.length !== doc.steps.length) return undefined;
  // Save steps run on the channel the restore left: not rewound by the session's marks.
  if (doc.saveSteps?.length || r.session.doc.saveSteps?.length) return undefined;
  let step = doc.steps.length;
  for (let i = 0; i < doc.steps.length; i++) {
    const s = doc.steps[i];
    if (s.kind === 'call' && doc.calls[s.call].bytes.end > r.changedFrom) {
      step = i;
      break;
    }
  }
  try {
    r.session.resumeOn(doc, step);
    return r.session;
  } catch {
    return undefined;
  }
}

/**
 * A fixture that says `.expect STATUS_X` for a call asserts that failure: the problems of that
 * call (its bytes) that produce STATUS_X are then reported as info, not errors, so fixture suites pass.
 */
function downgradeExpected(doc: SavedStateDocument, trace: readonly TraceEntry[], problems: Problem[]): void {
  const expected = new Map<number, CallTrace>();
  for (const t of trace) if (t.kind === 'call' && t.expect?.ok && t.failure) expected.set(t.call, t);
  if (expected.size) {
    for (const p of problems) {
      if (p.severity !== 'error' || !p.bytes || p.code === 'EXPECT-MISMATCH' || p.call === undefined) continue;
      const t = expected.get(p.call);
      if (!t) continue;
      let status: number | undefined;
      try {
        status = statusForCode(p.code, doc.channel.profile);
      } catch {
        status = undefined;
      }
      if (p.status === t.status || status === t.status) {
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
  if (
    !p.text &&
    p.call !== undefined &&
    /^(ARG|STATE)-/.test(p.code) &&
    p.code !== 'STATE-NOCALLBACKS' &&
    p.code !== 'STATE-OPEN-MISMATCH'
  ) {
    const t = doc.calls[p.call]?.text;
    if (t) p.text = callKeyword(t);
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
