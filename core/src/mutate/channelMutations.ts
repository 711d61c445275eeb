// Single edits for the restore rules taken from OpenVMM (docs/format.md §4.1, edits in §8.6):
// feature flags, channel and monitor ids, the relayed monitor id, GPADLs of a revoked channel,
// the ring buffer GPADL's shape and the VSP's expected open state.

import { CHANNEL_STATES, GPADL_STATES } from '../payloadRecords';
import { blocksOf, fieldValue, setField } from './base';
import { chunkName, firstOfType, none, onField, setChannel, type Mutation } from './edits';

const stateName = (v: bigint) => CHANNEL_STATES[Number(v)] ?? `State ${v}`;

export const CHANNEL_RULE_MUTATIONS: readonly Mutation[] = [
  onField(
    'VER-FEATURES',
    'BEGIN',
    'FeatureFlags',
    (v) => v | 0x100n,
    'FeatureFlags bit 8, which no VMBus version defines',
  ),
  onField(
    'CONTENT-CHANNEL-ID',
    'OFFER',
    'ChannelId',
    () => 2048n,
    'ChannelId 2048, above the 2047 channel ids a server assigns',
  ),
  onField(
    'CONTENT-MONITOR',
    'OFFER',
    'MonitorAllocated',
    (v) => v ^ 1n,
    'MonitorAllocated no longer says whether MonitorId is 0xFF (none)',
  ),
  {
    code: 'CONTENT-MONITOR-MISMATCH',
    apply(b) {
      const f = firstOfType(b, 'OFFER');
      if (!f) return none('OFFER');
      const id = fieldValue(f.block, 'MonitorId');
      const allocated = fieldValue(f.block, 'MonitorAllocated');
      if (id === undefined || allocated === undefined) return { skip: 'OFFER has no numeric MonitorId field' };
      const other = allocated === 1n ? (id + 1n) % 128n : 0n;
      setChannel(b, 'monitorId', String(other));
      return {
        changed: `\`.channel monitorId=${other}\`: the channel is offered with relayed MNF monitor id ${other}, and OFFER has ${allocated === 1n ? `MonitorId ${id}` : 'no monitor'}`,
      };
    },
  },
  {
    code: 'CONTENT-GPADL-REVOKED',
    apply(b) {
      const cs = firstOfType(b, 'CHANNEL_STATE');
      if (!cs) return none('CHANNEL_STATE');
      const state = fieldValue(cs.block, 'State');
      const gpadls = blocksOf(b).filter((x) => x.block.type === 'GPADL');
      if (!gpadls.length) return none('GPADL');
      const gpadlState = (g: (typeof gpadls)[number]) => fieldValue(g.block, 'State');
      if (state === 5n) {
        // Revoked: a clean stream's GPADLs are InProgress or Accepted; an Accepted one (whose ranges
        // are already validated) becomes Offered.
        const g = gpadls.find((x) => gpadlState(x) === 2n) ?? gpadls[0];
        const was = gpadlState(g);
        setField(g.block, 'State', 1, 'Offered, on a Revoked channel');
        const i = blocksOf(b).findIndex((x) => x.block === g.block);
        return {
          changed: `${chunkName(i, g.block)} State ${was === undefined ? '' : (GPADL_STATES[Number(was)] ?? was)} → Offered, on a channel saved Revoked`,
        };
      }
      const offered = gpadls.find((g) => gpadlState(g) === 1n || gpadlState(g) === 3n);
      if (state === 0n && offered) {
        // Closed carries no open parameters, like Revoked: the State alone can change.
        setField(cs.block, 'State', 5, 'Revoked, with an Offered or TearingDown GPADL');
        return {
          changed: `${chunkName(cs.i, cs.block)} State Closed → Revoked, and the stream restores a GPADL that is ${GPADL_STATES[Number(gpadlState(offered))]}`,
        };
      }
      if (state === 0n)
        return {
          skip: 'the channel is saved Closed and no GPADL is Offered or TearingDown: two edits (the channel State and a GPADL State) would be needed',
        };
      return {
        skip: `the channel is saved ${state === undefined ? 'with no State' : stateName(state)}, which is neither Revoked nor Closed: a Revoked CHANNEL_STATE carries no open parameters, so it takes more than one edit`,
      };
    },
  },
  {
    code: 'CONTENT-RING-SHAPE',
    apply(b) {
      const f = firstOfType(b, 'CHANNEL_STATE');
      if (!f) return none('CHANNEL_STATE');
      const old = fieldValue(f.block, 'DownstreamPageOffset');
      if (old === undefined) return { skip: 'CHANNEL_STATE carries no open parameters, so no ring buffer GPADL' };
      setField(f.block, 'DownstreamPageOffset', 0, 'the host-to-guest ring cannot start at page 0');
      return {
        changed: `${chunkName(f.i, f.block)} DownstreamPageOffset ${old} → 0: the ring buffer GPADL is no longer split into two rings`,
      };
    },
  },
  {
    code: 'STATE-OPEN-MISMATCH',
    apply(b) {
      const f = firstOfType(b, 'CHANNEL_STATE');
      if (!f) return none('CHANNEL_STATE');
      const state = fieldValue(f.block, 'State');
      const open = state === 0n || state === 5n ? 'yes' : state === 2n ? 'no' : undefined;
      if (state === undefined || !open)
        return {
          skip: `the channel is saved ${state === undefined ? 'with no State' : stateName(state)}, which passes both open=yes and open=no`,
        };
      setChannel(b, 'open', open);
      return {
        changed: `\`.channel open=${open}\`: the VSP expects the channel ${open === 'yes' ? 'open' : 'closed'}, and it was saved ${stateName(state)}`,
      };
    },
  },
];
