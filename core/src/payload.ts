// Payload layouts of the v1 chunk types (docs/format.md, "Chunk types"): one decoder per type
// that yields the typed record, the field tree and the content issues found inside one payload.

import { FieldReader, hex } from './fieldReader';
import { CHUNK_TYPES } from './layout';
import {
  BOOL_NAMES,
  CHANNEL_STATES,
  MAX_CHANNEL_ID,
  MAX_MESSAGE,
  MESSAGE_TYPES,
  RING_DIRECTIONS,
  VMBUS_VERSIONS,
  type BeginRecord,
  type ChannelStateRecord,
  type DecodedPayload,
  type EndRecord,
  type OfferRecord,
  type OpenParams,
  type PacketRecord,
  type PayloadRecord,
  type RingRecord,
} from './payloadRecords';
import { featureFlagsFault, monitorFault } from './payloadRules';
import { gpadlPayload } from './gpadlPayload';

const EMPTY: Uint8Array = new Uint8Array(0);

function beginPayload(r: FieldReader): BeginRecord | undefined {
  const interfaceType = r.guid('InterfaceType');
  const interfaceInstance = r.guid('InterfaceInstance');
  const subchannelIndex = r.u16('SubchannelIndex');
  r.reserved('Reserved', 'u16');
  const at = r.pos;
  const vmbusVersion = r.uint('VmbusVersion', 'u32', { names: VMBUS_VERSIONS });
  if (vmbusVersion !== undefined && !(vmbusVersion in VMBUS_VERSIONS)) {
    r.issue(
      'VER-VMBUS',
      `VmbusVersion ${hex(vmbusVersion, 8)} (${vmbusVersion >>> 16}.${vmbusVersion & 0xffff}) is not a known VMBus protocol version.`,
      at,
      at + 4,
    );
  }
  const ffAt = r.pos;
  const featureFlags = r.u32('FeatureFlags');
  if (featureFlags !== undefined && vmbusVersion !== undefined) {
    const why = featureFlagsFault(vmbusVersion, featureFlags);
    if (why) r.issue('VER-FEATURES', why, ffAt, ffAt + 4);
  }
  const chunkCount = r.u32('ChunkCount', { note: undefined });
  const maxAt = r.pos;
  const maxPayloadLength = r.u32('MaxPayloadLength');
  if (maxPayloadLength !== undefined && maxPayloadLength < 64) {
    r.issue('CONTENT-LIMIT', `MaxPayloadLength ${maxPayloadLength} is below the 64-byte minimum.`, maxAt, maxAt + 4);
  }
  r.reserved('Reserved', 'u32');
  const creationTime = r.u64('CreationTime', { note: 'FILETIME' });
  r.finish('BEGIN');
  if (creationTime === undefined) return undefined;
  return {
    interfaceType: interfaceType!,
    interfaceInstance: interfaceInstance!,
    subchannelIndex: subchannelIndex!,
    vmbusVersion: vmbusVersion!,
    featureFlags: featureFlags!,
    chunkCount: chunkCount!,
    maxPayloadLength: maxPayloadLength!,
    creationTime,
  };
}

function offerPayload(r: FieldReader): OfferRecord | undefined {
  const channelId = r.u32('ChannelId');
  if (channelId !== undefined && (channelId === 0 || channelId > MAX_CHANNEL_ID))
    r.issue(
      'CONTENT-CHANNEL-ID',
      `ChannelId ${channelId} is outside 1..${MAX_CHANNEL_ID}: 0 is never a channel id, and a VMBus server assigns at most ${MAX_CHANNEL_ID}.`,
      r.pos - 4,
      r.pos,
    );
  const connectionId = r.u32('ConnectionId');
  const monitorId = r.u8('MonitorId', { names: { 0xff: 'none' } as Record<number, string> });
  const maAt = r.pos;
  const monitorAllocated = r.u8('MonitorAllocated', { names: BOOL_NAMES });
  r.enumCheck('MonitorAllocated', monitorAllocated, 2, maAt, 1);
  if (monitorId !== undefined && monitorAllocated !== undefined && monitorAllocated < 2) {
    const why = monitorFault(monitorId, monitorAllocated);
    if (why) r.issue('CONTENT-MONITOR', why, maAt - 1, maAt + 1);
  }
  const isDedicated = r.u16('IsDedicated');
  const offerFlags = r.u16('OfferFlags');
  const mmioMegabytes = r.u16('MmioMegabytes');
  const mmioMegabytesOptional = r.u16('MmioMegabytesOptional');
  r.reserved('Reserved', 'u16');
  const ud = r.bytes('UserDefined', 120);
  r.finish('OFFER');
  if (r.short || !ud) return undefined;
  return {
    channelId: channelId!,
    connectionId: connectionId!,
    monitorId: monitorId!,
    monitorAllocated: monitorAllocated!,
    isDedicated: isDedicated!,
    offerFlags: offerFlags!,
    mmioMegabytes: mmioMegabytes!,
    mmioMegabytesOptional: mmioMegabytesOptional!,
    userDefined: r.view(ud),
  };
}

