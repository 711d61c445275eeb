// The typed records the chunk payloads decode to (docs/format.md, "Chunk types"), the name tables
// of their enumerated fields and the fixed payload sizes; payload.ts reads the bytes into them.

import type { ContentIssue } from './fieldReader';
import type { FieldNode } from './model';

export const CHANNEL_STATES = ['Closed', 'Opening', 'Open', 'Closing', 'ClosingReopen', 'Revoked'] as const;
export const GPADL_STATES = ['InProgress', 'Offered', 'Accepted', 'TearingDown'] as const;
export const RING_DIRECTIONS = ['Inbound', 'Outbound'] as const;
export const BOOL_NAMES = ['no', 'yes'] as const;
export const MAX_MESSAGE = 240;
/** Channel ids a VMBus server assigns: 1..2047 (OpenVMM MAX_CHANNELS, AssignedChannels::set). */
export const MAX_CHANNEL_ID = 2047;
/** Monitor ids: 0..127 (OpenVMM vmcore MAX_MONITORS = 128; Linux trigger_group[4] × 32). */
export const MAX_MONITOR_ID = 127;
/** FeatureFlags bits defined by the VMBus protocol (OpenVMM protocol.rs FeatureFlags: 8 bits, 24 reserved). */
export const FEATURE_FLAGS_DEFINED = 0xff;
export const FEATURE_FLAG_NAMES: Record<number, string> = {
  0x01: 'guest-specified signal parameters',
  0x02: 'channel interrupt redirection',
  0x04: 'modify connection',
  0x08: 'client id',
  0x10: 'confidential channels',
  0x20: 'pause/resume',
  0x40: 'server-specified monitor pages',
  0x80: 'GPA pinning',
};
/** FeatureFlags 0x10: allowed only on a trusted connection (OpenVMM VersionInfo::restore). */
export const FEATURE_CONFIDENTIAL = 0x10;
/**
 * Control messages a VMBus server sends and can hold in its outgoing queue (OpenVMM
 * MessageSender::send_message is the only producer of pending messages). CloseReservedResponse (20)
 * goes to the reserved channel's target and is never queued, but is host to guest: not warned.
 */
export const HOST_TO_GUEST_MESSAGES: ReadonlySet<number> = new Set([1, 2, 4, 6, 10, 12, 15, 17, 20, 23, 24, 26, 28]);
export const PAGE_SIZE = 4096;

/** Known VMBus protocol versions, major << 16 | minor. */
export const VMBUS_VERSIONS: Record<number, string> = {
  0x0000000d: '0.13 (Windows Server 2008)',
  0x00010001: '1.1 (Windows 7)',
  0x00020004: '2.4 (Windows 8)',
  0x00030000: '3.0 (Windows 8.1)',
  0x00040000: '4.0 (Windows 10)',
  0x00040001: '4.1 (Windows 10 RS3.0)',
  0x00050000: '5.0 (Windows 10 RS3.1)',
  0x00050001: '5.1 (Windows 10 RS4)',
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
  17: 'UnloadComplete',
  18: 'OpenReservedChannel',
  19: 'CloseReservedChannel',
  20: 'CloseReservedResponse',
  21: 'TlConnectRequest',
  22: 'ModifyChannel',
  23: 'TlConnectResult',
  24: 'ModifyChannelResponse',
  25: 'ModifyConnection',
  26: 'ModifyConnectionResponse',
  27: 'Pause',
  28: 'PauseResponse',
  29: 'Resume',
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
  | { type: 'PENDING_MESSAGE'; v: { length: number; type?: number; bytes: Uint8Array } }
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
