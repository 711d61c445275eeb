// What `vmbstate export` writes, language aside: the restore calls of an analysed document with
// the status each returns, and the helpers the three emitters share (docs/format.md §8.8).

import type { Analysis } from '../analyze';
import { ntSuccess, statusHex, statusName } from '../ntstatus';

export const EXPORT_LANGUAGES = ['c', 'rust', 'python'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

/** One restore call as exported: 1-based number, the bytes (null for `buffer=null`), and what it returns. */
export interface ExportedCall {
  number: number;
  buffer: Uint8Array | null;
  bufferSize: number;
  status: number;
  statusName: string;
  ntSuccess: boolean;
  /** The failure's diagnostic code, when the call fails or is refused. */
  diagnostic?: string;
  /** `.op` lines run just before this call. */
  opsBefore: string[];
}

export interface ExportPlan {
  /** The source file's name (no folder), for the header comment. */
  source: string;
  /** Identifier stem made from the source name: letters, digits, `_`. */
  stem: string;
  calls: ExportedCall[];
  outcome: { status: number; statusName: string; diagnostic?: string };
  /** `.op` lines after the last call. */
  opsAfter: string[];
  channel: string;
}

const nameOf = (s: number) => statusName(s) ?? statusHex(s);

/** `good-packets.vmbhex` → `good_packets`; a leading digit gets `vmbstate_` before it. */
export function identifierStem(source: string): string {
  const base = source.replace(/\.(vmbhex|vmbstate|bin)$/i, '');
  const stem = base.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'vmbstate';
  return /^[0-9]/.test(stem) ? `vmbstate_${stem}` : stem;
}

/** The calls of an analysed document with the status each returned in the emulated run. */
export function exportPlan(a: Analysis, source: string): ExportPlan {
  const { doc } = a;
  const calls: ExportedCall[] = [];
  let ops: string[] = [];
  for (const t of a.trace) {
    if (t.kind === 'op') {
      ops.push(t.op);
      continue;
    }
    const c = doc.calls[t.call];
    calls.push({
      number: t.call + 1,
      buffer: c.bufferNull ? null : doc.bytes.subarray(c.bytes.start, c.bytes.end),
      bufferSize: c.size,
      status: t.status,
      statusName: nameOf(t.status),
      ntSuccess: ntSuccess(t.status),
      ...(t.failure ? { diagnostic: t.failure.code } : {}),
      opsBefore: ops,
    });
    ops = [];
  }
  const ch = doc.channel;
  return {
    // Comments and strings of three languages hold it: only characters none of them treats specially.
    source: source.replace(/[^A-Za-z0-9._+@ -]/g, '_'),
    stem: identifierStem(source),
    calls,
    outcome: {
      status: a.outcome.status,
      statusName: nameOf(a.outcome.status),
      ...(a.outcome.code ? { diagnostic: a.outcome.code } : {}),
    },
    opsAfter: ops,
    channel: `state ${ch.state}, handle ${ch.handle}, packet callbacks ${ch.packetCallbacks ? 'yes' : 'no'}, profile ${ch.profile}`,
  };
}

/** Bytes as rows of `per` items, each formatted by `fmt`. */
export function* byteRows(b: Uint8Array, per: number, fmt: (v: number) => string): Generator<string> {
  for (let i = 0; i < b.length; i += per) yield Array.from(b.subarray(i, i + per), fmt).join(', ');
}

export const hex32 = (n: number) => '0x' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0');

/** The header comment's lines (without comment markers): source, what to replay, outcome, channel. */
export function describePlan(p: ExportPlan, lang: ExportLanguage): string[] {
  return [
    `Test data exported by \`vmbstate export --lang ${lang}\` from ${p.source}: ${p.calls.length} restore call(s).`,
    'Replay: call VmbChannelRestoreFromBuffer(Channel, Buffer, BufferSize) with each entry in order;',
    'it must return the expected status (the emulated restore of docs/format.md section 4).',
    `Channel before the first call: ${p.channel}.`,
    `Run outcome: ${p.outcome.statusName} (${hex32(p.outcome.status)})${p.outcome.diagnostic ? `, ${p.outcome.diagnostic}` : ''}.`,
  ];
}
