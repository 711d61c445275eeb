// The execution requests of a Step Restore session: forward (continue, next, step in/out), time
// travel (step back, reverse continue, restart frame, goto: timeTravel.ts) and the custom
// `vmbstate.gotoChunk` request the saved-state editor's "Run to Chunk" sends for a binary file.

import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { GOTO_CHUNK_REQUEST } from './protocol';
import type { SessionPort } from './sessionPort';
import type { Place } from './timeTravel';

export class ExecutionRequests {
  /** Goto targets handed out, by id: the ids stay valid while the document does. */
  private readonly targets = new Map<number, Place>();
  private nextTargetId = 1;

  constructor(private readonly port: SessionPort) {}

  run(response: DebugProtocol.Response, action: Parameters<SessionPort['run']>[1]): void {
    this.port.run(response, action);
  }

  continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.port.run(response, (rt) => rt.continue());
  }

  /** Forget the targets: the document was read again. */
  reset(): void {
    this.targets.clear();
  }

  gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    const rt = this.port.runtime;
    if (!rt) return this.port.fail(response, 1002, 'No restore session is running.');
    const file = args?.source?.path ? this.port.debuggerPath(args.source.path) : '';
    if (!file || path.resolve(file) !== this.port.program) {
      return this.port.refuse(response, 1010, 'Jump targets are calls and chunks of the file being restored.', false);
    }
    if (typeof args.line !== 'number' || !Number.isInteger(args.line)) {
      return this.port.refuse(response, 1010, 'gotoTargets needs "line" (a whole number).', false);
    }
    if (rt.doc.form !== 'text') {
      return this.port.refuse(
        response,
        1010,
        'A binary file has no lines: run to a chunk from the saved-state editor (Step Restore: Run to Chunk).',
        true,
      );
    }
    const found = rt.gotoTargets(this.port.debuggerLine(args.line) - 1);
    response.body = {
      targets: found.map((t) => {
        const id = this.nextTargetId++;
        this.targets.set(id, t.place);
        return { id, label: t.label, line: this.port.clientLine(t.line + 1) };
      }),
    };
    this.port.send(response);
  }

  gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    const place = this.targets.get(args?.targetId);
    if (!place) return this.port.refuse(response, 1011, `Unknown jump target ${String(args?.targetId)}.`, false);
    this.port.run(response, (rt) => rt.goto(place));
  }

  /** `vmbstate.gotoChunk { chunk }`: run to that chunk (1-based, stream-wide). */
  gotoChunk(response: DebugProtocol.Response, args: unknown): void {
    const rt = this.port.runtime;
    const chunk = (args as { chunk?: unknown } | undefined)?.chunk;
    if (!rt) return this.port.fail(response, 1002, 'No restore session is running.');
    if (typeof chunk !== 'number' || !Number.isInteger(chunk) || chunk < 1) {
      return this.port.refuse(response, 1012, `${GOTO_CHUNK_REQUEST} needs "chunk": a whole number from 1.`, false);
    }
    const t = rt.chunkTarget(chunk - 1);
    if (!t) return this.port.refuse(response, 1012, `No restore call passes chunk ${chunk}.`, true);
    this.port.run(response, (r) => r.goto(t.place));
  }
}
