// The payload layout of each chunk type as the editor features write it (docs/format.md, "Chunk
// types"): labels, literal types, default values and enum names; the chunk types' one-line docs and
// the completion snippet of a whole chunk. test/unit/lsp.knowledge.test.ts checks them against core.

import {
  BOOL_NAMES,
  CHANNEL_STATES,
  GPADL_STATES,
  MESSAGE_TYPES,
  RING_DIRECTIONS,
  VMBUS_VERSIONS,
} from '../../core/src';

export type LiteralKind = 'u8' | 'u16' | 'u32' | 'u64' | 'guid' | 'zero' | 'utf8' | 'bytes';

export interface LayoutField {
  label: string;
  type: LiteralKind;
  /** Default value text after the prefix (`0`, `auto`, `{…}`, `120`). */
  sample: string;
  values?: Record<number, string>;
  doc?: string;
}

const asRecord = (names: readonly string[]): Record<number, string> => Object.fromEntries(names.map((n, i) => [i, n]));

const F = (
  label: string,
  type: LiteralKind,
  sample: string,
  values?: Record<number, string>,
  doc?: string,
): LayoutField => ({ label, type, sample, ...(values ? { values } : {}), ...(doc ? { doc } : {}) });

const OPEN_PARAMS: LayoutField[] = [
  F('OpenId', 'u32', '1'),
  F('RingGpadlId', 'u32', '0xE001', undefined, 'GPADL holding the ring buffer; must be restored and Accepted.'),
  F('TargetVp', 'u32', '0'),
  F('DownstreamPageOffset', 'u32', '2'),
  F('OpenFlags', 'u16', '0'),
  F('EventFlag', 'u16', '0'),
  F('GuestConnectionId', 'u32', '0'),
  F('HasGuestSignal', 'u8', '0', asRecord(BOOL_NAMES)),
  F('Reserved', 'zero', '7'),
  F('UserData', 'zero', '120'),
];

