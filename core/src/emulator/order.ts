// The required order of mandatory chunks: BEGIN OFFER CHANNEL_STATE GPADL* PACKET* PENDING_MESSAGE* END.

import { CHUNK_TYPES } from '../layout';

/** Rank of each mandatory type; a chunk may follow the ranks listed in AFTER. */
export const RANK: Record<number, number> = {
  [CHUNK_TYPES.BEGIN]: 0,
  [CHUNK_TYPES.OFFER]: 1,
  [CHUNK_TYPES.CHANNEL_STATE]: 2,
  [CHUNK_TYPES.GPADL]: 3,
  [CHUNK_TYPES.PACKET]: 4,
  [CHUNK_TYPES.PENDING_MESSAGE]: 5,
  [CHUNK_TYPES.END]: 6,
};

const AFTER: Record<number, readonly number[]> = {
  0: [],
  1: [0],
  2: [1],
  3: [2, 3],
  4: [2, 3, 4],
  5: [2, 3, 4, 5],
  6: [2, 3, 4, 5],
};

export const ORDER_TEXT = 'BEGIN OFFER CHANNEL_STATE GPADL* PACKET* PENDING_MESSAGE* END';

export function mayFollow(rank: number, previous: number): boolean {
  return AFTER[rank].includes(previous);
}
