// The standalone adapter (dist/debugAdapter.js, DAP over stdio): one process serves Step Restore and
// Step Save, choosing the session by the launch's `mode` as the extension's inline factory does.

import { CapabilitiesEvent, DebugSession } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { StepRestoreSession } from './stepRestoreSession';
import { isStepSaveLaunch, StepSaveSession } from './stepSaveSession';

type Inner = StepRestoreSession | StepSaveSession;

/** Reverse requests (adapter → client) never time out: the client answers or the session ends. */
const REVERSE_REQUEST_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The client sends `initialize` and waits for its answer before `launch`, so the mode is not known
 * when capabilities are due. Step Restore (the default) answers `initialize`; its `initialized`
 * event is held until `launch` (or `attach`) names the mode, so no configuration request reaches a
 * session that is then replaced. A `"mode": "save"` launch replaces it with a Step Save session,
 * which is given the same `initialize`, whose capabilities go out as a `capabilities` event (every
 * Step Restore capability Step Save lacks turned off), and which then takes the launch.
 */
export class StandaloneAdapter extends DebugSession {
  private inner?: Inner;
  private decided = false;
  /** The client's initialize, replayed to a Step Save session. */
  private initialize?: DebugProtocol.Request;
  private initializeAnswer?: DebugProtocol.Capabilities;
  private readonly heldEvents: DebugProtocol.Event[] = [];
  /** Set while a Step Save session answers the replayed initialize: its answer becomes an event. */
  private swallowInitializeAnswer?: (capabilities: DebugProtocol.Capabilities) => void;

  override handleMessage(msg: DebugProtocol.ProtocolMessage): void {
    // A client's answer to a reverse request: ProtocolServer hands it to the callback that forwards it.
    if (msg.type !== 'request') return super.handleMessage(msg);
    const request = msg as DebugProtocol.Request;
    if (request.command === 'initialize' && !this.inner) {
      this.initialize = request;
      this.inner = this.attachInner(new StepRestoreSession());
    } else if ((request.command === 'launch' || request.command === 'attach') && !this.decided) {
      this.decide(isStepSaveLaunch(request.arguments));
    } else if (!this.inner) {
      this.inner = this.attachInner(new StepRestoreSession());
    }
    this.inner!.handleMessage(request);
  }

  /** The launch named the mode: keep Step Restore and release its held events, or switch to Step Save. */
  private decide(save: boolean): void {
    this.decided = true;
    if (!save) {
      this.inner ??= this.attachInner(new StepRestoreSession());
      for (const event of this.heldEvents.splice(0)) this.forward(event);
      return;
    }
    this.heldEvents.length = 0;
    const restoreCapabilities = this.initializeAnswer;
    this.inner?.dispose();
    this.inner = this.attachInner(new StepSaveSession());
    if (!this.initialize) return;
    // The replayed initialize's answer is swallowed (the client has one); its capabilities go out as an event.
    this.swallowInitializeAnswer = (capabilities) => {
      // A capabilities event only changes what it names: Step Restore's flags and lists that Step
      // Save lacks are named as off (false) and empty ([]).
      const off: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(restoreCapabilities ?? {})) {
        if (key in capabilities) continue;
        if (value === true) off[key] = false;
        else if (Array.isArray(value)) off[key] = [];
      }
      this.sendEvent(new CapabilitiesEvent({ ...off, ...capabilities }));
    };
    this.inner.handleMessage(this.initialize);
  }

  private attachInner(session: Inner): Inner {
    session.onDidSendMessage((m) => this.fromInner(session, m as DebugProtocol.ProtocolMessage));
    return session;
  }

  private fromInner(session: Inner, msg: DebugProtocol.ProtocolMessage): void {
    if (session !== this.inner) return;
    if (msg.type === 'response') {
      const response = msg as DebugProtocol.Response;
      if (response.command === 'initialize') {
        const capabilities = (response.body ?? {}) as DebugProtocol.Capabilities;
        if (this.swallowInitializeAnswer) {
          this.swallowInitializeAnswer(capabilities);
          this.swallowInitializeAnswer = undefined;
          return;
        }
        this.initializeAnswer = capabilities;
      }
      this.forward(response);
      // The inner session runs inline and ignores shutdown; this process ends here.
      if (response.command === 'disconnect') this.shutdown();
      return;
    }
    if (msg.type === 'event') {
      const event = msg as DebugProtocol.Event;
      if (!this.decided && event.event === 'initialized') this.heldEvents.push(event);
      else this.forward(event);
      return;
    }
    if (msg.type === 'request') {
      const request = msg as DebugProtocol.Request;
      this.sendRequest(request.command, request.arguments, REVERSE_REQUEST_TIMEOUT_MS, (answer) =>
        session.handleMessage({ ...answer, request_seq: request.seq } as DebugProtocol.Response),
      );
    }
  }

  /** Send an inner session's response or event under this adapter's sequence numbers. */
  private forward(msg: DebugProtocol.Response | DebugProtocol.Event): void {
    const copy = { ...msg, seq: 0 };
    if (msg.type === 'response') this.sendResponse(copy as DebugProtocol.Response);
    else this.sendEvent(copy as DebugProtocol.Event);
  }
}
