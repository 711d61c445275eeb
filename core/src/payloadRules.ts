// Field rules the payload decoders apply that come from OpenVMM's VMBus server (docs/format.md §3,
// §4.1): feature flags against the version, monitor id consistency, the GPA range bound.

import { hex } from './fieldReader';
import { FEATURE_FLAGS_DEFINED, MAX_MONITOR_ID } from './payloadRecords';

/** The largest ByteCount + ByteOffset whose page rounding fits in 32 bits (OpenVMM gparange::parse, checked_add). */
export const MAX_RANGE_END = 0xfffff000;

/** VMBus 6.0 (OpenVMM `Version::Copper`): the first version whose connection negotiates feature flags. */
export const VMBUS_FEATURES_FROM = 0x00060000;

/** Why FeatureFlags cannot go with this VmbusVersion (OpenVMM VersionInfo::restore), or undefined. */
export function featureFlagsFault(version: number, flags: number): string | undefined {
  const undefinedBits = flags & ~FEATURE_FLAGS_DEFINED;
  if (undefinedBits)
    return `FeatureFlags ${hex(flags, 8)} sets bits ${hex(undefinedBits, 8)}; only bits 0..7 are defined (${hex(FEATURE_FLAGS_DEFINED, 2)}).`;
  if (flags !== 0 && version < VMBUS_FEATURES_FROM)
    return `FeatureFlags ${hex(flags, 8)} with VMBus ${version >>> 16}.${version & 0xffff}: feature flags are negotiated from VMBus 6.0 on, and must be 0 below it.`;
  return undefined;
}

/** Why MonitorId and MonitorAllocated disagree (OpenVMM send_offer, MAX_MONITORS), or undefined. */
export function monitorFault(monitorId: number, allocated: number): string | undefined {
  if (allocated === 1 && monitorId === 0xff)
    return 'MonitorAllocated is 1 but MonitorId is 0xFF (none): an offer with a monitor has its id.';
  if (allocated === 0 && monitorId !== 0xff)
    return `MonitorAllocated is 0 but MonitorId is ${monitorId}: an offer without a monitor has MonitorId 0xFF.`;
  if (allocated === 1 && monitorId > MAX_MONITOR_ID)
    return `MonitorId ${monitorId} is above ${MAX_MONITOR_ID}: the monitor page has 128 monitors (4 groups of 32).`;
  return undefined;
}
