// The what-if requests of a Step Restore session: setVariable / setExpression add an edit, the
// custom requests (protocol.ts WHAT_IF_REQUESTS) list what applying writes, discard, toggle reseal.
// Every change rebuilds the document from the one read at launch plus all edits and replays it up
// to where the session stands (timeTravel.ts swapDocument).

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SavedStateDocument } from '../../core/src';
import { WHAT_IF_REQUESTS, type WhatIfChangesBody, type WhatIfEventBody } from './protocol';
import type { SessionPort } from './sessionPort';
import { sameTarget, whatIfContent, whatIfLabel, withOverrides, WhatIfError, type WhatIfEdit } from './whatIf';
import { parseWhatIf } from './whatIfTarget';

export interface WhatIfHooks {
  /** Decode edited content the way the program was decoded at launch. */
  decode(content: Uint8Array): SavedStateDocument;
  /** The edits changed: tell the client (what-if event) and show the new stop. */
  changed(body: Omit<WhatIfEventBody, 'uri' | 'path'>, description: string): void;
  /** The Variables path of a row: its container's path and its name. */
  variablePath(variablesReference: number, name: string): string | undefined;
}

const base64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

export class WhatIfRequests {
  private edits: WhatIfEdit[] = [];
  private reseal = true;
  /** The document as read at launch or restart (or as last applied): edits are made over it. */
  private base?: SavedStateDocument;

  constructor(
    private readonly port: SessionPort,
    private readonly hooks: WhatIfHooks,
  ) {}

  /** A new document was read (launch, restart): no edits. */
  begin(doc: SavedStateDocument, reseal: boolean): void {
    this.base = doc;
    this.edits = [];
    this.reseal = reseal;
  }

  get count(): number {
    return this.edits.length;
  }

  setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const target = this.hooks.variablePath(args.variablesReference, args.name);
    if (!target) return this.port.refuse(response, 1020, `"${args.name}" cannot be changed: it has no path.`, true);
    this.assign(response, target, args.value);
  }

  setExpressionRequest(
    response: DebugProtocol.SetExpressionResponse,
    args: DebugProtocol.SetExpressionArguments,
  ): void {
    this.assign(response, args.expression, args.value);
  }

  private assign(response: DebugProtocol.Response, target: string, value: string): void {
    const rt = this.port.runtime;
    if (!rt || !this.base) return this.port.fail(response, 1002, 'No restore session is running.');
    if (typeof target !== 'string' || typeof value !== 'string')
      return this.port.refuse(response, 1021, 'A what-if needs the target and its new value (strings).', false);
    let edit: WhatIfEdit;
    try {
      edit = parseWhatIf(rt, target, value);
      this.rebuild([...this.edits.filter((e) => !sameTarget(e, edit)), edit]);
    } catch (e) {
      if (e instanceof WhatIfError) return this.port.refuse(response, 1022, `What-if: ${e.message}`, true);
      throw e;
    }
    (response as DebugProtocol.SetVariableResponse).body = { value: value.trim() };
    this.port.send(response);
    this.hooks.changed(this.eventBody(), `What-if: ${whatIfLabel(edit)}; replayed with ${this.edits.length} edit(s)`);
  }

  /** A writeMemory over the stream: a byte edit. */
  writeBytes(offset: number, data: Uint8Array): void {
    const edit: WhatIfEdit = { kind: 'bytes', offset, data };
    this.rebuild([...this.edits.filter((e) => !sameTarget(e, edit)), edit]);
    this.hooks.changed(this.eventBody(), `What-if: ${whatIfLabel(edit)}; replayed with ${this.edits.length} edit(s)`);
  }

  /** Build the document with `edits` and replay it; on an error nothing changes. */
  private rebuild(edits: WhatIfEdit[]): void {
    const rt = this.port.runtime!;
    const base = this.base!;
    const content = whatIfContent(base, edits, this.reseal);
    const doc =
      edits.length === 0
        ? base
        : withOverrides(
            this.hooks.decode(content.bytes ?? new TextEncoder().encode(content.text ?? '')),
            edits,
            base.channel,
          );
    this.edits = edits;
    rt.swapDocument(doc);
  }

  private eventBody(): Omit<WhatIfEventBody, 'uri' | 'path'> {
    const sessionOnly = this.base ? whatIfContent(this.base, this.edits, this.reseal).sessionOnly : [];
    return { edits: this.edits.map(whatIfLabel), reseal: this.reseal, sessionOnly };
  }

  /** The custom requests; false when `command` is not one of them. */
  customRequest(command: string, response: DebugProtocol.Response, args: unknown): boolean {
    const known = Object.values(WHAT_IF_REQUESTS) as string[];
    if (!known.includes(command)) return false;
    const rt = this.port.runtime;
    if (!rt || !this.base) {
      this.port.fail(response, 1002, 'No restore session is running.');
      return true;
    }
    if (command === WHAT_IF_REQUESTS.changes) {
      const c = whatIfContent(this.base, this.edits, this.reseal);
      const body: Omit<WhatIfChangesBody, 'uri'> = {
        form: this.base.form,
        textChanges: c.textChanges,
        byteChanges: c.byteChanges.map((x) => ({
          offset: x.offset,
          removed: base64(x.removed),
          inserted: base64(x.inserted),
        })),
        sessionOnly: c.sessionOnly,
      };
      response.body = body;
      this.port.send(response);
      return true;
    }
    if (command === WHAT_IF_REQUESTS.applied) {
      // The document now holds the edits (those it can): it is the base; session-only edits stay.
      const kept = this.edits.filter(
        (e) => e.kind === 'bufferSize' || e.kind === 'packetCallbacks' || e.kind === 'initialState',
      );
      this.base = rt.doc;
      this.edits = this.base.form === 'binary' ? kept : [];
      this.port.send(response);
      this.hooks.changed(this.eventBody(), 'What-if edits written into the document');
      return true;
    }
    if (command === WHAT_IF_REQUESTS.reseal) {
      const v = (args as { reseal?: unknown } | undefined)?.reseal;
      if (typeof v !== 'boolean') {
        this.port.refuse(response, 1023, `${command} needs "reseal": true or false.`, false);
        return true;
      }
      this.reseal = v;
    } else {
      this.edits = [];
    }
    try {
      this.rebuild(this.edits);
    } catch (e) {
      if (!(e instanceof WhatIfError)) throw e;
      this.port.refuse(response, 1022, `What-if: ${e.message}`, true);
      return true;
    }
    this.port.send(response);
    this.hooks.changed(
      this.eventBody(),
      command === WHAT_IF_REQUESTS.discard
        ? 'What-if edits discarded; replayed the document'
        : `What-if: reseal ${this.reseal ? 'on' : 'off'}`,
    );
    return true;
  }
}
