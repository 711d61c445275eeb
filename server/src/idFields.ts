// The id fields that link chunks to each other (docs/language-server.md, "Navigation"): a GPADL's
// GpadlId and the RingGpadlId that names it, an OFFER's ChannelId and the GPADL ChannelId that
// names it, and a PACKET's TransactionId (unique per stream). Shared by the in-document navigation
// (links.ts) and the workspace symbols (workspaceSymbols.ts).

import { hex, type ChunkNode, type FieldNode } from '../../core/src';

export type IdKind = 'gpadl' | 'channel' | 'txid';

/** One id field: `def` declares the id (the chunk it names), `ref` names it. */
export interface IdField {
  kind: IdKind;
  role: 'def' | 'ref';
  /** The id as a canonical key part: decimal digits of the value. */
  value: string;
  field: FieldNode;
  chunk: ChunkNode;
}

/** Field name → what it is, per chunk type; RingGpadlId sits inside the OpenParams/ReopenParams groups. */
const ID_FIELDS: Record<string, Record<string, { kind: IdKind; role: 'def' | 'ref' }>> = {
  GPADL: { GpadlId: { kind: 'gpadl', role: 'def' }, ChannelId: { kind: 'channel', role: 'ref' } },
  OFFER: { ChannelId: { kind: 'channel', role: 'def' } },
  CHANNEL_STATE: { RingGpadlId: { kind: 'gpadl', role: 'ref' } },
  // Every PACKET declares its TransactionId; a second one with the same id is CONTENT-TXID-DUP.
  PACKET: { TransactionId: { kind: 'txid', role: 'def' } },
};

/** The id fields of one chunk, in stream order (nested groups searched one level down). */
export function idFieldsOf(chunk: ChunkNode): IdField[] {
  const names = ID_FIELDS[chunk.typeName];
  if (!names) return [];
  const out: IdField[] = [];
  const visit = (fields: FieldNode[], depth: number) => {
    for (const f of fields) {
      if (f.children && depth < 2) visit(f.children, depth + 1);
      const what = names[f.name];
      if (!what || (typeof f.value !== 'number' && typeof f.value !== 'bigint')) continue;
      out.push({ ...what, value: f.value.toString(), field: f, chunk });
    }
  };
  visit(chunk.payloadFields, 0);
  return out;
}

export const idKey = (f: Pick<IdField, 'kind' | 'value'>) => `${f.kind}:${f.value}`;

/** How an id is written in names and messages: GPADL ids and TransactionIds in hex, ChannelIds in decimal. */
export function idLabel(f: Pick<IdField, 'kind' | 'value'>): string {
  const v = BigInt(f.value);
  if (f.kind === 'channel') return `ChannelId ${v}`;
  if (f.kind === 'gpadl') return `GPADL ${hex(Number(v), 8)}`;
  return `TransactionId 0x${v.toString(16).toUpperCase().padStart(16, '0')}`;
}
