// `vmbstate export --lang python`: a Python 3 module of test data (docs/format.md §8.8).

import { byteRows, describePlan, hex32, type ExportPlan } from './plan';

const py = (s: string | undefined) => (s === undefined ? 'None' : `"${s}"`);

export function* pythonLines(p: ExportPlan): Generator<string> {
  yield '"""';
  for (const l of describePlan(p, 'python')) yield l;
  yield '"""';
  yield '';
  yield 'from dataclasses import dataclass';
  yield 'from typing import Optional, Tuple';
  yield '';
  yield '';
  yield '@dataclass(frozen=True)';
  yield 'class RestoreCall:';
  yield '    number: int  # restore call number, from 1';
  yield '    buffer: Optional[bytes]  # None when the call passes a NULL Buffer';
  yield '    buffer_size: int  # the BufferSize argument (may differ from len(buffer))';
  yield '    expected_status: int  # the NTSTATUS the call returns';
  yield '    expected_status_name: str';
  yield '    expected_nt_success: bool  # NT_SUCCESS: False for STATUS_MORE_PROCESSING_REQUIRED';
  yield '    diagnostic: Optional[str]  # vmbstate diagnostic code of a failure';
  yield '    ops_before: Tuple[str, ...]  # channel operations just before the call';
  yield '';
  yield '';
  yield 'CALLS = [';
  for (const c of p.calls) {
    yield '    RestoreCall(';
    yield `        number=${c.number},`;
    if (!c.buffer) yield '        buffer=None,';
    else if (!c.buffer.length) yield '        buffer=b"",';
    else {
      yield '        buffer=bytes.fromhex(';
      for (const row of byteRows(c.buffer, 32, (v) => v.toString(16).padStart(2, '0')))
        yield `            "${row.replace(/, /g, '')}"`;
      yield '        ),';
    }
    yield `        buffer_size=${c.bufferSize},`;
    yield `        expected_status=${hex32(c.status)},`;
    yield `        expected_status_name=${py(c.statusName)},`;
    yield `        expected_nt_success=${c.ntSuccess ? 'True' : 'False'},`;
    yield `        diagnostic=${py(c.diagnostic)},`;
    yield `        ops_before=(${c.opsBefore.map((o) => `${py(o)},`).join(' ')}),`;
    yield '    ),';
  }
  yield ']';
  yield '';
  yield `OUTCOME_STATUS = ${hex32(p.outcome.status)}  # ${p.outcome.statusName}`;
}
