// Random channel states that a restore accepts (docs/format.md §3 rules: open params per state, a
// ring GPADL restored and Accepted, unique ids), for the save ⇄ restore round-trip property.

import {
  EmulatedChannel,
  saveSourceFromState,
  saveWithBufferSize,
  type ChannelState,
  type GpadlRecord,
  type OpenParams,
  type PacketRecord,
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
  const gpadls = new Map<number, GpadlRecord>();
  const gpadlCount = int(5);
  for (let i = 0; i < gpadlCount + 2; i++) {
    const ranges = Array.from({ length: 1 + int(3) }, () => {
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
    gpadls.set(id, { gpadlId: id, channelId, state: i < 2 ? 2 : int(4), rangeCount: ranges.length, ranges });
  }
  const open = (ring: number): OpenParams => ({
    openId: u32(),
    ringGpadlId: ring,
    targetVp: int(64),
    downstreamPageOffset: int(64),
    openFlags: int(0x10000),
    eventFlag: int(0x10000),
    guestConnectionId: u32(),
    hasGuestSignal: int(2),
    userData: rand() < 0.5 ? new Uint8Array(120) : randomBytes(rand, 120),
  });
  const [state, hasOpen, hasReopen] = STATES[int(STATES.length)];
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
  return {
    begin: {
      interfaceType: 'ba6163d9-04a1-4d29-b605-72e2ffb1dc7f',
      interfaceInstance: `${u32().toString(16).padStart(8, '0')}-2222-3333-4444-555555555555`,
      subchannelIndex: int(4),
      vmbusVersion: VERSIONS[int(VERSIONS.length)],
      featureFlags: u32(),
      chunkCount: 0,
      // Small limits split OFFER, CHANNEL_STATE, GPADLs and packets over CONTINUES chunks.
      maxPayloadLength: rand() < 0.5 ? 64 + 8 * int(24) : 0x10000,
      creationTime: BigInt(u32()) << 20n,
    },
    offer: {
      channelId,
      connectionId: u32(),
      monitorId: int(256),
      monitorAllocated: int(2),
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
    pendingMessages: Array.from({ length: int(3) }, () => randomBytes(rand, int(241))),
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
