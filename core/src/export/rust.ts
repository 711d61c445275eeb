// `vmbstate export --lang rust`: Rust test data (docs/format.md §8.8); compiles with `rustc`
// (2021 edition) as a module of its own (`mod good { include!("good.rs"); }`).

import { byteRows, describePlan, hex32, type ExportPlan } from './plan';

export function* rustLines(p: ExportPlan): Generator<string> {
  const id = p.stem.toUpperCase();
  for (const l of describePlan(p, 'rust')) yield `// ${l}`;
  yield '';
  yield '/// One VmbChannelRestoreFromBuffer call and what it returns.';
  yield '#[derive(Debug, Clone, Copy)]';
  yield 'pub struct RestoreCall {';
  yield '    /// Restore call number, from 1.';
  yield '    pub number: u32,';
  yield '    /// The bytes passed; None when the call passes a NULL Buffer.';
  yield "    pub buffer: Option<&'static [u8]>,";
  yield '    /// The BufferSize argument (may differ from the buffer length).';
  yield '    pub buffer_size: u32,';
  yield '    /// The NTSTATUS the call returns.';
  yield '    pub expected_status: u32,';
  yield "    pub expected_status_name: &'static str,";
  yield '    /// NT_SUCCESS(expected_status): false for STATUS_MORE_PROCESSING_REQUIRED.';
  yield '    pub expected_nt_success: bool,';
  yield '    /// vmbstate diagnostic code of a failure.';
  yield "    pub diagnostic: Option<&'static str>,";
  yield '    /// Channel operations just before the call.';
  yield "    pub ops_before: &'static [&'static str],";
  yield '}';
  for (const c of p.calls) {
    if (!c.buffer) continue;
    yield '';
    yield `pub static ${id}_CALL_${c.number}: [u8; ${c.buffer.length}] = [`;
    for (const row of byteRows(c.buffer, 12, (v) => '0x' + v.toString(16).toUpperCase().padStart(2, '0')))
      yield `    ${row},`;
    yield '];';
  }
  yield '';
  yield `pub static ${id}_CALLS: [RestoreCall; ${p.calls.length}] = [`;
  for (const c of p.calls) {
    yield '    RestoreCall {';
    yield `        number: ${c.number},`;
    yield `        buffer: ${c.buffer ? `Some(&${id}_CALL_${c.number})` : 'None'},`;
    yield `        buffer_size: ${c.bufferSize},`;
    yield `        expected_status: ${hex32(c.status).replace(/^0x(....)(....)$/, '0x$1_$2')},`;
    yield `        expected_status_name: "${c.statusName}",`;
    yield `        expected_nt_success: ${c.ntSuccess},`;
    yield `        diagnostic: ${c.diagnostic ? `Some("${c.diagnostic}")` : 'None'},`;
    yield `        ops_before: &[${c.opsBefore.map((o) => `"${o}"`).join(', ')}],`;
    yield '    },';
  }
  yield '];';
  yield '';
  yield `/// ${p.outcome.statusName}`;
  yield `pub const ${id}_OUTCOME_STATUS: u32 = ${hex32(p.outcome.status).replace(/^0x(....)(....)$/, '0x$1_$2')};`;
}
