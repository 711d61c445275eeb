// `vmbstate export --lang c`: C11 test data (docs/format.md §8.8); compiles with
// `cc -std=c11 -Wall -Werror` once included in a test file that reads the calls table.

import { byteRows, describePlan, hex32, type ExportPlan } from './plan';

const cString = (s: string) => `"${s}"`;

export function* cLines(p: ExportPlan): Generator<string> {
  const id = p.stem;
  yield '/*';
  for (const l of describePlan(p, 'c')) yield ` * ${l}`;
  yield ' * Include this file in one test source; it defines static data only.';
  yield ' */';
  yield '#include <stdint.h>';
  yield '#include <stddef.h>';
  yield '';
  yield '#ifndef VMBSTATE_RESTORE_CALL_DEFINED';
  yield '#define VMBSTATE_RESTORE_CALL_DEFINED';
  yield 'typedef struct VMBSTATE_RESTORE_CALL {';
  yield '    uint32_t Number;              /* restore call number, from 1 */';
  yield '    const uint8_t *Buffer;        /* NULL when the call passes a NULL Buffer */';
  yield '    uint32_t BufferLength;        /* bytes at Buffer */';
  yield '    uint32_t BufferSize;          /* the BufferSize argument (may differ from BufferLength) */';
  yield '    uint32_t ExpectedStatus;      /* NTSTATUS the call returns */';
  yield '    const char *ExpectedStatusName;';
  yield '    int ExpectedNtSuccess;        /* NT_SUCCESS(ExpectedStatus): 0 for STATUS_MORE_PROCESSING_REQUIRED */';
  yield '    const char *Diagnostic;       /* vmbstate diagnostic code of a failure, or NULL */';
  yield '    const char *OpsBefore;        /* channel operations just before the call, or NULL */';
  yield '} VMBSTATE_RESTORE_CALL;';
  yield '#endif';
  for (const c of p.calls) {
    if (!c.buffer) continue;
    yield '';
    // ISO C has no zero-length array: an empty buffer is one byte with BufferLength 0.
    const n = Math.max(c.buffer.length, 1);
    yield `static const uint8_t ${id}_call${c.number}_buffer[${n}] = {`;
    if (!c.buffer.length) yield '    0x00';
    for (const row of byteRows(c.buffer, 12, (v) => '0x' + v.toString(16).toUpperCase().padStart(2, '0')))
      yield `    ${row},`;
    yield '};';
  }
  yield '';
  yield `static const VMBSTATE_RESTORE_CALL ${id}_calls[${Math.max(p.calls.length, 1)}] = {`;
  if (!p.calls.length) yield '    {0, NULL, 0u, 0u, 0u, NULL, 0, NULL, NULL} /* no call */';
  for (const c of p.calls) {
    const buf = c.buffer ? `${id}_call${c.number}_buffer` : 'NULL';
    yield `    {${c.number}u, ${buf}, ${c.buffer?.length ?? 0}u, ${c.bufferSize}u, ${hex32(c.status)}u, ${cString(c.statusName)}, ${c.ntSuccess ? 1 : 0}, ${c.diagnostic ? cString(c.diagnostic) : 'NULL'}, ${c.opsBefore.length ? cString(c.opsBefore.join(' ')) : 'NULL'}},`;
  }
  yield '};';
  const ID = id.toUpperCase();
  yield '';
  yield `#define ${ID}_CALL_COUNT ${p.calls.length}u`;
  yield `#define ${ID}_OUTCOME_STATUS ${hex32(p.outcome.status)}u /* ${p.outcome.statusName} */`;
  yield '';
  // An accessor rather than a bare table: a file that includes this and does not use the table
  // still compiles without unused-variable warnings (an unused static inline function is no warning).
  yield '/* The calls table; *count receives its length. */';
  yield `static inline const VMBSTATE_RESTORE_CALL *${id}_restore_calls(size_t *count)`;
  yield '{';
  yield `    if (count != NULL) *count = ${ID}_CALL_COUNT;`;
  yield `    return ${id}_calls;`;
  yield '}';
}
