// Quick fixes for content findings: write the value restore wants (identity, ChannelId, RingGpadlId,
// GPADL State, an optional chunk type) or delete the chunk block restore refuses (duplicate, after FINAL).

import type { TextEdit } from 'vscode-languageserver';
import { CHUNK_TYPES, hex, parseGuid, type ChunkNode, type Problem } from '../../core/src';
import type { DocContext } from './context';
import { chunkOf, directiveOf, fieldIn, named, numOf, writeField, type Draft } from './fixTargets';
import type { LineSyntax } from './syntax';
import { blockEndLine, edit, findOption, replaceOptionValue, u32le } from './textEdits';

/** Delete a chunk's `.chunk` … `.end` lines; its whole `.call` (with its `.expect`) when the call holds nothing else. */
function deleteChunkBlock(ctx: DocContext, c: ChunkNode): TextEdit | undefined {
  const s = directiveOf(ctx, c);
  if (!s) return undefined;
  let from = s.line;
  let to = blockEndLine(ctx, s.line);
  const call = ctx.doc.calls[c.call];
  if (call?.items.length === 1 && call.text && ctx.syntax.directiveOf(call.text.start.line) === '.call') {
    from = call.text.start.line;
    for (let l = to + 1; l < ctx.lines.lineCount; l++) {
      const d = ctx.syntax.directiveOf(l);
      if (!d) continue;
      if (d === '.expect') to = l;
      break;
    }
  }
  const last = to + 1 >= ctx.lines.lineCount;
  const start = last && from > 0 ? ctx.lines.lineEnd(from - 1) : ctx.lines.starts[from];
  const end = last ? ctx.lines.lineEnd(to) : ctx.lines.starts[to + 1];
  return edit(ctx, start, end, '');
}

/** The `.channel` lines before the first step (where the parser reads them). */
function channelLines(ctx: DocContext): LineSyntax[] {
  const out: LineSyntax[] = [];
  for (let l = 0; l < ctx.lines.lineCount && l < 10_000; l++) {
    const d = ctx.syntax.directiveOf(l);
    if (d === '.call' || d === '.chunk' || d === '.raw' || d === '.op') break;
    if (d === '.channel') out.push(ctx.syntax.line(l));
  }
  return out;
}

const IDENTITY = [
  { off: 0, field: 'InterfaceType', option: 'interface', key: 'interfaceType' },
  { off: 16, field: 'InterfaceInstance', option: 'instance', key: 'interfaceInstance' },
  { off: 32, field: 'SubchannelIndex', option: 'subchannel', key: 'subchannelIndex' },
] as const;

/** CONTENT-IDENTITY: the `.channel` option takes BEGIN's value, or BEGIN's field the channel's. */
export function identityFix(ctx: DocContext, p: Problem, kind: 'identityChannel' | 'identityBegin'): Draft[] {
  const c = chunkOf(ctx, p);
  if (!c || !p.bytes) return [];
  const id = IDENTITY.find((x) => x.off === p.bytes!.start - c.payloadBytes.start);
  const f = id && named(c, id.field);
  if (!id || !f || f.value === undefined) return [];
  const chan = ctx.doc.channel[id.key];
  const text = (v: string | number) => (typeof v === 'string' ? `{${v}}` : String(v));
  const fixes: Draft[] = [];
  const saved = f.value as string | number;
  const edits = channelLines(ctx).flatMap((s) => {
    const a = findOption(s, id.option);
    return a ? [replaceOptionValue(ctx, a, text(saved))] : [];
  });
  if (edits.length && kind === 'identityChannel')
    fixes.push({
      title: `Set .channel ${id.option}=${text(saved)} (the saved BEGIN ${id.field})`,
      edits,
      preferred: true,
    });
  if (chan !== undefined && kind === 'identityBegin') {
    const bytes = typeof chan === 'string' ? parseGuid(chan) : u32le(chan, 2);
    const e = bytes && writeField(ctx, f, text(chan), bytes);
    if (e) fixes.push({ title: `Set BEGIN ${id.field} to ${text(chan)} (the channel's)`, edits: e });
  }
  return fixes;
}

