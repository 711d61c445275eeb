// Random channel states that a restore accepts (docs/format.md §3 and §4.1 rules: open params per state, a
// ring GPADL restored and Accepted, unique ids), for the save ⇄ restore round-trip property.

import {
  EmulatedChannel,
  saveSourceFromState,
  saveWithBufferSize,
  type ChannelState,
  type GpadlRecord,
  type OpenParams,
  type PacketRecord,
  type PendingMessage,
  type RingRecord,
} from '../../../core/src';
import { randomBytes } from './prng';

const VERSIONS = [0x0000000d, 0x00010001, 0x00020004, 0x00030000, 0x00040000, 0x00050000, 0x00050003, 0x00060000];
/** Channel states with [HasOpenParams, HasReopenParams] (docs/format.md, CHANNEL_STATE). */
const STATES: [number, boolean, boolean][] = [
  [0, false, false],
  [1, true, false],
  [2, true, false],
  [3, true, false],
  [4, true, true],
  [5, false, false],
];

export function randomChannelState(rand: () => number): ChannelState {
  const int = (n: number) => Math.floor(rand() * n);
  const u32 = () => int(0x1_0000_0000);
  const channelId = 1 + int(500);
  const [state, hasOpen, hasReopen] = STATES[int(STATES.length)];
  const gpadls = new Map<number, GpadlRecord>();
  const gpadlCount = int(5);
  // The two ring GPADLs (0xE000, 0xE001) have the ring shape: one page-aligned range of 2..5 pages.
  const ringPages = [2 + int(4), 2 + int(4)];
  for (let i = 0; i < gpadlCount + 2; i++) {
    const ringRange = () => ({
      byteCount: ringPages[i] * 4096,
      byteOffset: 0,
      pfns: Array.from({ length: ringPages[i] }, () => BigInt(u32()) * 16n + BigInt(int(16))),
    });
    const ranges = Array.from({ length: i < 2 ? 1 : 1 + int(3) }, () => {
      if (i < 2) return ringRange();
      const byteOffset = int(0x1000);
      const byteCount = 1 + int(3 * 4096);
      const pages = Math.ceil((byteCount + byteOffset) / 4096);
      return {
        byteCount,
        byteOffset,
        pfns: Array.from({ length: pages }, () => BigInt(u32()) * 16n + BigInt(int(16))),
      };
    });
    const id = 0xe000 + i;
    // A Revoked channel keeps only InProgress or Accepted GPADLs (CONTENT-GPADL-REVOKED).
    const gpadlState = i < 2 ? 2 : state === 5 ? 2 * int(2) : int(4);
    gpadls.set(id, { gpadlId: id, channelId, state: gpadlState, rangeCount: ranges.length, ranges });
  }
  const open = (ring: number): OpenParams => ({
    openId: u32(),
    ringGpadlId: ring,
    targetVp: int(64),
    downstreamPageOffset: 1 + int(ringPages[ring - 0xe000] - 1),
    openFlags: int(0x10000),
    eventFlag: int(0x10000),
    guestConnectionId: u32(),
    hasGuestSignal: int(2),
    userData: rand() < 0.5 ? new Uint8Array(120) : randomBytes(rand, 120),
  });
  const packets = new Map<bigint, PacketRecord>();
  for (let i = int(4); i > 0; i--) {
    const libState = randomBytes(rand, int(rand() < 0.2 ? 300 : 40));
    const vspState = randomBytes(rand, int(60));
    const id = (BigInt(u32()) << 16n) | BigInt(i);
    packets.set(id, {
      transactionId: id,
      libStateLength: libState.length,
      vspStateLength: vspState.length,
      libState,
      vspState,
    });
  }
  const rings: RingRecord[] = Array.from({ length: int(3) }, () => ({
    direction: int(2),
    ringPageCount: u32(),
    writeIndex: u32(),
    readIndex: u32(),
    interruptMask: u32(),
    pendingSendSize: u32(),
    featureBits: u32(),
  }));
  const vmbusVersion = VERSIONS[int(VERSIONS.length)];
  const monitorAllocated = int(2);
  return {
    begin: {
      interfaceType: 'ba6163d9-04a1-4d29-b605-72e2ffb1dc7f',
      interfaceInstance: `${u32().toString(16).padStart(8, '0')}-2222-3333-4444-555555555555`,
      subchannelIndex: int(4),
      vmbusVersion,
      // No flags below VMBus 6.0; defined bits only, and not 0x10 (confidential: needs `trusted`).
      featureFlags: vmbusVersion < 0x00060000 ? 0 : int(0x100) & ~0x10,
      chunkCount: 0,
      // Small limits split OFFER, CHANNEL_STATE, GPADLs and packets over CONTINUES chunks.
      maxPayloadLength: rand() < 0.5 ? 64 + 8 * int(24) : 0x10000,
      creationTime: BigInt(u32()) << 20n,
    },
    offer: {
      channelId,
      connectionId: u32(),
      monitorId: monitorAllocated ? int(128) : 0xff,
      monitorAllocated,
      isDedicated: int(2),
      offerFlags: int(0x10000),
      mmioMegabytes: int(0x10000),
      mmioMegabytesOptional: int(0x10000),
      userDefined: rand() < 0.5 ? new Uint8Array(120) : randomBytes(rand, 120),
    },
    channelState: {
      state,
      ...(hasOpen ? { open: open(0xe000) } : {}),
      ...(hasReopen ? { reopen: open(0xe001) } : {}),
    },
    gpadls,
    packets,
    pendingMessages: Array.from({ length: int(3) }, () => pendingMessage(randomBytes(rand, int(241)))),
    notes: Array.from({ length: int(2) }, () => ['', 'saved by vmbstate', 'ünïcødé ✓', 'a'.repeat(int(200))][int(4)]),
    rings,
  };
}

/** The state as a restore gives it back: BEGIN's ChunkCount is the stream's, not the model's. */
export function comparable(s: ChannelState, chunkCount: number): ChannelState {
  return { ...s, begin: s.begin && { ...s.begin, chunkCount } };
}

/** Save `state` with `bufferSize`, then restore each save buffer as one call; returns both sides. */
export function saveThenRestore(state: ChannelState, bufferSize: number) {
  const run = saveWithBufferSize(saveSourceFromState(state), bufferSize);
  const ch = new EmulatedChannel({ state: 'Disabled', handle: 'valid', packetCallbacks: true, profile: 'default' });
  const statuses: number[] = [];
  let at = 0;
  for (const c of run.calls) {
    statuses.push(ch.restoreFromBuffer(run.stream.subarray(at, at + c.bytesFilled), c.bytesFilled, at).status);
    at += c.bytesFilled;
  }
  return { run, channel: ch, restoreStatuses: statuses };
}

/** A pending message as the restore keeps it: its bytes, length and (with the 8-byte header) type. */
function pendingMessage(bytes: Uint8Array): PendingMessage {
  const length = bytes.length;
  if (length < 8) return { length, bytes };
  return { length, type: new DataView(bytes.buffer, bytes.byteOffset, length).getUint32(0, true), bytes };
}
