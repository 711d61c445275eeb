// `.channel` options → ChannelConfig: the emulated channel a text document restores into.

import { CHANNEL_LIFECYCLE, type ChannelConfig, type ChannelLimits } from '../model';
import { OptionError, validateFeatureFlags, validateMonitorId, validateVmbusVersion } from '../runOptions';
import type { DirectiveArgs, OptTok } from './directiveArgs';

const YES_NO = ['yes', 'no', 'true', 'false'] as const;

/** An option value through the shared validator (runOptions.ts); a refusal is TEXT-OPTION on the value. */
function validated<T>(a: DirectiveArgs, o: OptTok, check: (v: string, name: string) => T): T | undefined {
  try {
    return check(o.value, o.key);
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    a.reportOption(o, e.message);
    return undefined;
  }
}

export const CHANNEL_KEYS = [
  'state',
  'interface',
  'instance',
  'subchannel',
  'packetCallbacks',
  'handle',
  'profile',
  'maxGpadls',
  'maxPackets',
  'maxMessages',
  'trusted',
  'monitorId',
  'open',
  'maxVmbusVersion',
  'maxFeatureFlags',
] as const;

const LIMIT_KEYS: Record<string, keyof ChannelLimits> = {
  maxGpadls: 'gpadls',
  maxPackets: 'packets',
  maxMessages: 'messages',
};

/** The settings one `.channel` line makes; invalid values are reported and left out. */
export function readChannelOptions(a: DirectiveArgs): {
  config: Partial<ChannelConfig>;
  limits: Partial<ChannelLimits>;
} {
  const config: Partial<ChannelConfig> = {};
  const limits: Partial<ChannelLimits> = {};
  for (const o of a.opts.values()) {
    switch (o.key) {
      case 'state': {
        const v = a.choice(o, CHANNEL_LIFECYCLE);
        if (v) config.state = v;
        break;
      }
      case 'interface':
      case 'instance': {
        const g = a.guid(o);
        if (g) config[o.key === 'interface' ? 'interfaceType' : 'interfaceInstance'] = g;
        break;
      }
      case 'subchannel': {
        const v = a.num(o, 0xffff);
        if (v !== undefined) config.subchannelIndex = v;
        break;
      }
      case 'packetCallbacks': {
        const v = a.choice(o, YES_NO);
        if (v) config.packetCallbacks = v === 'yes' || v === 'true';
        break;
      }
      case 'trusted':
      case 'open': {
        const v = a.choice(o, YES_NO);
        if (v) config[o.key === 'trusted' ? 'trusted' : 'expectOpen'] = v === 'yes' || v === 'true';
        break;
      }
      case 'monitorId': {
        const v = validated(a, o, validateMonitorId);
        if (v !== undefined) config.monitorId = v;
        break;
      }
      case 'maxVmbusVersion': {
        const v = validated(a, o, validateVmbusVersion);
        if (v !== undefined) config.maxVmbusVersion = v;
        break;
      }
      case 'maxFeatureFlags': {
        const v = validated(a, o, validateFeatureFlags);
        if (v !== undefined) config.maxFeatureFlags = v;
        break;
      }
      case 'handle': {
        const v = a.choice(o, ['valid', 'null'] as const);
        if (v) config.handle = v;
        break;
      }
      case 'profile': {
        const v = a.choice(o, ['default', 'vid'] as const);
        if (v) config.profile = v;
        break;
      }
      default: {
        const v = a.num(o, 0xffffffff);
        if (v !== undefined && LIMIT_KEYS[o.key]) limits[LIMIT_KEYS[o.key]] = v;
      }
    }
  }
  return { config, limits };
}
