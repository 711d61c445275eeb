// One save fuzz case: a random channel state saved with a random buffer size (some below the
// largest chunk), then restored buffer by buffer; the round trip of docs/format.md §9.1 must hold.

import { deepStrictEqual } from 'node:assert';
import { STATUS, saveSourceFromState, saveSourceOf, saveWithBufferSize } from '../../core/src';
import { comparable, randomChannelState, saveThenRestore } from '../unit/helpers/channelStates';
import { prng } from '../unit/helpers/prng';

export function runSaveCase(seed: number): void {
  const rand = prng(seed ^ 0x5a5e);
  const state = randomChannelState(rand);
  const chunks = saveWithBufferSize(saveSourceFromState(state), 1 << 24).chunks;
  const sizes = chunks.map((c) => c.bytes.length);
  const biggest = Math.max(...sizes);
  const size = Math.floor(rand() * (biggest + 3000));
  const { run, channel, restoreStatuses } = saveThenRestore(state, size);
  const statuses = run.calls.map((c) => c.status);
  if (size < biggest) {
    const last = run.calls[run.calls.length - 1];
    if (last.status !== STATUS.STATUS_BUFFER_TOO_SMALL || last.bytesRequired !== sizes[last.writtenTotal])
      throw new Error(`size ${size} < ${biggest}: expected BUFFER_TOO_SMALL for the next chunk`);
    return;
  }
  deepStrictEqual(statuses, [...statuses.slice(1).map(() => STATUS.STATUS_BUFFER_OVERFLOW), STATUS.STATUS_SUCCESS]);
  deepStrictEqual(restoreStatuses, [
    ...restoreStatuses.slice(1).map(() => STATUS.STATUS_MORE_PROCESSING_REQUIRED),
    STATUS.STATUS_SUCCESS,
  ]);
  deepStrictEqual(saveSourceOf(channel).state, comparable(state, chunks.length));
}
