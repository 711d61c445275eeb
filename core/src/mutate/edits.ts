// The building blocks of the mutation catalogue (mutations.ts): where an edit goes (the chunk
// after BEGIN, the first chunk of a type, the first call) and what each kind of edit writes.

import type { DiagnosticCode } from '../diagnostics';
import type { ChunkNode, SavedStateDocument } from '../model';
import {
  addChunkOptions,
  blocksOf,
  callsOf,
  cloneBlock,
  fieldValue,
  setField,
  type Block,
  type FixtureBase,
} from './base';

export interface MutationContext {
  doc: SavedStateDocument;
  /** The document's chunks, in stream order: the base's blocks in the same order. */
  chunks: ChunkNode[];
  version: { major: number; minor: number };
}

/** What a mutation did (one sentence), or why it cannot be made from this stream. */
export type MutationResult = { changed: string } | { skip: string };

export interface Mutation {
  code: DiagnosticCode;
  apply(b: FixtureBase, ctx: MutationContext): MutationResult;
}

export const hex8 = (n: number) => '0x' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
export const chunkName = (i: number, b: Block) => `chunk ${i + 1} (${b.type})`;

/** The second chunk (the first after BEGIN): header edits go there, so BEGIN still sets up the stream. */
export function second(b: FixtureBase): { block: Block; i: number } | undefined {
  const all = blocksOf(b);
  return all.length > 1 ? { block: all[1].block, i: 1 } : undefined;
}

export function firstOfType(b: FixtureBase, type: string): { block: Block; i: number } | undefined {
  const all = blocksOf(b);
  const i = all.findIndex((x) => x.block.type === type);
  return i < 0 ? undefined : { block: all[i].block, i };
}

export const NO_SECOND = { skip: 'the stream has a single chunk: there is no chunk after BEGIN to edit' };
export const none = (type: string) => ({ skip: `the stream has no ${type} chunk` });

/** A header option on the chunk after BEGIN. */
export function onSecond(
  code: DiagnosticCode,
  option: (ctx: MutationContext, b: Block, i: number) => string,
  why: string,
): Mutation {
  return {
    code,
    apply(b, ctx) {
      const s = second(b);
      if (!s) return NO_SECOND;
      const opt = option(ctx, s.block, s.i);
      addChunkOptions(s.block, opt, why);
      return { changed: `${chunkName(s.i, s.block)} gets \`${opt}\`: ${why}` };
    },
  };
}

/** A payload field of the first chunk of a type set to a new value. */
export function onField(
  code: DiagnosticCode,
  type: string,
  label: string,
  value: (old: bigint, ctx: MutationContext) => bigint,
  why: string,
): Mutation {
  return {
    code,
    apply(b, ctx) {
      const f = firstOfType(b, type);
      if (!f) return none(type);
      const old = fieldValue(f.block, label);
      if (old === undefined) return { skip: `${type} has no numeric ${label} field` };
      const v = value(old, ctx);
      setField(f.block, label, v, why);
      return { changed: `${chunkName(f.i, f.block)} ${label} ${old} → ${v}: ${why}` };
    },
  };
}

/** A `.call` option on the first call. */
export function onFirstCall(
  code: DiagnosticCode,
  option: (len: number, ctx: MutationContext) => string | undefined,
  why: string,
): Mutation {
  return {
    code,
    apply(b, ctx) {
      const call = callsOf(b)[0];
      const first = ctx.doc.calls[0];
      const opt = option(first.bytes.end - first.bytes.start, ctx);
      if (!opt) return { skip: 'the first call has no chunk where the buffer could end' };
      call.options.push(opt);
      call.note = why;
      return { changed: `call 1 gets \`${opt}\`: ${why}` };
    },
  };
}

/** Byte offset, within the first call, where its last chunk starts, and that chunk's size. */
export function lastChunkOfFirstCall(ctx: MutationContext): { at: number; size: number } {
  const call = ctx.doc.calls[0];
  const last = call.items[call.items.length - 1];
  return { at: last.bytes.start - call.bytes.start, size: last.bytes.end - last.bytes.start };
}

export function duplicate(code: DiagnosticCode, type: string, what: string): Mutation {
  return {
    code,
    apply(b) {
      for (const call of callsOf(b)) {
        const k = call.blocks.findIndex((x) => x.type === type);
        if (k < 0) continue;
        const copy = cloneBlock(call.blocks[k]);
        copy.lines[0] += `  # mutated: a second copy of the ${type} before it`;
        call.blocks.splice(k + 1, 0, copy);
        return { changed: `the first ${type} chunk is repeated right after itself: ${what}` };
      }
      return none(type);
    },
  };
}

/** Sets a `.channel` option: in its place when GOOD has it, else appended. */
export function setChannel(b: FixtureBase, key: string, value: string): void {
  const i = b.channel.findIndex((o) => o.startsWith(`${key}=`));
  if (i < 0) b.channel.push(`${key}=${value}`);
  else b.channel[i] = `${key}=${value}`;
}

export function maxPayload(ctx: MutationContext): number {
  const begin = ctx.chunks.find((c) => c.typeName === 'BEGIN');
  const f = begin?.payloadFields.find((x) => x.name === 'MaxPayloadLength');
  return typeof f?.value === 'number' && f.value >= 64 ? f.value : 0x10000;
}
