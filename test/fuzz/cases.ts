// One fuzz case: decode and restore random or mutated input in both forms, and check the
// properties that must hold for any input. Throws on a violated property.

import { analyze, decodeBinary, text } from '../../core/src';
import { mutate, prng, randomBytes } from '../unit/helpers/prng';

export function runCase(seed: number, goodBinary: Uint8Array, goodText: string): void {
  const rand = prng(seed);
  const kind = seed % 4;
  if (kind <= 1) {
    const input = kind === 0 ? randomBytes(rand, Math.floor(rand() * 900)) : mutate(rand, goodBinary);
    const buffering = (['chunk', 'whole', { size: 1 + Math.floor(rand() * 600) }] as const)[Math.floor(rand() * 3)];
    const doc = decodeBinary(input, { buffering });
    let covered = 0;
    for (const c of doc.calls) for (const it of c.items) covered += it.bytes.end - it.bytes.start;
    if (covered !== input.length) throw new Error(`decoder lost bytes: ${covered} of ${input.length}`);
    analyze(doc);
    const round = text.assembleText(text.disassemble(input, { buffering })).bytes;
    if (!equal(round, input)) throw new Error('binary → text → binary is not byte-identical');
  } else {
    // Mutate the text form: characters flipped, lines dropped or duplicated.
    const lines = goodText.split('\n');
    const n = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) {
      const at = Math.floor(rand() * lines.length);
      const r = rand();
      if (r < 0.3) lines.splice(at, 1);
      else if (r < 0.5) lines.splice(at, 0, lines[Math.floor(rand() * lines.length)]);
      else {
        const l = lines[at] ?? '';
        const p = Math.floor(rand() * (l.length + 1));
        lines[at] =
          l.slice(0, p) + String.fromCharCode(32 + Math.floor(rand() * 95)) + l.slice(p + (rand() < 0.5 ? 1 : 0));
      }
    }
    const src = kind === 2 ? lines.join('\n') : String.fromCharCode(...randomBytes(rand, Math.floor(rand() * 200)));
    const doc = text.decodeText(src);
    analyze(doc);
    const canon = text.disassemble(doc.bytes);
    if (!equal(text.assembleText(canon).bytes, doc.bytes)) throw new Error('text → binary → text changed the bytes');
    if (text.disassemble(text.assembleText(canon).bytes) !== canon) throw new Error('disassembly is not idempotent');
  }
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
