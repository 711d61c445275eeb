// What a what-if assignment names (`chunk[4].RangeCount = 2`, a Variables row, `BufferSize`,
// `channel.packetCallbacks`) and the value it gives, checked against where the session stands:
// only the current buffer and later ones can change, since what ran before stays as it ran.

import type { ChannelLifecycle, ChunkNode } from '../../core/src';
import type { TimeTravelRuntime } from './timeTravel';
import { FIELD_WIDTH, fieldBytes, findField, WhatIfError, type WhatIfEdit } from './whatIf';

const LIFECYCLES: ChannelLifecycle[] = ['Disabled', 'Enabled', 'Started', 'Paused'];

function integer(text: string, what: string): bigint {
  const t = text.trim().replace(/n$/, '');
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(t))
    throw new WhatIfError(`${what} takes a whole number (decimal or 0x…), not "${text.trim()}".`);
  return BigInt(t);
}

/** Step index of a call (0-based), -1 when no step runs it. */
function stepOfCall(rt: TimeTravelRuntime, call: number): number {
  return rt.doc.steps.findIndex((s) => s.kind === 'call' && s.call === call);
}

/** A call may change when it has not run yet, or is the current one (its result is replayed). */
function checkEditable(rt: TimeTravelRuntime, call: number, what: string): void {
  const cur = rt.currentCall;
  const step = stepOfCall(rt, call);
  if (step < 0) throw new WhatIfError(`${what} is in call ${call + 1}, which no step runs.`);
  const curStep = cur ? stepOfCall(rt, cur.index) : rt.doc.steps.length;
  if (step < curStep)
    throw new WhatIfError(
      `${what} is in call ${call + 1}, which already ran: step back to it first (Step Back or Restart Frame).`,
    );
}

function fieldEdit(
  rt: TimeTravelRuntime,
  c: ChunkNode | undefined,
  path: string,
  value: string,
  name: string,
): WhatIfEdit {
  if (!c) throw new WhatIfError(`${name}: there is no such chunk.`);
  const f = findField(c, path);
  const where = `chunk ${c.index + 1} ${c.typeName}`;
  if (!f) {
    const names = c.payloadFields.map((x) => x.name).join(', ');
    throw new WhatIfError(`${where} has no field "${path}"${names ? `; its payload fields: ${names}` : ''}.`);
  }
  const width = FIELD_WIDTH[f.type];
  if (!width)
    throw new WhatIfError(`${where} ${path} is ${f.type}: only whole-number fields (u8, u16, u32, u64) can be edited.`);
  if (f.bytes.end - f.bytes.start < width)
    throw new WhatIfError(`${where} ${path} is cut off by the end of the input.`);
  checkEditable(rt, c.call, `${where} ${path}`);
  const v = integer(value, `${path}`);
  fieldBytes(v, width, path);
  return { kind: 'field', chunk: c.index, path, value: v };
}

/**
 * The edit `target = value` names. Targets: `chunk[N].Field` (N counted from 1 across the stream,
 * `payload.`/`header.` optional), a field label of the current chunk, the Variables paths
 * `buffer.chunks[i].payload.Field` / `buffer.current.payload.Field`, `BufferSize`, `buffer.size`,
 * `call[N].BufferSize`, `channel.packetCallbacks`, `channel.initialState`.
 */
export function parseWhatIf(rt: TimeTravelRuntime, target: string, value: string): WhatIfEdit {
  const t = target.trim().replace(/\s+/g, '');
  const call = rt.currentCall;
  let m: RegExpExecArray | null;
  const chunkOf = (i: number) => rt.doc.chunks[i];
  if ((m = /^chunk\[(\d+)\]\.(?:payload\.|header\.)?(.+)$/i.exec(t))) {
    const n = Number(m[1]);
    if (n < 1) throw new WhatIfError('Chunks count from 1.');
    return fieldEdit(rt, chunkOf(n - 1), m[2], value, `chunk[${n}]`);
  }
  if ((m = /^(?:buffer\.)?chunks\[(\d+)\]\.(?:payload\.|header\.)?(.+)$/.exec(t))) {
    const it = call?.items[Number(m[1])];
    if (!it || it.kind !== 'chunk') throw new WhatIfError(`chunks[${m[1]}] is not a chunk of the current buffer.`);
    return fieldEdit(rt, it, m[2], value, t);
  }
  if ((m = /^(?:buffer\.)?current\.(?:payload\.|header\.)?(.+)$/.exec(t))) {
    const it = rt.currentItem;
    if (!it || it.kind !== 'chunk') throw new WhatIfError('No current chunk: step into the buffer first.');
    return fieldEdit(rt, it, m[1], value, t);
  }
  if ((m = /^call\[(\d+)\]\.(?:BufferSize|size)$/i.exec(t)) || /^(?:buffer\.size|BufferSize|size)$/i.test(t)) {
    const index = m ? Number(m[1]) - 1 : call?.index;
    if (index === undefined || !rt.doc.calls[index]) throw new WhatIfError(`${t}: there is no such call.`);
    checkEditable(rt, index, `BufferSize of call ${index + 1}`);
    const size = integer(value, 'BufferSize');
    if (size > 0xffffffffn) throw new WhatIfError('BufferSize is a ULONG: at most 4294967295.');
    return { kind: 'bufferSize', call: index, size: Number(size) };
  }
  if (/^(?:channel\.)?packetCallbacks$/i.test(t)) {
    const v = value
      .trim()
      .replace(/^["']|["']$/g, '')
      .toLowerCase();
    if (!['true', 'false', 'yes', 'no'].includes(v)) throw new WhatIfError('packetCallbacks takes true or false.');
    return { kind: 'packetCallbacks', value: v === 'true' || v === 'yes' };
  }
  if (/^(?:channel\.)?(?:initialState|state)$/i.test(t)) {
    const v = value.trim().replace(/^["']|["']$/g, '');
    const state = LIFECYCLES.find((s) => s.toLowerCase() === v.toLowerCase());
    if (!state) throw new WhatIfError(`initialState takes ${LIFECYCLES.join(', ')}, not "${v}".`);
    return { kind: 'initialState', value: state };
  }
  if (/^[A-Za-z_]\w*(\.\w+)*$/.test(t)) {
    const it = rt.currentItem;
    if (!it || it.kind !== 'chunk')
      throw new WhatIfError(
        `"${t}" is not something a what-if can change: use chunk[N].Field, BufferSize or channel.packetCallbacks.`,
      );
    return fieldEdit(rt, it, t, value, t);
  }
  throw new WhatIfError(
    `"${target.trim()}" is not something a what-if can change: use chunk[N].Field, a field of the current chunk, BufferSize, call[N].BufferSize, channel.packetCallbacks or channel.initialState.`,
  );
}
