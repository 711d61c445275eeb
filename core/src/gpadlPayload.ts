// The GPADL chunk's payload (docs/format.md, "Chunk types"): its header, then the range buffer of
// ByteCount/ByteOffset pairs each followed by its page numbers, checked unless the GPADL is InProgress.

import { hex, type FieldReader } from './fieldReader';
import { GPADL_STATES, PAGE_SIZE, type GpadlRecord, type GpaRange } from './payloadRecords';
import { MAX_RANGE_END } from './payloadRules';

export function gpadlPayload(r: FieldReader): GpadlRecord | undefined {
  const gpadlId = r.u32('GpadlId');
  const channelId = r.u32('ChannelId');
  const stAt = r.pos;
  const state = r.u8('State', { names: GPADL_STATES });
  r.enumCheck('State', state, GPADL_STATES.length, stAt, 1);
  r.reserved('Reserved', 'u8');
  const rcAt = r.pos;
  const rangeCount = r.u16('RangeCount');
  if (rangeCount === 0)
    r.issue('CONTENT-GPA-RANGE', 'RangeCount is 0: a GPADL describes at least one range.', rcAt, rcAt + 2);
  const wAt = r.pos;
  const words = r.u32('RangeBufferWords');
  if (words === undefined || rangeCount === undefined) {
    r.finish('GPADL');
    return undefined;
  }
  const bufEnd = r.pos + words * 8;
  if (bufEnd !== r.end) {
    r.issue(
      'CONTENT-LENGTH',
      `RangeBufferWords ${words} needs ${words * 8} bytes of ranges; the payload has ${r.end - r.pos}.`,
      wAt,
      wAt + 4,
    );
  }
  const ranges: GpaRange[] = [];
  const limit = Math.min(bufEnd, r.end);
  // An InProgress GPADL holds only the words its GpadlBody messages brought so far: its ranges are
  // read as far as they go, not validated (OpenVMM Gpadl::restore validates only other states).
  const partial = state === 0;
  const check = (code: 'CONTENT-GPA-RANGE', message: string, start: number, end: number) => {
    if (!partial) r.issue(code, message, start, end);
  };
  for (let i = 0; i < rangeCount && r.pos + 8 <= limit; i++) {
    const range = r.group(`Range${i}`, () => {
      const at = r.pos;
      const byteCount = r.u32('ByteCount')!;
      const byteOffset = r.u32('ByteOffset')!;
      if (byteCount === 0) check('CONTENT-GPA-RANGE', `Range ${i}: ByteCount is 0.`, at, at + 4);
      if (byteOffset > 0xfff)
        check(
          'CONTENT-GPA-RANGE',
          `Range ${i}: ByteOffset ${hex(byteOffset, 3)} is past the first page (max 0xFFF).`,
          at + 4,
          at + 8,
        );
      else if (byteCount + byteOffset > MAX_RANGE_END)
        check(
          'CONTENT-GPA-RANGE',
          `Range ${i}: ByteCount ${hex(byteCount, 8)} + ByteOffset ${hex(byteOffset, 3)} overflows: the range's pages would end past 4 GiB (at most ${hex(MAX_RANGE_END, 8)}).`,
          at,
          at + 8,
        );
      const pages = Math.ceil((byteCount + byteOffset) / PAGE_SIZE);
      const pfns: bigint[] = [];
      for (let p = 0; p < pages; p++) {
        if (r.pos + 8 > limit) {
          check(
            'CONTENT-GPA-RANGE',
            `Range ${i}: needs ${pages} page numbers, the range buffer holds ${p}.`,
            at,
            r.pos,
          );
          break;
        }
        pfns.push(r.u64(`Pfn${p}`)!);
      }
      return { byteCount, byteOffset, pfns };
    });
    ranges.push(range);
  }
  if (partial) {
    // Words past the last range read (a range cut short, or more words than RangeCount needs).
    if (r.pos < limit) r.bytes('Received', limit - r.pos, 'InProgress: range buffer words received so far');
  } else if (ranges.length < rangeCount) {
    r.issue(
      'CONTENT-GPA-RANGE',
      `RangeCount ${rangeCount} but the range buffer holds ${ranges.length} range(s).`,
      rcAt,
      rcAt + 2,
    );
  } else if (r.pos < limit) {
    r.issue(
      'CONTENT-GPA-RANGE',
      `The ${rangeCount} range(s) use ${(r.pos - (wAt + 4)) / 8} of ${words} range buffer words.`,
      wAt,
      wAt + 4,
    );
  }
  r.finish('GPADL');
  if (gpadlId === undefined || channelId === undefined || state === undefined) return undefined;
  return { gpadlId, channelId, state, rangeCount, ranges };
}