export const PAYLOAD_LAYOUTS: Record<string, LayoutField[]> = {
  BEGIN: [
    F('InterfaceType', 'guid', '{ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}'),
    F('InterfaceInstance', 'guid', '{11111111-2222-3333-4444-555555555555}'),
    F('SubchannelIndex', 'u16', '0'),
    F('Reserved', 'u16', '0'),
    F('VmbusVersion', 'u32', '0x00050000', VMBUS_VERSIONS, 'VMBus protocol version, major << 16 | minor.'),
    F('FeatureFlags', 'u32', '0'),
    F('ChunkCount', 'u32', 'auto', undefined, 'Chunks in the stream (0 = unknown); `auto` counts the .chunk blocks.'),
    F('MaxPayloadLength', 'u32', '0x10000'),
    F('Reserved', 'u32', '0'),
    F('CreationTime', 'u64', '0', undefined, 'FILETIME (100 ns since 1601).'),
  ],
  OFFER: [
    F('ChannelId', 'u32', '17'),
    F('ConnectionId', 'u32', '17'),
    F('MonitorId', 'u8', '0xff', { 0xff: 'none' }),
    F('MonitorAllocated', 'u8', '0', asRecord(BOOL_NAMES)),
    F('IsDedicated', 'u16', '0'),
    F('OfferFlags', 'u16', '0'),
    F('MmioMegabytes', 'u16', '0'),
    F('MmioMegabytesOptional', 'u16', '0'),
    F('Reserved', 'u16', '0'),
    F('UserDefined', 'zero', '120'),
  ],
  CHANNEL_STATE: [
    F('State', 'u8', '2', asRecord(CHANNEL_STATES)),
    F('HasOpenParams', 'u8', '1', asRecord(BOOL_NAMES)),
    F('HasReopenParams', 'u8', '0', asRecord(BOOL_NAMES)),
    F('Reserved', 'u8', '0'),
    F('Reserved', 'u32', '0'),
    ...OPEN_PARAMS,
  ],
  GPADL: [
    F('GpadlId', 'u32', '0xE001'),
    F('ChannelId', 'u32', '17'),
    F('State', 'u8', '2', asRecord(GPADL_STATES)),
    F('Reserved', 'u8', '0'),
    F('RangeCount', 'u16', '1'),
    F('RangeBufferWords', 'u32', 'auto', undefined, 'u64 words of range data that follow; `auto` counts them.'),
    F(
      'ByteCount',
      'u32',
      '0x1000',
      undefined,
      'Bytes in the range; ceil((ByteCount + ByteOffset) / 4096) page numbers follow.',
    ),
    F('ByteOffset', 'u32', '0'),
    F('Pfns', 'u64', '0x1000'),
  ],
  PACKET: [
    F('TransactionId', 'u64', '1'),
    F('LibStateLength', 'u32', '0'),
    F('VspStateLength', 'u32', '0'),
    F('LibState', 'bytes', ''),
    F('VspState', 'bytes', ''),
  ],
  PENDING_MESSAGE: [F('MessageType', 'u32', '5', MESSAGE_TYPES), F('Padding', 'u32', '0'), F('Body', 'bytes', '')],
  END: [
    F('ChunkCount', 'u32', 'auto', undefined, 'Chunks in the stream including END; `auto` counts the .chunk blocks.'),
    F('EndFlags', 'u32', '1', { 0: 'none', 1: 'HasStreamCrc' }),
    F('StreamCrc32c', 'u32', 'auto', undefined, 'CRC-32C of every stream byte before END; `auto` computes it.'),
    F('Reserved', 'u32', '0'),
  ],
  NOTE: [F('Text', 'utf8', '"note"')],
  RING: [
    F('Direction', 'u8', '0', asRecord(RING_DIRECTIONS)),
    F('Reserved', 'zero', '3'),
    F('RingPageCount', 'u32', '16'),
    F('WriteIndex', 'u32', '0'),
    F('ReadIndex', 'u32', '0'),
    F('InterruptMask', 'u32', '0'),
    F('PendingSendSize', 'u32', '0'),
    F('FeatureBits', 'u32', '0'),
    F('Reserved', 'u32', '0'),
  ],
};

export const CHUNK_TYPE_LIST = Object.keys(PAYLOAD_LAYOUTS);

const TYPE_DOCS: Record<string, string> = {
  BEGIN: 'First chunk (sequence 0): interface identity, VMBus version, ChunkCount and MaxPayloadLength.',
  OFFER: 'The channel offer: channel id, connection id, monitor, MMIO and 120 bytes of user-defined offer data.',
  CHANNEL_STATE: 'Channel state (Closed … Revoked) and the open request(s) the state carries.',
  GPADL: 'A guest physical address descriptor list: id, owning channel, state and the GPA ranges.',
  PACKET: "An in-flight packet: transaction id, VmbPacketRestore data and the VSP's own saved data.",
  PENDING_MESSAGE: 'A pending VMBus control message (≤ 240 bytes).',
  END: 'Last chunk, with FINAL: ChunkCount, EndFlags and the stream CRC-32C.',
  NOTE: 'Optional: UTF-8 text; restore skips it.',
  RING: "Optional: a diagnostic snapshot of a ring buffer's control page.",
};

export function chunkTypeDoc(name: string): string | undefined {
  return TYPE_DOCS[name.toUpperCase()];
}

/** A snippet for a whole chunk of `type` (LSP snippet syntax). */
export function chunkSnippet(type: string): string {
  const fields = PAYLOAD_LAYOUTS[type] ?? [];
  const flags = type === 'END' ? ' flags=FINAL' : '';
  let n = 1;
  const lines = fields
    .filter((f) => f.type !== 'bytes')
    .map((f) => {
      const sample = f.sample.replace(/[$}\\]/g, (c) => '\\' + c);
      const value = f.sample === 'auto' ? 'auto' : `\${${n++}:${sample}}`;
      return `  ${f.label}: ${f.type}:${value}`;
    });
  return [`.chunk ${type}${flags}`, ...lines, '.end', '$0'].join('\n');
}