function openParams(r: FieldReader, name: string): OpenParams | undefined {
  return r.group(name, () => {
    const openId = r.u32('OpenId');
    const ringGpadlId = r.u32('RingGpadlId');
    const targetVp = r.u32('TargetVp');
    const downstreamPageOffset = r.u32('DownstreamPageOffset');
    const openFlags = r.u16('OpenFlags');
    const eventFlag = r.u16('EventFlag');
    const guestConnectionId = r.u32('GuestConnectionId');
    const gsAt = r.pos;
    const hasGuestSignal = r.u8('HasGuestSignal', { names: BOOL_NAMES });
    r.enumCheck('HasGuestSignal', hasGuestSignal, 2, gsAt, 1);
    r.reserved('Reserved', 7);
    const ud = r.bytes('UserData', 120);
    if (r.short || !ud) return undefined;
    return {
      openId: openId!,
      ringGpadlId: ringGpadlId!,
      targetVp: targetVp!,
      downstreamPageOffset: downstreamPageOffset!,
      openFlags: openFlags!,
      eventFlag: eventFlag!,
      guestConnectionId: guestConnectionId!,
      hasGuestSignal: hasGuestSignal!,
      userData: r.view(ud),
    };
  });
}

/** Which open-parameter blocks each channel state must carry (OpenVMM's saved channel states). */
const STATE_PARAMS: readonly [number, number][] = [
  [0, 0], // Closed
  [1, 0], // Opening: the open request
  [1, 0], // Open
  [1, 0], // Closing
  [1, 1], // ClosingReopen: the old params and the new request
  [0, 0], // Revoked
];

function channelStatePayload(r: FieldReader): ChannelStateRecord | undefined {
  const stAt = r.pos;
  const state = r.u8('State', { names: CHANNEL_STATES });
  r.enumCheck('State', state, CHANNEL_STATES.length, stAt, 1);
  const hoAt = r.pos;
  const hasOpen = r.u8('HasOpenParams', { names: BOOL_NAMES });
  r.enumCheck('HasOpenParams', hasOpen, 2, hoAt, 1);
  const hrAt = r.pos;
  const hasReopen = r.u8('HasReopenParams', { names: BOOL_NAMES });
  r.enumCheck('HasReopenParams', hasReopen, 2, hrAt, 1);
  // A check across fields runs once the last of them is read (docs/format.md §4, check order).
  const want = state === undefined ? undefined : STATE_PARAMS[state];
  if (
    want &&
    hasOpen !== undefined &&
    hasReopen !== undefined &&
    (want[0] !== (hasOpen ? 1 : 0) || want[1] !== (hasReopen ? 1 : 0))
  ) {
    r.issue(
      'CONTENT-OPEN-STATE',
      `State ${CHANNEL_STATES[state!]} needs HasOpenParams=${want[0]} and HasReopenParams=${want[1]}, has ${hasOpen} and ${hasReopen}.`,
      hoAt,
      hoAt + 2,
    );
  }
  r.reserved('Reserved', 'u8');
  r.reserved('Reserved', 'u32');
  if (state === undefined || hasOpen === undefined || hasReopen === undefined) return undefined;
  const rec: ChannelStateRecord = { state };
  if (hasOpen === 1) rec.open = openParams(r, 'OpenParams');
  if (hasReopen === 1) rec.reopen = openParams(r, 'ReopenParams');
  r.finish('CHANNEL_STATE');
  if (r.short) return undefined;
  return rec;
}

function packetPayload(r: FieldReader): PacketRecord | undefined {
  const transactionId = r.u64('TransactionId');
  const lAt = r.pos;
  const libStateLength = r.u32('LibStateLength');
  const vspStateLength = r.u32('VspStateLength');
  if (libStateLength === undefined || vspStateLength === undefined || transactionId === undefined) return undefined;
  if (r.pos + libStateLength + vspStateLength !== r.end) {
    r.issue(
      'CONTENT-LENGTH',
      `LibStateLength ${libStateLength} + VspStateLength ${vspStateLength} + 16 ≠ payload length ${r.end - r.start}.`,
      lAt,
      lAt + 8,
    );
  }
  let libState: Uint8Array = EMPTY;
  let vspState: Uint8Array = EMPTY;
  if (r.pos + libStateLength + vspStateLength <= r.end) {
    libState = r.view(r.bytes('LibState', libStateLength, 'VmbPacketRestore data'));
    vspState = r.view(r.bytes('VspState', vspStateLength, 'EvtVmbChannelRestorePacket data'));
  }
  r.finish('PACKET');
  return { transactionId, libStateLength, vspStateLength, libState, vspState };
}

