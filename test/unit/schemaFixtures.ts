// Schemas the user-schema tests share: a valid .ksy whose compile takes seconds, to see the
// compile time limit (SCHEMA_COMPILE_MS, docs/schemas.md "Limits") stop it.

/** A valid .ksy (JSON, which is YAML) of 12,000 fields over 3,000 types: well under the size and node limits. */
export function slowKsy(): string {
  const types: Record<string, unknown> = {};
  for (let j = 0; j < 3000; j++)
    types[`t${j}`] = {
      seq: [
        { id: 'a', type: 'u4' },
        { id: 'b', type: 'u2', repeat: 'expr', 'repeat-expr': 'a' },
      ],
      instances: { c: { value: 'a * 2 + b.size' } },
    };
  const seq = Array.from({ length: 12_000 }, (_, i) => ({ id: `f${i}`, type: `t${i % 3000}` }));
  return JSON.stringify({ meta: { id: 'slow', endian: 'le' }, seq, types });
}
