// The emulated save side (docs/format.md §9): the channel-state model, the chunks a save writes,
// VmbChannelSaveBegin/SaveContinue/SaveEnd, and the buffer-size sweep.
export { channelStateOf, unsaveableReason, type ChannelState } from './channelState';
export { saveChunks, type SavedChunk } from './saveChunks';
export {
  EmulatedSave,
  saveSourceOf,
  saveSourceFromState,
  saveWithBufferSize,
  type SaveSource,
  type SavePhase,
  type SaveRefusal,
  type SaveBeginResult,
  type SaveContinueResult,
  type SaveEndResult,
  type SaveRun,
} from './emulatedSave';
export {
  sweepBufferSizes,
  packSpans,
  nextPackingChange,
  MAX_SWEEP_PACKINGS,
  type SweepOptions,
  type SweepPacking,
  type SweepRange,
  type SweepResult,
  type SaveSweep,
  type SaveSweepRange,
} from './sweep';
export { runSaveSteps, SaveStepper, type SaveStepTrace, type SaveStepsRun } from './saveSteps';
