// Failure fixtures from a clean stream (`vmbstate mutate`, "Generate Failure Fixtures…"): one
// `.vmbhex` per diagnostic code a single edit can produce, its `.expect` lines filled in from the
// emulated restore and verified to check clean (docs/format.md §8.6).

import { analyze, type Analysis } from '../analyze';
import { DIAGNOSTICS, diagnosticInfo, type DiagnosticCode } from '../diagnostics';
import { decodeTextDocument } from '../document';
import type { SavedStateDocument } from '../model';
import { formatStatus, statusHex, statusName } from '../ntstatus';
import { cloneBase, fixtureBase, render, type FixtureBase } from './base';
import { MUTATIONS, type MutationContext } from './mutations';

export interface FailureFixture {
  code: DiagnosticCode;
  /** `code.vmbhex`, lower case. */
  fileName: string;
  text: string;
  /** What was changed from the clean stream. */
  changed: string;
  /** Which call fails, and its status. */
  fails: string;
}

export interface SkippedCode {
  code: DiagnosticCode;
  reason: string;
}

export interface FailureFixtures {
  fixtures: FailureFixture[];
  skipped: SkippedCode[];
}

/** Why a code has no fixture of its own, for the codes no `.expect … diag=` can assert (docs/format.md §8.6). */
export const NOT_EXPRESSIBLE: Readonly<Partial<Record<DiagnosticCode, string>>> = {
  'EXPECT-MISMATCH': "the fixture's own assertion failing: a fixture with it does not check clean",
  'MORE-PROBLEMS': 'not a status: it counts problems beyond 10,000, which are errors a clean fixture cannot have',
  'LIMIT-CHUNKS': 'an error of the analysis (more than 262,144 chunks), so the fixture would not check clean',
  'TEXT-ENCODING': 'an error in the text itself: such a fixture does not check clean',
  'ANALYSIS-FAILED': "the editor's language server only: its analysis did not finish",
};

/**
 * The codes without a status that a fixture still asserts, and the line that does (docs/format.md
 * §8.7): SAVE-INCOMPLETE is a harness finding on SaveEnd (VOID), asserted by its chunk count.
 */
export const ASSERTED_WITHOUT_STATUS: Readonly<Partial<Record<DiagnosticCode, string>>> = {
  'SAVE-INCOMPLETE': '.save-end unwritten=N (N at least 1)',
};

/** Why no fixture can assert this code, or undefined when one can. */
export function notExpressible(code: DiagnosticCode): string | undefined {
  if (code.startsWith('TEXT-') && code !== 'TEXT-ENCODING')
    return 'an error in the text itself: such a fixture does not check clean';
  const listed = NOT_EXPRESSIBLE[code];
  if (listed) return listed;
  const d = diagnosticInfo(code);
  // Every warning (the WARN-* codes): `diag=` names a failure code, and a warning fails nothing.
  if (d?.severity === 'warning') return 'a warning: the call does not fail, so no .expect diag= can name it';
  // `.expect … diag=` pairs a code with the status the call returned: a code without one needs a line of its own.
  if (d?.status === null && !ASSERTED_WITHOUT_STATUS[code])
    return 'not a status: no call returns it, so no .expect diag= can name it';
  return undefined;
}

/**
 * Why one edit of a restore stream cannot make this code, for codes a fixture can assert
 * otherwise (docs/format.md §8.6): the save calls are the driver's, not the stream's, and a
 * mandatory user schema is the user's.
 */
export function notFromRestoreStream(code: DiagnosticCode): string | undefined {
  if (code.startsWith('SAVE-'))
    return "a refusal or finding of the driver's save calls (.save-begin, .save, .save-end), not of the restore stream: samples/save asserts it";
  if (code === 'SCHEMA-MANDATORY')
    return 'needs a user schema marked mandatory (.schema … mandatory=yes), not an edit of the stream: samples/schemas/mandatory-bad-packet.vmbhex asserts it';
  return undefined;
}

/**
 * The codes a fixture can assert: with `.expect … diag=` or `.expect-end … diag=` every code with a
 * status, and the codes of ASSERTED_WITHOUT_STATUS; in §6 order.
 */
export const EXPRESSIBLE_CODES: readonly DiagnosticCode[] = DIAGNOSTICS.filter((d) => !notExpressible(d.code)).map(
  (d) => d.code,
);

const statusWord = (s: number) => statusName(s) ?? statusHex(s);

