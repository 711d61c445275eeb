// `vmbstate coverage DIR…`: which diagnostic codes and statuses the `.vmbhex` fixtures under the
// given folders assert through `.expect` / `.expect-end` (docs/format.md §8.7); `--require` gates CI.

import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeDocument,
  diagnosticInfo,
  EXPRESSIBLE_CODES,
  isDiagnosticCode,
  isTextFileName,
  notExpressible,
  statusHex,
  statusName,
  type DiagnosticCode,
  type Expectation,
} from '../../core/src';
import { UsageError, type CliOptions } from './args';
import { jsonText } from './print';
import { InputError, readInput } from './readInput';

export interface CodeCoverage {
  code: DiagnosticCode;
  status: string | null;
  /** Fixtures asserting it, sorted; a file once however many of its lines do. */
  fixtures: string[];
  /** `.expect` and `.expect-end` lines naming it with diag=. */
  assertions: number;
}

export interface StatusCoverage {
  status: string;
  fixtures: string[];
  assertions: number;
}

/** The `.vmbhex` files among the arguments and under the folders (symbolic links to folders are not followed), sorted. */
export function fixtureFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  const walk = (p: string, top: boolean) => {
    let st;
    try {
      st = lstatSync(p);
    } catch (e) {
      throw new InputError(
        `${p}: cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`,
      );
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name), false);
    } else if ((top || st.isFile()) && isTextFileName(p)) found.add(p);
  };
  for (const p of paths) walk(p, true);
  return [...found].sort();
}

const statusWord = (s: number) => statusName(s) ?? statusHex(s);

/** What a set of fixtures asserts, code by code (every code a fixture can express, then any other asserted) and status by status. */
export function coverageOf(files: readonly string[]): {
  codes: CodeCoverage[];
  statuses: StatusCoverage[];
  expects: number;
} {
  const byCode = new Map<string, { files: Set<string>; n: number }>();
  const byStatus = new Map<string, { files: Set<string>; n: number }>();
  let expects = 0;
  const note = (m: Map<string, { files: Set<string>; n: number }>, key: string, file: string) => {
    const e = m.get(key) ?? { files: new Set<string>(), n: 0 };
    e.files.add(file);
    e.n++;
    m.set(key, e);
  };
  for (const file of files) {
    const doc = decodeDocument(file, readInput(file));
    const all: Expectation[] = doc.calls.flatMap((c) => (c.expect ? [c.expect] : []));
    if (doc.expectEnd) all.push(doc.expectEnd);
    // A save call's `.expect` (after `.save-begin` or `.save`) asserts like a restore call's.
    for (const s of doc.saveSteps ?? []) if (s.expect) all.push(s.expect);
    for (const e of all) {
      expects++;
      note(byStatus, statusWord(e.status), file);
      if (e.diag) note(byCode, e.diag, file);
    }
    // `.save-end unwritten=N` (N ≥ 1) asserts SAVE-INCOMPLETE, which has no status; unwritten=0 asserts neither.
    for (const s of doc.saveSteps ?? [])
      if (s.call === 'end' && s.unwritten !== undefined && s.unwritten > 0) {
        expects++;
        note(byCode, 'SAVE-INCOMPLETE', file);
      }
  }
  const listed = [
    ...EXPRESSIBLE_CODES,
    ...[...byCode.keys()].filter((c) => !EXPRESSIBLE_CODES.includes(c as DiagnosticCode)),
  ];
  const codes = listed.map((code) => {
    const e = byCode.get(code);
    return {
      code: code as DiagnosticCode,
      status: diagnosticInfo(code)?.status ?? null,
      fixtures: e ? [...e.files].sort() : [],
      assertions: e?.n ?? 0,
    };
  });
  const statuses = [...byStatus.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([status, e]) => ({ status, fixtures: [...e.files].sort(), assertions: e.n }));
  return { codes, statuses, expects };
}

/** The codes `--require` names: every expressible code for `all`, else the list, each checked. */
export function requiredCodes(word: string): DiagnosticCode[] {
  if (word === 'all') return [...EXPRESSIBLE_CODES];
  return word.split(',').map((c) => {
    const code = c.trim().toUpperCase();
    if (!isDiagnosticCode(code)) throw new UsageError(`--require: '${c}' is not a diagnostic code (docs/format.md §6)`);
    const why = notExpressible(code);
    if (why) throw new UsageError(`--require: no fixture can assert ${code}: ${why}`);
    return code;
  });
}

/** Exit 0, or 1 when a required code has no fixture. */
export function runCoverage(o: CliOptions, out: (s: string) => void, err: (s: string) => void): number {
  const required = o.require === undefined ? [] : requiredCodes(o.require);
  const files = fixtureFiles(o.files);
  const { codes, statuses, expects } = coverageOf(files);
  const missing = required.filter((c) => !codes.find((x) => x.code === c)?.fixtures.length);
  const covered = codes.filter((c) => EXPRESSIBLE_CODES.includes(c.code) && c.fixtures.length).length;
  const summary = `${covered}/${EXPRESSIBLE_CODES.length} codes a fixture can express are asserted by ${files.length} fixture(s) (${expects} .expect/.expect-end/.save-end unwritten= line(s))`;
  if (o.json) {
    out(
      jsonText(
        {
          fixtures: files.length,
          expects,
          covered,
          expressible: EXPRESSIBLE_CODES.length,
          codes,
          statuses,
          required,
          missing,
        },
        2,
      ),
    );
  } else {
    const w = Math.max(...codes.map((c) => c.code.length), 4);
    const sw = Math.max(...codes.map((c) => (c.status ?? '—').length), 6);
    out(`${'code'.padEnd(w)}  ${'status'.padEnd(sw)}  fixtures  first fixture`);
    for (const c of codes)
      out(
        `${c.code.padEnd(w)}  ${(c.status ?? '—').padEnd(sw)}  ${String(c.fixtures.length).padStart(8)}  ${c.fixtures[0] ?? '(none)'}`,
      );
    out('');
    const tw = Math.max(...statuses.map((s) => s.status.length), 6);
    out(`${'status'.padEnd(tw)}  .expect lines  fixtures`);
    for (const s of statuses)
      out(`${s.status.padEnd(tw)}  ${String(s.assertions).padStart(13)}  ${String(s.fixtures.length).padStart(8)}`);
    out('');
    out(`coverage: ${summary}`);
  }
  if (missing.length) {
    err(`vmbstate: coverage: no fixture asserts ${missing.join(', ')} (--require)`);
    return 1;
  }
  return 0;
}
