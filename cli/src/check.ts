// `vmbstate check`: decode and restore each file; compiler-style problems; exit 1 on errors.

import { formatStatus, type Analysis, type Problem, type SaveStepsRun } from '../../core/src';
import { analyzeInput } from './analyzeInput';
import type { CliOptions } from './args';
import { location, offsetNote } from './locate';
import { jsonText } from './print';
import { formOf, InputError } from './readInput';
import type { CliSchemas } from './schemas';
import { canStream, streamedCheck } from './streamDump';

export interface FileReport {
  file: string;
  form: 'binary' | 'text';
  outcome: string;
  problems: (Problem & { location: string })[];
  errors: number;
  warnings: number;
  /** Why the file could not be read (outcome "unreadable"). */
  error?: string;
  /** A save fixture's save side (docs/format.md §9.5), e.g. "3 save call(s), the last returns STATUS_SUCCESS (0x00000000)". */
  save?: string;
}

/** One line on the save calls of a fixture: how many, and what the last status-returning call returned. */
function saveSummary(s: SaveStepsRun): string {
  const last = [...s.trace].reverse().find((t) => t.status !== undefined);
  return `${s.trace.length} save call(s)${last ? `, the last SaveBegin/SaveContinue returns ${formatStatus(last.status!)}` : ''}`;
}

/** The report of a file that could not be read: one error, the reason as its `error`. */
export function unreadableReport(file: string, message: string): FileReport {
  return { file, form: formOf(file), outcome: 'unreadable', problems: [], errors: 1, warnings: 0, error: message };
}

export function checkFile(file: string, o: CliOptions): FileReport {
  // A binary stream is checked in one streaming pass, in memory bounded by its largest call (docs/format.md §8.3).
  if (canStream(file, o)) return streamedCheck(file, o);
  return analyzeFile(file, o, true).report;
}

/**
 * The report and the analysis behind it (the SARIF and JUnit reports read the trace too).
 * `mapOnlyIfNeeded`: see analyzeInput (only `check`'s own report may skip a text's source map).
 */
export function analyzeFile(
  file: string,
  o: CliOptions,
  mapOnlyIfNeeded = false,
): { report: FileReport; analysis: Analysis } {
  const a = analyzeInput(file, o, mapOnlyIfNeeded);
  const doc = a.doc;
  const problems = a.problems.map((p) => ({ ...p, location: location(file, doc, p) }));
  const report: FileReport = {
    file,
    form: doc.form,
    outcome: formatStatus(a.outcome.status),
    ...(a.save ? { save: saveSummary(a.save) } : {}),
    problems,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
  };
  return { report, analysis: a };
}

/** What `check` shows of a file's problems: errors and warnings, information with --verbose, at most --max-problems. */
export function shownProblems(r: FileReport, o: { verbose: boolean; maxProblems: number }): FileReport['problems'] {
  const shown = o.verbose ? r.problems : r.problems.filter((p) => p.severity !== 'info');
  return shown.slice(0, o.maxProblems);
}

/** Returns the exit status: 2 when a file could not be read (the others are still checked), else 1 when any error was found. */
export function runCheck(o: CliOptions, out: (s: string) => void, err: (s: string) => void): number {
  const reports: FileReport[] = [];
  let failed = false;
  let unreadable = false;
  // A .ksy that does not compile is an error on the .ksy (and a warning on each chunk it would decode).
  const schemaFailures = o.loadedSchemas?.failures ?? [];
  for (const f of schemaFailures) {
    failed = true;
    if (!o.json) out(`${f.file}: error: [SCHEMA-COMPILE] The schema ${f.message}`);
  }
  for (const file of o.files) {
    try {
      const r = checkFile(file, o);
      reports.push(r);
      if (r.errors) failed = true;
      if (!o.json) {
        const shown = o.verbose ? r.problems : r.problems.filter((p) => p.severity !== 'info');
        for (const p of shown.slice(0, o.maxProblems))
          out(`${p.location}: ${p.severity}: [${p.code}] ${p.message}${p.text ? '' : offsetNote(p)}`);
        if (shown.length > o.maxProblems)
          out(`${file}: note: ${shown.length - o.maxProblems} more problem(s) not shown (--max-problems)`);
        out(
          `${file}: ${r.errors} error(s), ${r.warnings} warning(s); restore ends with ${r.outcome}${r.save ? `; ${r.save}` : ''}`,
        );
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      unreadable = true;
      err(`vmbstate: ${e.message}`);
      reports.push(unreadableReport(file, e.message));
    }
  }
  if (o.json)
    out(
      jsonText(
        {
          files: reports.map((r) => ({ ...r, problems: r.problems.slice(0, o.maxProblems) })),
          ...(o.loadedSchemas
            ? {
                schemas: schemaReport(o.loadedSchemas),
              }
            : {}),
        },
        2,
      ),
    );
  return unreadable ? 2 : failed ? 1 : 0;
}

/** Every .ksy the run used, once: whether it compiled, and why not. */
function schemaReport(s: CliSchemas): { file: string; ok: boolean; error?: string }[] {
  const seen = new Map<string, { file: string; ok: boolean; error?: string }>();
  for (const { set } of s.perFile.values())
    for (const [file, r] of set.results) seen.set(file, { file, ok: r.ok, ...(r.ok ? {} : { error: r.message }) });
  return [...seen.values()];
}
