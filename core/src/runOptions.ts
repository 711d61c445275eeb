// One validator for the options that shape a run (how a binary is cut into restore calls and the
// emulated channel), shared by the CLI flags, the language server's settings and the debugger's
// launch attributes, so the three accept and refuse the same values (docs/format.md §4).

import type { Buffering } from './decoder';
import { CHANNEL_LIFECYCLE, type ChannelConfig, type ChannelLifecycle } from './model';
import { MAX_STREAM_BYTES } from './limits';
import { VMBUS_VERSIONS } from './payloadRecords';

/** An option value that is refused; the message names the option and the accepted values. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

export const BUFFERING_MODES = ['chunk', 'whole', 'size'] as const;
export type BufferingMode = (typeof BUFFERING_MODES)[number];
export const STATUS_PROFILES = ['default', 'vid'] as const;

const show = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}` : (JSON.stringify(v) ?? String(v));

/** A buffer size: a whole number of bytes from 1 to the stream limit. */
export function validateBufferSize(v: unknown, name = 'bufferSize'): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_STREAM_BYTES) {
    throw new OptionError(`${name} must be a whole number of bytes from 1 to ${MAX_STREAM_BYTES}, not ${show(v)}`);
  }
  return n;
}

/**
 * Buffering from a mode and a size, as launch attributes and settings give them. No mode and no
 * size: undefined (the default, one chunk per call). A size alone means "size". "size" needs a
 * size; "chunk" and "whole" refuse one, so a size is never silently ignored.
 */
export function validateBuffering(
  mode: unknown,
  size: unknown,
  names = { mode: 'buffering', size: 'bufferSize' },
): Buffering | undefined {
  if (mode !== undefined && !(BUFFERING_MODES as readonly unknown[]).includes(mode)) {
    throw new OptionError(
      `${names.mode} must be one of ${BUFFERING_MODES.map((m) => `"${m}"`).join(', ')}, not ${show(mode)}`,
    );
  }
  if (mode === undefined && size === undefined) return undefined;
  if (mode === 'chunk' || mode === 'whole') {
    if (size !== undefined)
      throw new OptionError(
        `${names.size} is set, but ${names.mode} is "${mode}": set ${names.mode} to "size" or remove ${names.size}`,
      );
    return mode;
  }
  if (size === undefined) throw new OptionError(`${names.mode} "size" needs ${names.size} (the buffer size in bytes)`);
  return { size: validateBufferSize(size, names.size) };
}

/** The CLI's single-word form: `chunk`, `whole` or a byte count. */
export function parseBufferingWord(word: string, name = '--buffering'): Buffering {
  if (word === 'chunk' || word === 'whole') return word;
  if (/^\d+$/.test(word)) return { size: validateBufferSize(word, name) };
  throw new OptionError(`${name} takes chunk, whole or a byte count, not ${show(word)}`);
}

/** A channel lifecycle state, matched without regard to case. */
export function validateChannelState(v: unknown, name = 'initialState'): ChannelLifecycle {
  const s = typeof v === 'string' ? CHANNEL_LIFECYCLE.find((x) => x.toLowerCase() === v.toLowerCase()) : undefined;
  if (!s) throw new OptionError(`${name} must be one of ${CHANNEL_LIFECYCLE.join(', ')}, not ${show(v)}`);
  return s;
}

export function validateProfile(v: unknown, name = 'statusProfile'): ChannelConfig['profile'] {
  const profile = STATUS_PROFILES.find((p) => p === v);
  if (!profile) throw new OptionError(`${name} must be "default" or "vid", not ${show(v)}`);
  return profile;
}

export function validateFlag(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw new OptionError(`${name} must be true or false, not ${show(v)}`);
  return v;
}

/** What a buffering means, for messages that say what a run actually used. */
export function describeBuffering(b: Buffering | undefined): string {
  if (b === undefined || b === 'chunk') return 'one chunk per restore call';
  if (b === 'whole') return 'the whole file in one restore call';
  return `whole chunks packed into buffers of at most ${b.size} bytes`;
}

/** A VMBus protocol version limit, `M.m`: one of the known versions, as major << 16 | minor. */
export function validateVmbusVersion(v: unknown, name = 'maxVmbusVersion'): number {
  const m = typeof v === 'string' ? /^(\d{1,5})\.(\d{1,5})$/.exec(v) : null;
  const known = Object.keys(VMBUS_VERSIONS).map(Number);
  const value = m ? ((+m[1] << 16) | +m[2]) >>> 0 : undefined;
  if (value === undefined || !known.includes(value) || +m![1] > 0xffff || +m![2] > 0xffff) {
    const list = known.map((k) => `${k >>> 16}.${k & 0xffff}`).join(', ');
    throw new OptionError(`${name} must be a VMBus version MAJOR.MINOR, one of ${list}; not ${show(v)}`);
  }
  return value;
}

/** A feature-flags mask: a whole number 0..0xFFFFFFFF (decimal or 0x hex in text). */
export function validateFeatureFlags(v: unknown, name = 'maxFeatureFlags'): number {
  const n =
    typeof v === 'string' && /^(0x[0-9a-f]{1,8}|\d{1,10})$/i.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new OptionError(`${name} must be a number from 0 to 0xFFFFFFFF, not ${show(v)}`);
  return n;
}

/** An allocated monitor id: 0..127 (OpenVMM MAX_MONITORS = 128). */
export function validateMonitorId(v: unknown, name = 'monitorId'): number {
  const n =
    typeof v === 'string' && /^(0x[0-9a-f]{1,2}|\d{1,3})$/i.test(v) ? Number(v) : typeof v === 'number' ? v : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 127)
    throw new OptionError(`${name} must be an allocated monitor id from 0 to 127, not ${show(v)}`);
  return n;
}
