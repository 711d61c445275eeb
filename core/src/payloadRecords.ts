// The typed records the chunk payloads decode to (docs/format.md, "Chunk types"), the name tables
// of their enumerated fields and the fixed payload sizes; payload.ts reads the bytes into them.

import type { ContentIssue } from './fieldReader';
import type { FieldNode } from './model';

export const CHANNEL_STATES = ['Closed', 'Opening', 'Open', 'Closing', 'ClosingReopen', 'Revoked'] as const;
export const GPADL_STATES = ['InProgress', 'Offered', 'Accepted', 'TearingDown'] as const;
export const RING_DIRECTIONS = ['Inbound', 'Outbound'] as const;
export const BOOL_NAMES = ['no', 'yes'] as const;
export const MAX_MESSAGE = 240;
export const PAGE_SIZE = 4096;

/** Known VMBus protocol versions, major << 16 | minor. */
export const VMBUS_VERSIONS: Record<number, string> = {
  0x0000000d: '0.13 (Windows Server 2008)',
  0x00010001: '1.1 (Windows 7)',
  0x00020004: '2.4 (Windows 8)',
  0x00030000: '3.0 (Windows 8.1)',
  0x00040000: '4.0 (Windows 10)',
  0x00040001: '4.1 (Windows 10 RS3)',
  0x00050000: '5.0 (Windows 10 RS4)',
  0x00050001: '5.1 (Windows 10 RS5)',
  0x00050002: '5.2 (Windows Server 2019)',
  0x00050003: '5.3 (Windows Server 2022)',
  0x00060000: '6.0',
};

export const MESSAGE_TYPES: Record<number, string> = {
  1: 'OfferChannel',
  2: 'RescindChannelOffer',
  3: 'RequestOffers',
  4: 'AllOffersDelivered',
  5: 'OpenChannel',
  6: 'OpenChannelResult',
  7: 'CloseChannel',
  8: 'GpadlHeader',
  9: 'GpadlBody',
  10: 'GpadlCreated',
  11: 'GpadlTeardown',
  12: 'GpadlTorndown',
  13: 'RelIdReleased',
  14: 'InitiateContact',
  15: 'VersionResponse',
  16: 'Unload',
  17: 'UnloadResponse',
  18: 'TlConnectRequest',
  19: 'ModifyChannel',
  20: 'TlConnectResult',
  21: 'ModifyChannelResponse',
};

export interface BeginRecord {
  interfaceType: string;
  interfaceInstance: string;
  subchannelIndex: number;
  vmbusVersion: number;
  featureFlags: number;
  chunkCount: number;
  maxPayloadLength: number;
  creationTime: bigint;
}
export interface OfferRecord {
  channelId: number;
  connectionId: number;
  monitorId: number;
  monitorAllocated: number;
  isDedicated: number;
  offerFlags: number;
  mmioMegabytes: number;
  mmioMegabytesOptional: number;
  /** The offer's 120 user-defined bytes (a view into the decoded bytes; the emulator keeps a copy). */
  userDefined: Uint8Array;
}
export interface OpenParams {
  openId: number;
  ringGpadlId: number;
  targetVp: number;
  downstreamPageOffset: number;
  openFlags: number;
  eventFlag: number;
  guestConnectionId: number;
  hasGuestSignal: number;
  /** The 120 bytes of UserData. */
  userData: Uint8Array;
}
export interface ChannelStateRecord {
  state: number;
  open?: OpenParams;
  reopen?: OpenParams;
}
export interface GpaRange {
  byteCount: number;
  byteOffset: number;
  pfns: bigint[];
}
export interface GpadlRecord {
  gpadlId: number;
  channelId: number;
  state: number;
  rangeCount: number;
  ranges: GpaRange[];
}
export interface PacketRecord {
  transactionId: bigint;
  libStateLength: number;
  vspStateLength: number;
  /** LibState and VspState (empty when the lengths disagree with the payload). */
  libState: Uint8Array;
  vspState: Uint8Array;
}
export interface EndRecord {
  chunkCount: number;
  endFlags: number;
  streamCrc: number;
  /** Offset of the StreamCrc32c field, for diagnostics. */
  streamCrcAt: number;
}
export interface RingRecord {
  direction: number;
  ringPageCount: number;
  writeIndex: number;
  readIndex: number;
  interruptMask: number;
  pendingSendSize: number;
  featureBits: number;
}

export type PayloadRecord =
  | { type: 'BEGIN'; v: BeginRecord }
  | { type: 'OFFER'; v: OfferRecord }
  | { type: 'CHANNEL_STATE'; v: ChannelStateRecord }
  | { type: 'GPADL'; v: GpadlRecord }
  | { type: 'PACKET'; v: PacketRecord }
  | { type: 'PENDING_MESSAGE'; v: { length: number; bytes: Uint8Array } }
  | { type: 'END'; v: EndRecord }
  | { type: 'NOTE'; v: { text: string } }
  | { type: 'RING'; v: RingRecord };

export interface DecodedPayload {
  fields: FieldNode[];
  issues: ContentIssue[];
  /** Absent when the payload is too short to read the record. */
  record?: PayloadRecord;
}

export const BEGIN_PAYLOAD = 64;
export const OFFER_PAYLOAD = 140;
export const OPEN_PARAMS_SIZE = 152;
export const END_PAYLOAD = 16;
export const RING_PAYLOAD = 32;
