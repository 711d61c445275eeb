// What the emulated channel has restored so far. A restore call validates its whole buffer
// against a Draft layered over the committed state, then commits all of it or none.

import type {
  BeginRecord,
  ChannelStateRecord,
  GpadlRecord,
  OfferRecord,
  PacketRecord,
  RingRecord,
} from '../payloadRecords';

export interface Continuation {
  type: number;
  parts: Uint8Array[];
  /** Stream offset of the first fragment's payload, for diagnostics. */
  firstChunk: number;
}

/** A pending control message, kept in saved order: a server delivers them first after restore. */
export interface PendingMessage {
  length: number;
  /** The message type (first u32), when the message has its 8-byte header. */
  type?: number;
  /** The whole message as saved (the save side writes it back unchanged). */
  bytes: Uint8Array;
}

export interface RestoredState {
  begin?: BeginRecord;
  /** Format version of the BEGIN chunk; later chunks must match it. */
  version?: { major: number; minor: number };
  offer?: OfferRecord;
  channelState?: ChannelStateRecord;
  gpadls: Map<number, GpadlRecord>;
  packets: Map<bigint, PacketRecord>;
  messages: number;
  /** The pending messages in saved order (`messages` counts them), with their bytes. */
  pendingMessages: PendingMessage[];
  notes: string[];
  rings: RingRecord[];
  /** Chunks consumed, skipped optional ones included. */
  chunks: number;
  nextSequence: number;
  /** Rank of the last mandatory chunk type (ORDER in order.ts), -1 before BEGIN. */
  rank: number;
  final: boolean;
  /** Running CRC-32C over every consumed chunk's bytes (END's StreamCrc32c). */
  streamCrc: number;
  /** Stream offset of each consumed chunk, by sequence (for related locations). */
  chunkAt: number[];
  /** Stream offset of the FINAL chunk, once consumed. */
  finalAt?: number;
  continuation?: Continuation;
}

export function emptyState(): RestoredState {
  return {
    gpadls: new Map(),
    packets: new Map(),
    messages: 0,
    pendingMessages: [],
    notes: [],
    rings: [],
    chunks: 0,
    nextSequence: 0,
    rank: -1,
    final: false,
    streamCrc: 0,
    chunkAt: [],
  };
}

/** Scalars are copied; the maps are shared with the committed state and extended through `added*`. */
export class Draft {
  readonly s: RestoredState;
  readonly addedGpadls = new Map<number, GpadlRecord>();
  readonly addedPackets = new Map<bigint, PacketRecord>();
  readonly addedNotes: string[] = [];
  readonly addedMessages: PendingMessage[] = [];
  readonly addedRings: RingRecord[] = [];
  readonly addedChunkAt: number[] = [];

  /** Fragments the committed continuation held when the draft began; the draft appends to the same list. */
  private readonly partsBefore: number;

  constructor(private readonly committed: RestoredState) {
    // The fragment list is shared, not copied: a record split over many calls stays linear.
    this.s = { ...committed, continuation: committed.continuation && { ...committed.continuation } };
    this.partsBefore = committed.continuation?.parts.length ?? 0;
  }

  /** The draft is dropped (the call failed): undo its appends to the shared fragment list. */
  discard(): void {
    const c = this.committed.continuation;
    if (c) c.parts.length = this.partsBefore;
  }

  gpadl(id: number): GpadlRecord | undefined {
    return this.addedGpadls.get(id) ?? this.s.gpadls.get(id);
  }
  hasPacket(id: bigint): boolean {
    return this.addedPackets.has(id) || this.s.packets.has(id);
  }
  /** Stream offset of the consumed chunk with this sequence. */
  chunkOffset(sequence: number): number | undefined {
    const n = this.s.chunkAt.length;
    return sequence < n ? this.s.chunkAt[sequence] : this.addedChunkAt[sequence - n];
  }
  get gpadlCount(): number {
    return this.s.gpadls.size + this.addedGpadls.size;
  }
  get packetCount(): number {
    return this.s.packets.size + this.addedPackets.size;
  }

  /** The committed state with this draft applied. */
  commit(): RestoredState {
    const s = this.s;
    for (const [k, v] of this.addedGpadls) s.gpadls.set(k, v);
    for (const [k, v] of this.addedPackets) s.packets.set(k, v);
    // Loops, not push(...a): a whole-file buffer may add more items than a call takes arguments.
    for (const n of this.addedNotes) s.notes.push(n);
    for (const m of this.addedMessages) s.pendingMessages.push(m);
    for (const r of this.addedRings) s.rings.push(r);
    for (const a of this.addedChunkAt) s.chunkAt.push(a);
    return s;
  }
}
