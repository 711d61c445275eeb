// What a VMBus server does once a restored channel is enabled (docs/format.md §4, "After
// restore"): OpenVMM's restore_channel and revoke_unclaimed_channels, read for one channel. The
// emulator does none of it; the trace of `.op Enable` lists it so a fixture shows what follows.

import { hex } from '../fieldReader';
import type { ChannelConfig } from '../model';
import { CHANNEL_STATES, MESSAGE_TYPES } from '../payloadRecords';
import type { RestoredState } from './restoredState';

/** Pending messages named one by one in the list; more are counted. */
const NAMED_MESSAGES = 8;

/** The channel's next step from its saved state and the VSP's open/closed view (OpenVMM restore_channel). */
function channelAction(state: number, open: boolean | undefined): string {
  const name = CHANNEL_STATES[state] ?? `state ${state}`;
  const either = (yes: string, no: string) =>
    open === undefined ? `if the VSP restores it open, ${yes}; if closed, ${no}` : open ? yes : no;
  switch (state) {
    case 0:
      return 'the channel stays Closed until the guest opens it';
    case 1:
      return `the channel was saved ${name}: ${either('OpenChannelResult (success) is sent to the guest and the channel is Open', 'the VSP is asked to open it again with the saved request')}`;
    case 2:
      return 'the channel stays Open: the VSP resumes on its ring buffer';
    case 3:
      return `the channel was saved ${name}: ${either('the VSP is asked to close it', 'the close completes and the channel is Closed')}`;
    case 4:
      return `the channel was saved ${name}: ${either('the VSP is asked to close it, then it opens with ReopenParams', 'the VSP is asked to open it with ReopenParams (the channel is Opening)')}`;
    case 5:
      return 'the channel stays revoked: once the guest releases it, it is offered anew';
    default:
      return `the channel was saved in ${name}`;
  }
}

/** The server's steps after a finished restore, in the order it takes them. */
export function afterRestoreActions(s: Readonly<RestoredState>, config: ChannelConfig): string[] {
  const out: string[] = [];
  if (s.pendingMessages.length) {
    const names = s.pendingMessages
      .slice(0, NAMED_MESSAGES)
      .map(
        (m, i) =>
          `${i + 1}. ${m.type === undefined ? `${m.length} bytes` : (MESSAGE_TYPES[m.type] ?? `type ${m.type}`)}`,
      );
    const more = s.pendingMessages.length - NAMED_MESSAGES;
    out.push(
      `${s.pendingMessages.length} pending message(s) are delivered to the guest first, in saved order, before any message the restore itself causes: ${names.join(', ')}${more > 0 ? `, and ${more} more` : ''}`,
    );
  }
  if (s.channelState) out.push(channelAction(s.channelState.state, config.expectOpen));
  for (const g of s.gpadls.values()) {
    const id = hex(g.gpadlId, 8);
    if (g.state === 0) out.push(`GPADL ${id} (InProgress) waits for the guest's remaining GpadlBody messages`);
    else if (g.state === 1) out.push(`GPADL ${id} (Offered) is offered to the VSP again`);
    else if (g.state === 3) out.push(`the teardown of GPADL ${id} (TearingDown) is issued to the VSP again`);
  }
  return out;
}