function pendingMessagePayload(r: FieldReader): { length: number; type?: number; bytes: Uint8Array } {
  const length = r.remaining;
  const bytes = r.view({ start: r.start, end: r.end });
  if (length > MAX_MESSAGE)
    r.issue(
      'CONTENT-MESSAGE-SIZE',
      `A pending control message is at most ${MAX_MESSAGE} bytes; this one is ${length}.`,
      r.start,
      r.end,
    );
  let type: number | undefined;
  if (length >= 8) {
    type = r.u32('MessageType', { names: MESSAGE_TYPES });
    r.u32('Padding');
  }
  if (r.remaining > 0) r.bytes('Body', r.remaining);
  return type === undefined ? { length, bytes } : { length, type, bytes };
}

function endPayload(r: FieldReader): EndRecord | undefined {
  const chunkCount = r.u32('ChunkCount');
  const endFlags = r.u32('EndFlags', { note: undefined });
  const streamCrcAt = r.pos;
  if (endFlags !== undefined && endFlags & ~1)
    r.issue('UNSUP-END-FLAGS', `EndFlags bits ${hex(endFlags & ~1, 8)} are not defined.`, streamCrcAt - 4, streamCrcAt);
  const streamCrc = r.u32('StreamCrc32c');
  r.reserved('Reserved', 'u32');
  r.finish('END');
  if (streamCrc === undefined) return undefined;
  return { chunkCount: chunkCount!, endFlags: endFlags!, streamCrc, streamCrcAt };
}

function ringPayload(r: FieldReader): RingRecord | undefined {
  const dAt = r.pos;
  const direction = r.u8('Direction', { names: RING_DIRECTIONS });
  r.enumCheck('Direction', direction, 2, dAt, 1);
  r.reserved('Reserved', 3);
  const ringPageCount = r.u32('RingPageCount');
  const writeIndex = r.u32('WriteIndex');
  const readIndex = r.u32('ReadIndex');
  const interruptMask = r.u32('InterruptMask');
  const pendingSendSize = r.u32('PendingSendSize');
  const featureBits = r.u32('FeatureBits');
  r.reserved('Reserved', 'u32');
  r.finish('RING');
  if (r.short) return undefined;
  return {
    direction: direction!,
    ringPageCount: ringPageCount!,
    writeIndex: writeIndex!,
    readIndex: readIndex!,
    interruptMask: interruptMask!,
    pendingSendSize: pendingSendSize!,
    featureBits: featureBits!,
  };
}

/** Decode the payload at b[start, end) of a chunk of `type`; unknown types yield one raw field. */
export function decodePayload(
  type: number,
  b: Uint8Array,
  start: number,
  end: number,
  withFields = true,
): DecodedPayload {
  const r = new FieldReader(b, start, end, withFields);
  let record: PayloadRecord | undefined;
  switch (type) {
    case CHUNK_TYPES.BEGIN: {
      const v = beginPayload(r);
      if (v) record = { type: 'BEGIN', v };
      break;
    }
    case CHUNK_TYPES.OFFER: {
      const v = offerPayload(r);
      if (v) record = { type: 'OFFER', v };
      break;
    }
    case CHUNK_TYPES.CHANNEL_STATE: {
      const v = channelStatePayload(r);
      if (v) record = { type: 'CHANNEL_STATE', v };
      break;
    }
    case CHUNK_TYPES.GPADL: {
      const v = gpadlPayload(r);
      if (v) record = { type: 'GPADL', v };
      break;
    }
    case CHUNK_TYPES.PACKET: {
      const v = packetPayload(r);
      if (v) record = { type: 'PACKET', v };
      break;
    }
    case CHUNK_TYPES.PENDING_MESSAGE:
      record = { type: 'PENDING_MESSAGE', v: pendingMessagePayload(r) };
      break;
    case CHUNK_TYPES.END: {
      const v = endPayload(r);
      if (v) record = { type: 'END', v };
      break;
    }
    case CHUNK_TYPES.NOTE:
      record = { type: 'NOTE', v: { text: r.utf8('Text', r.remaining) ?? '' } };
      break;
    case CHUNK_TYPES.RING: {
      const v = ringPayload(r);
      if (v) record = { type: 'RING', v };
      break;
    }
    default:
      if (end > start) r.bytes('Data', end - start, 'unknown chunk type: raw bytes');
  }
  return { fields: r.fields, issues: r.issues, record };
}
