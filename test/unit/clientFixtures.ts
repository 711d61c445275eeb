// The example stream of the format design (§7) for the client's unit tests: 600 bytes, chunks
// BEGIN OFFER CHANNEL_STATE GPADL END (96, 176, 192, 88, 48 bytes). One builder serves all tests.

export { exampleStream } from './helpers/example';

/** Chunk start offsets of the example. */
export const EXAMPLE_STARTS = [0, 96, 272, 464, 552];
