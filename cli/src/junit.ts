// `vmbstate check --format junit`: one <testsuite> per file, with one test case for the file as
// a whole and one per `.expect` / `.expect-end` line (docs/format.md §8.5), for CI test reports.

import { formatStatus, statusName, type Expectation } from '../../core/src';
import { shownProblems } from './check';
import type { CheckedFile } from './checkReport';

interface TestCase {
  name: string;
  /** Failure message and body; absent when the case passed. */
  failure?: { message: string; body: string };
  /** The file could not be read. */
  error?: string;
}

/** XML 1.0 text: markup characters as entities, characters XML cannot hold as `\uXXXX` text. */
export function xmlText(s: string): string {
  return s
    .replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`)
    .replace(
      // C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF.
      // eslint-disable-next-line no-control-regex -- matching the characters XML cannot hold is the point
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

const statusWord = (status: number) =>
  statusName(status) ?? `0x${(status >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

/** `.expect STATUS_X diag=CODE`, as the fixture asserts it. */
function expectWords(directive: string, e: Expectation): string {
  return `${directive} ${statusWord(e.status)}${e.diag ? ` diag=${e.diag}` : ''}`;
}

const lineOf = (e: Expectation) => (e.text ? `, line ${e.text.start.line + 1}` : '');

function casesOf(f: CheckedFile, o: { verbose: boolean; maxProblems: number }): TestCase[] {
  const r = f.report;
  if (r.error !== undefined) return [{ name: 'check', error: r.error }];
  const summary = `${r.errors} error(s), ${r.warnings} warning(s); restore ends with ${r.outcome}`;
  const lines = shownProblems(r, o).map((p) => `${p.location}: ${p.severity}: [${p.code}] ${p.message}`);
  const cases: TestCase[] = [
    { name: 'check', ...(r.errors ? { failure: { message: summary, body: lines.join('\n') } } : {}) },
  ];
  const a = f.analysis!;
  const mismatches = a.outcome.findings.filter((p) => p.code === 'EXPECT-MISMATCH');
  for (const t of a.trace) {
    if (t.kind !== 'call' || !t.expect) continue;
    const why = mismatches.find((p) => p.call === t.call);
    cases.push({
      name: `${expectWords('.expect', t.expect)} (call ${t.call + 1}${lineOf(t.expect)})`,
      ...(t.expect.ok
        ? {}
        : {
            failure: {
              message: why?.message ?? `Restore call ${t.call + 1} returned ${formatStatus(t.status)}.`,
              body: '',
            },
          }),
    });
  }
  const end = a.doc.expectEnd;
  if (end) {
    const why = mismatches.find((p) => p.call === undefined);
    cases.push({
      name: `${expectWords('.expect-end', end)} (run${lineOf(end)})`,
      ...(why ? { failure: { message: why.message, body: '' } } : {}),
    });
  }
  return cases;
}

function caseXml(file: string, c: TestCase): string {
  const head = `    <testcase classname="${xmlText(file)}" name="${xmlText(c.name)}"`;
  if (c.error !== undefined)
    return `${head}>\n      <error message="${xmlText(c.error)}" type="unreadable"/>\n    </testcase>`;
  if (!c.failure) return `${head}/>`;
  const body = c.failure.body ? xmlText(c.failure.body) : '';
  return `${head}>\n      <failure message="${xmlText(c.failure.message)}" type="vmbstate">${body}</failure>\n    </testcase>`;
}

/** The JUnit XML report of one check run. */
export function junitReport(files: readonly CheckedFile[], o: { verbose: boolean; maxProblems: number }): string {
  const suites = files.map((f) => ({ file: f.report.file, cases: casesOf(f, o) }));
  const count = (cs: TestCase[]) => ({
    tests: cs.length,
    failures: cs.filter((c) => c.failure).length,
    errors: cs.filter((c) => c.error !== undefined).length,
  });
  const attrs = (n: ReturnType<typeof count>) => `tests="${n.tests}" failures="${n.failures}" errors="${n.errors}"`;
  const all = count(suites.flatMap((s) => s.cases));
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="vmbstate check" ${attrs(all)}>`];
  for (const s of suites) {
    lines.push(`  <testsuite name="${xmlText(s.file)}" ${attrs(count(s.cases))}>`);
    for (const c of s.cases) lines.push(caseXml(s.file, c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n');
}