/** The `.expect` of every call and the `.expect-end` of the run, as the analysis found them. */
function expectations(a: Analysis): { calls: string[]; end: string } {
  const calls: string[] = [];
  for (const t of a.trace)
    if (t.kind === 'call') calls.push(`.expect ${statusWord(t.status)}${t.failure ? ` diag=${t.failure.code}` : ''}`);
  const o = a.outcome;
  return { calls, end: `.expect-end ${statusWord(o.status)}${o.code ? ` diag=${o.code}` : ''}` };
}

const oneLine = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ');

/** Whether a document restores cleanly: the run succeeds and nothing is an error or a warning. */
export function cleanRestore(a: Analysis): string | undefined {
  const bad = a.problems.filter((p) => p.severity === 'error' || p.severity === 'warning');
  if (a.outcome.status !== 0 || bad.length)
    return `restore ends with ${formatStatus(a.outcome.status)}${bad.length ? `, ${bad.length} error(s) or warning(s), the first [${bad[0].code}] ${oneLine(bad[0].message)}` : ''}`;
  return undefined;
}

/**
 * The failure fixtures of a clean document. `sourceName` (a file name, not a path) goes into each
 * fixture's comment. Throws when the document does not restore cleanly (cleanRestore says why).
 */
export function generateFailureFixtures(doc: SavedStateDocument, sourceName: string): FailureFixtures {
  const why = cleanRestore(analyze(doc));
  if (why) throw new Error(`${sourceName} does not restore cleanly: ${why}`);
  const base = fixtureBase(doc);
  const ctx: MutationContext = {
    doc,
    chunks: doc.chunks,
    version: { major: doc.chunks[0]?.header?.versionMajor ?? 1, minor: doc.chunks[0]?.header?.versionMinor ?? 0 },
  };
  const byCode = new Map(MUTATIONS.map((m) => [m.code as string, m]));
  const fixtures: FailureFixture[] = [];
  const skipped: SkippedCode[] = [];
  for (const d of DIAGNOSTICS) {
    const reason = notExpressible(d.code);
    if (reason) {
      skipped.push({ code: d.code, reason });
      continue;
    }
    const notFromStream = notFromRestoreStream(d.code);
    if (notFromStream) {
      skipped.push({ code: d.code, reason: notFromStream });
      continue;
    }
    const m = byCode.get(d.code);
    if (!m) {
      skipped.push({ code: d.code, reason: 'no single edit of a stream produces it' });
      continue;
    }
    const b = cloneBase(base);
    const r = m.apply(b, ctx);
    if ('skip' in r) {
      skipped.push({ code: d.code, reason: r.skip });
      continue;
    }
    const made = finish(b, d.code, r.changed, sourceName);
    if ('reason' in made) skipped.push({ code: d.code, reason: made.reason });
    else fixtures.push(made);
  }
  return { fixtures, skipped };
}

/** Fills in the expectations, writes the comment, and checks the fixture asserts `code` and checks clean. */
function finish(
  b: FixtureBase,
  code: DiagnosticCode,
  changed: string,
  sourceName: string,
): FailureFixture | SkippedCode {
  const first = analyze(decodeTextDocument(render(b, [])));
  const e = expectations(first);
  const failing = first.trace.find((t) => t.kind === 'call' && t.failure?.code === code);
  const asserted = failing ?? (first.outcome.code === code ? first.trace[first.trace.length - 1] : undefined);
  if (!asserted || asserted.kind !== 'call') {
    const got = first.trace.flatMap((t) => (t.kind === 'call' && t.failure ? [t.failure.code] : []));
    return {
      code,
      reason: `the edit (${changed}) gives ${[...new Set(got)].join(', ') || formatStatus(first.outcome.status)} instead`,
    };
  }
  const failure = asserted.failure ?? first.outcome.findings.find((p) => p.code === code);
  const fails = failing
    ? `restore call ${asserted.call + 1} returns ${formatStatus(asserted.status)}`
    : `the run ends with ${formatStatus(first.outcome.status)}`;
  const header = [
    `${code}: ${diagnosticInfo(code)!.title}.`,
    `Generated by \`vmbstate mutate\` from ${oneLine(sourceName)}, which restores cleanly, with one change:`,
    `  ${oneLine(changed)}.`,
    `Why it fails: ${fails} (${code}): ${oneLine(failure?.message ?? '')}`,
    'The .expect lines (every call) and .expect-end were filled in from the emulated restore: `vmbstate check` passes.',
  ];
  const text = render(b, header, e.calls, e.end);
  const check = analyze(decodeTextDocument(text)).problems.filter((p) => p.severity !== 'info');
  if (check.length)
    return { code, reason: `the edit (${changed}) leaves [${check[0].code}] ${oneLine(check[0].message)}` };
  return { code, fileName: `${code.toLowerCase()}.vmbhex`, text, changed, fails };
}
