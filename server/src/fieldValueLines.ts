// The value lines of a field hover: raw bytes, the value in hex and decimal (GUID, text, bytes),
// flags explained bit by bit, and a stored CRC against the computed one (hover.ts writes the rest).

import { hex, FLAG_CONTINUES, FLAG_FINAL, type ChunkNode, type FieldNode } from '../../core/src';
import type { DocContext } from './context';

/** Most bytes a hover shows raw (the rest is counted). */
const MAX_RAW = 32;

/** A stream offset in hex and decimal. */
export function off(n: number): string {
  return `${hex(n, 4)} (${n})`;
}

export function rawBytes(b: Uint8Array, start: number, end: number): string {
  const n = Math.min(end - start, MAX_RAW);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push((b[start + i] ?? 0).toString(16).padStart(2, '0'));
  return (
    '`' +
    parts.join(' ') +
    (end - start > MAX_RAW ? ` …` : '') +
    '`' +
    (end - start > MAX_RAW ? ` (${end - start} bytes)` : '')
  );
}

function bitList(v: number, width: number): string {
  const bits: number[] = [];
  for (let i = 0; i < width; i++) if (Math.floor(v / 2 ** i) % 2) bits.push(i);
  return bits.length ? bits.map((b) => `bit ${b}`).join(', ') : 'no bits set';
}

/** Flags explained bit by bit. */
function flagLines(f: FieldNode, chunk: ChunkNode | undefined, isHeader: boolean): string[] {
  if (typeof f.value !== 'number') return [];
  const v = f.value;
  if (isHeader && f.name === 'Flags') {
    const lines = [
      `- bit 0 FINAL: ${v & FLAG_FINAL ? 'set' : 'clear'}${chunk?.typeName === 'END' ? ' (END must carry it)' : ' (only END carries it)'}`,
      `- bit 1 CONTINUES: ${v & FLAG_CONTINUES ? 'set — the record continues in the next chunk' : 'clear'}`,
    ];
    const mu = v & 0x00fc;
    const ig = v & 0xff00;
    if (mu) lines.push(`- must-understand bits 2–7: ${bitList(mu, 8)} — unknown to v1: restore fails (UNSUP-FLAG)`);
    if (ig) lines.push(`- ignorable bits 8–15: ${bitList(ig, 16)}`);
    return ['Flags by bit:', ...lines];
  }
  if (f.name === 'EndFlags')
    return [
      'Flags by bit:',
      `- bit 0 HasStreamCrc: ${v & 1 ? 'set — StreamCrc32c is checked' : 'clear'}`,
      ...(v & ~1 ? [`- undefined bits: ${bitList(v & ~1, 32)} (UNSUP-END-FLAGS)`] : []),
    ];
  if (/Flags$/.test(f.name)) return [`Flags by bit: ${bitList(v, f.type === 'u8' ? 8 : f.type === 'u16' ? 16 : 32)}`];
  return [];
}

export function valueLines(ctx: DocContext, f: FieldNode, chunk: ChunkNode | undefined, isHeader: boolean): string[] {
  const lines: string[] = [];
  switch (f.type) {
    case 'u8':
    case 'u16':
    case 'u32': {
      const v = f.value as number;
      const digits = f.type === 'u8' ? 2 : f.type === 'u16' ? 4 : 8;
      lines.push(
        `Value: \`${hex(v, digits)}\` (${v})${f.note && !f.note.startsWith('computed') ? ` — **${f.note}**` : ''}`,
      );
      break;
    }
    case 'u64': {
      const v = f.value as bigint;
      lines.push(
        `Value: \`0x${v.toString(16).toUpperCase().padStart(16, '0')}\` (${v})${f.note ? ` — ${f.note}` : ''}`,
      );
      break;
    }
    case 'guid':
      lines.push(`GUID: \`{${f.value}}\` (Windows layout: Data1 LE32, Data2 LE16, Data3 LE16, Data4 bytes)`);
      break;
    case 'utf8':
      lines.push(`Text: ${JSON.stringify(f.value)}`);
      break;
    case 'bytes':
      lines.push(`Value: ${f.display}${f.note ? ` — ${f.note}` : ''}`);
      break;
    case 'group':
      lines.push(`Group of ${f.children?.length ?? 0} field(s), ${f.bytes.end - f.bytes.start} bytes`);
      break;
  }
  lines.push(...flagLines(f, chunk, isHeader));
  if (f.expected !== undefined && typeof f.value === 'number') {
    lines.push(`Stored \`${hex(f.value, 8)}\` · computed \`${hex(f.expected, 8)}\` — **mismatch**`);
  }
  void ctx;
  return lines;
}
