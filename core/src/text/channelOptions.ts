// `.channel` options → ChannelConfig: the emulated channel a text document restores into.

import { CHANNEL_LIFECYCLE, type ChannelConfig, type ChannelLimits } from '../model';
import type { DirectiveArgs } from './directiveArgs';

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
        const v = a.choice(o, ['yes', 'no', 'true', 'false']);
        if (v) config.packetCallbacks = v === 'yes' || v === 'true';
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
