// The channel-state model the emulated save reads and the emulated restore produces: the channel's
// part of the restored state (emulator/restoredState.ts), without the stream bookkeeping a restore
// keeps (sequence, CRC, continuation). docs/format.md §9.1.

import type { RestoredState } from '../emulator/restoredState';

/** What a save writes and a restore gives back: the same type as the restored state, its channel fields. */
export type ChannelState = Pick<
  RestoredState,
  'begin' | 'offer' | 'channelState' | 'gpadls' | 'packets' | 'pendingMessages' | 'notes' | 'rings'
>;

/** The channel fields of a restored state (shared, not copied: save only reads them). */
export function channelStateOf(s: Readonly<RestoredState>): ChannelState {
  return {
    begin: s.begin,
    offer: s.offer,
    channelState: s.channelState,
    gpadls: s.gpadls,
    packets: s.packets,
    pendingMessages: s.pendingMessages,
    notes: s.notes,
    rings: s.rings,
  };
}

/** Why a state cannot be saved (no BEGIN, OFFER or CHANNEL_STATE), or undefined when it can. */
export function unsaveableReason(s: ChannelState): string | undefined {
  const missing = [!s.begin && 'BEGIN identity', !s.offer && 'offer', !s.channelState && 'channel state'].filter(
    (x): x is string => typeof x === 'string',
  );
  return missing.length ? `the channel holds no ${missing.join(', ')} to save` : undefined;
}