/** CONTENT-GPADL-CHANNEL: the GPADL's ChannelId becomes the OFFER's. */
export function gpadlChannelFix(ctx: DocContext, p: Problem): Draft[] {
  const c = chunkOf(ctx, p);
  if (!c || !p.bytes) return [];
  const f = fieldIn(c.payloadFields, (x) => x.name === 'ChannelId' && x.bytes.start === p.bytes!.start)?.f;
  const offer = ctx.doc.chunks
    .slice(0, c.index)
    .reverse()
    .find((x) => x.header?.type === CHUNK_TYPES.OFFER);
  const want = offer && numOf(named(offer, 'ChannelId'));
  const edits = f && want !== undefined ? writeField(ctx, f, String(want), u32le(want)) : undefined;
  return edits ? [{ title: `Set ChannelId to ${want} (the OFFER's ChannelId)`, edits, preferred: true }] : [];
}

/** CONTENT-RING-GPADL: point RingGpadlId at an Accepted GPADL, or make the ring GPADL Accepted. */
export function ringGpadlFix(ctx: DocContext, p: Problem): Draft[] {
  const upto = p.chunk ?? ctx.doc.chunks.length;
  const before = ctx.doc.chunks.slice(0, upto);
  const cs = [...before].reverse().find((x) => x.header?.type === CHUNK_TYPES.CHANNEL_STATE);
  if (!cs) return [];
  const gpadls = before
    .filter((x) => x.header?.type === CHUNK_TYPES.GPADL)
    .map((x) => ({ id: numOf(named(x, 'GpadlId')), state: named(x, 'State') }))
    .filter((g) => g.id !== undefined);
  for (const group of ['OpenParams', 'ReopenParams']) {
    const g = cs.payloadFields.find((x) => x.name === group);
    const ring = g?.children && fieldIn(g.children, (x) => x.name === 'RingGpadlId')?.f;
    const id = numOf(ring);
    if (!ring || id === undefined) continue;
    const label = group === 'OpenParams' ? 'RingGpadlId' : `${group}.RingGpadlId`;
    const hit = gpadls.find((x) => x.id === id);
    if (!hit) {
      const accepted = gpadls.filter((x) => numOf(x.state) === 2);
      const fixes: Draft[] = [];
      for (const a of accepted) {
        const edits = writeField(ctx, ring, hex(a.id!, 8), u32le(a.id!));
        if (edits)
          fixes.push({
            title: `Set ${label} to ${hex(a.id!, 8)} (${accepted.length === 1 ? 'the' : 'an'} Accepted GPADL)`,
            edits,
            preferred: accepted.length === 1,
          });
      }
      return fixes;
    }
    if (numOf(hit.state) !== 2 && hit.state) {
      const edits = writeField(ctx, hit.state, '2', Uint8Array.of(2));
      return edits
        ? [{ title: `Set the State of GPADL ${hex(id, 8)} to u8:2 (Accepted)`, edits, preferred: true }]
        : [];
    }
  }
  return [];
}

/** UNSUP-TYPE: an unknown mandatory type becomes optional (0x8000 | type), which restore skips. */
export function unsupTypeFix(ctx: DocContext, p: Problem): Draft[] {
  const c = chunkOf(ctx, p);
  const s = directiveOf(ctx, c);
  const type = c?.header?.type;
  const arg = s?.args.find((a) => !a.key);
  if (!s || !arg || type === undefined || type & 0x8000) return [];
  const want = (type | 0x8000) >>> 0;
  if ((Object.values(CHUNK_TYPES) as number[]).includes(want)) return [];
  return [
    {
      title: `Make chunk type ${hex(type, 4)} optional: ${hex(want, 4)} (restore skips an unknown optional chunk with a warning)`,
      edits: [edit(ctx, arg.start, arg.end, hex(want, 4))],
      preferred: true,
    },
  ];
}

/** SEQ-AFTER-FINAL, CONTENT-GPADL-DUP, CONTENT-TXID-DUP: delete the chunk block restore refuses. */
export function deleteChunkFix(ctx: DocContext, p: Problem): Draft[] {
  const c = p.chunk !== undefined ? ctx.doc.chunks[p.chunk] : undefined;
  const e = c && deleteChunkBlock(ctx, c);
  if (!c || !e) return [];
  let title: string;
  if (p.code === 'SEQ-AFTER-FINAL')
    title = `Delete the ${c.typeName} chunk (sequence ${c.header?.sequence}) after the FINAL chunk`;
  else if (p.code === 'CONTENT-GPADL-DUP') {
    const id = numOf(named(c, 'GpadlId'));
    title = `Delete the duplicate GPADL ${id !== undefined ? hex(id, 8) + ' ' : ''}chunk`;
  } else {
    const tx = named(c, 'TransactionId')?.value;
    title = `Delete the duplicate PACKET chunk${tx !== undefined ? ` (TransactionId ${tx})` : ''}`;
  }
  return [{ title, edits: [e], preferred: true }];
}
