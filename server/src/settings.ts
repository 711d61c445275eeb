// The `vmbstate.*` settings the server honours, their defaults, and how they turn into decode
// options. Values from the client are validated field by field: a bad value falls back to its default.

import type { ChannelConfig, ChannelLifecycle } from '../../core/src/model';
import { CHANNEL_LIFECYCLE } from '../../core/src/model';
import type { Buffering } from '../../core/src/decoder';

export interface ServerSettings {
  maxProblems: number;
  warnUnknownOptionalChunks: boolean;
  channel: { initialState: ChannelLifecycle; packetCallbacks: boolean };
  statusProfile: 'default' | 'vid';
  binary: { buffering: 'chunk' | 'whole' | 'size'; bufferSize: number };
  inlayHints: { enabled: boolean };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  maxProblems: 1000,
  warnUnknownOptionalChunks: true,
  channel: { initialState: 'Disabled', packetCallbacks: true },
  statusProfile: 'default',
  binary: { buffering: 'chunk', bufferSize: 4096 },
  inlayHints: { enabled: true },
};

type Raw = Record<string, unknown> | undefined;

function obj(v: unknown): Raw {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Read a dotted key from either nested objects ({channel: {initialState}}) or flat keys ("channel.initialState"). */
function pick(raw: Raw, key: string): unknown {
  if (!raw) return undefined;
  if (key in raw) return raw[key];
  const [head, ...rest] = key.split('.');
  return rest.length ? pick(obj(raw[head]), rest.join('.')) : undefined;
}

const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
const oneOf = <T extends string>(v: unknown, values: readonly T[], d: T): T => (typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : d);
const int = (v: unknown, d: number, min: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(min, Math.floor(v)) : d);

/** Normalise the `vmbstate` configuration section as the client sends it. */
export function normalizeSettings(value: unknown): ServerSettings {
  const raw = obj(value);
  const d = DEFAULT_SETTINGS;
  return {
    maxProblems: int(pick(raw, 'maxProblems'), d.maxProblems, 1),
    warnUnknownOptionalChunks: bool(pick(raw, 'warnUnknownOptionalChunks'), d.warnUnknownOptionalChunks),
    channel: {
      initialState: oneOf(pick(raw, 'channel.initialState'), CHANNEL_LIFECYCLE, d.channel.initialState),
      packetCallbacks: bool(pick(raw, 'channel.packetCallbacks'), d.channel.packetCallbacks),
    },
    statusProfile: oneOf(pick(raw, 'statusProfile'), ['default', 'vid'] as const, d.statusProfile),
    binary: {
      buffering: oneOf(pick(raw, 'binary.buffering'), ['chunk', 'whole', 'size'] as const, d.binary.buffering),
      bufferSize: int(pick(raw, 'binary.bufferSize'), d.binary.bufferSize, 32),
    },
    inlayHints: { enabled: bool(pick(raw, 'inlayHints.enabled'), d.inlayHints.enabled) },
  };
}

/** How a binary stream is cut into restore calls under these settings. */
export function bufferingOf(s: ServerSettings): Buffering {
  return s.binary.buffering === 'size' ? { size: s.binary.bufferSize } : s.binary.buffering;
}

/** The emulated channel the settings describe; a text file's `.channel` directive overrides it. */
export function channelOf(s: ServerSettings): Partial<ChannelConfig> {
  return { state: s.channel.initialState, packetCallbacks: s.channel.packetCallbacks, profile: s.statusProfile };
}
