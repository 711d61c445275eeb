// The restore trace as a file: JSON (the wire analysis' trace, outcome and problems) or a text
// report a person reads. Pure; unit-tested.

import {
  formatStatus,
  isMoreProcessing,
  ntSuccessTrap,
  STATUS,
  statusMeaning,
  type WireAnalysis,
} from '../../core/src';

export function traceJson(a: WireAnalysis, file: string): string {
  return (
    JSON.stringify(
      { file, form: a.form, size: a.size, outcome: a.outcome, trace: a.trace, problems: a.problems },
      null,
      2,
    ) + '\n'
  );
}

const hex = (n: number) => '0x' + n.toString(16).toUpperCase().padStart(8, '0');

export function traceText(a: WireAnalysis, file: string): string {
  const out: string[] = [];
  out.push(`Emulated VmbChannelRestoreFromBuffer trace of ${file} (${a.form}, ${a.size} bytes)`);
  out.push(`Outcome: ${formatStatus(a.outcome.status)} — ${statusMeaning(a.outcome.status)}`);
  out.push('');
  let sawMore = false;
  for (const t of a.trace) {
    if (t.kind === 'op') {
      out.push(
        `step ${t.step + 1}  .op ${t.op}: ${t.ok ? 'ok' : 'refused'} — ${t.message} (channel ${t.lifecycle}, restore ${t.phase})`,
      );
      continue;
    }
    const verdict =
      t.status === 0 ? 'SUCCESS' : isMoreProcessing(t.status) ? 'PROGRESS' : t.ntSuccess ? 'OK' : 'FAILED';
    if (isMoreProcessing(t.status)) sawMore = true;
    out.push(
      `step ${t.step + 1}  call ${t.call + 1}  bytes ${hex(t.bytes.start)}–${hex(t.bytes.end)}  ${formatStatus(t.status)}  [${verdict}]  NT_SUCCESS=${t.ntSuccess ? 'TRUE' : 'FALSE'}`,
    );
    if (t.chunks.length) out.push(`    chunks examined: ${t.chunks.map((c) => `chunk ${c + 1}`).join(', ')}`);
    if (t.failure) out.push(`    ${t.failure.code}: ${t.failure.message}`);
    for (const w of t.warnings) out.push(`    warning ${w.code}: ${w.message}`);
    if (t.expect)
      out.push(
        `    .expect ${formatStatus(t.expect.status)}${t.expect.diag ? ` diag=${t.expect.diag}` : ''}: ${t.expect.ok ? 'met' : 'NOT met'}`,
      );
  }
  if (a.trace.length === 0) out.push('(no restore call)');
  if (a.outcome.findings.length) {
    out.push('');
    for (const f of a.outcome.findings) out.push(`${f.code}: ${f.message}`);
  }
  if (sawMore) {
    out.push('');
    out.push(`Note: ${ntSuccessTrap(STATUS.STATUS_MORE_PROCESSING_REQUIRED)}`);
  }
  const errors = a.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    out.push('');
    out.push(`Problems (${errors.length} error(s)):`);
    for (const p of errors) out.push(`  ${p.bytes ? hex(p.bytes.start) : '          '}  ${p.code}: ${p.message}`);
  }
  return out.join('\n') + '\n';
}
