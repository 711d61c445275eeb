// `vmbstate check --format sarif|junit`: the same checks as `check`, written as one CI report
// (SARIF 2.1.0 or JUnit XML) on standard output; the exit status is check's (docs/format.md §8.5).

import type { Analysis } from '../../core/src';
import type { CliOptions } from './args';
import { analyzeFile, unreadableReport, type FileReport } from './check';
import { junitReport } from './junit';
import { jsonText } from './print';
import { InputError } from './readInput';
import { sarifLog } from './sarif';

/** One checked file: its report, and the analysis unless it could not be read. */
export interface CheckedFile {
  report: FileReport;
  analysis?: Analysis;
}

export function runCheckReport(o: CliOptions, out: (s: string) => void, err: (s: string) => void): number {
  const files: CheckedFile[] = [];
  for (const file of o.files) {
    try {
      files.push(analyzeFile(file, o));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      err(`vmbstate: ${e.message}`);
      files.push({ report: unreadableReport(file, e.message) });
    }
  }
  const exitCode = files.some((f) => f.report.error !== undefined) ? 2 : files.some((f) => f.report.errors) ? 1 : 0;
  if (o.format === 'sarif')
    out(jsonText(sarifLog(files, { verbose: o.verbose, maxProblems: o.maxProblems, exitCode, cwd: process.cwd() }), 2));
  else out(junitReport(files, { verbose: o.verbose, maxProblems: o.maxProblems }));
  return exitCode;
}
