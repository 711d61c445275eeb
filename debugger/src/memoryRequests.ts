// The memory requests of a Step Restore session: VS Code's memory view (and the hex editor it
// opens) reads the stream the emulator sees, addressed by stream offset (a chunk's or the current
// buffer's memoryReference); a write in a binary file is a what-if byte edit (whatIfRequests.ts).

import type { DebugProtocol } from '@vscode/debugprotocol';
import type { SessionPort } from './sessionPort';
import type { WhatIfRequests } from './whatIfRequests';

/** Most bytes one readMemory or writeMemory moves. */
export const MEMORY_REQUEST_LIMIT = 1 << 20;

const hexOffset = (n: number) => `0x${n.toString(16).toUpperCase()}`;

export class MemoryRequests {
  constructor(
    private readonly port: SessionPort,
    private readonly whatIf: () => WhatIfRequests,
  ) {}

  /** The stream offset a request names, or an error text. */
  private address(ref: unknown, offset: unknown, size: number): number | string {
    const base = typeof ref === 'string' && /^\s*(0x[0-9a-f]+|\d+)\s*$/i.test(ref) ? Number(ref) : NaN;
    if (!Number.isSafeInteger(base))
      return `Unknown memory reference ${JSON.stringify(ref)}: use a byte offset of the stream (a number, as a chunk's memory reference gives).`;
    const off = offset === undefined ? 0 : offset;
    if (typeof off !== 'number' || !Number.isInteger(off))
      return `"offset" must be a whole number, not ${JSON.stringify(offset)}.`;
    const at = base + off;
    if (at < 0 || at >= size)
      return `${hexOffset(at)} is outside the stream: it holds ${size} bytes, [0x0..${hexOffset(size)}).`;
    return at;
  }

  readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const rt = this.port.runtime;
    if (!rt) return this.port.fail(response, 1002, 'No restore session is running.');
    const bytes = rt.doc.bytes;
    const at = this.address(args?.memoryReference, args?.offset, bytes.length);
    if (typeof at === 'string') return this.port.refuse(response, 1007, `readMemory: ${at}`, false);
    const count = args.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MEMORY_REQUEST_LIMIT)
      return this.port.refuse(
        response,
        1007,
        `readMemory: "count" must be a whole number from 0 to ${MEMORY_REQUEST_LIMIT}.`,
        false,
      );
    const end = Math.min(bytes.length, at + count);
    response.body = {
      address: String(at),
      data: Buffer.from(bytes.subarray(at, end)).toString('base64'),
      // Bytes past the end of the stream do not exist: the memory view shows them as unreadable.
      unreadableBytes: count - (end - at),
    };
    this.port.send(response);
  }

  /**
   * A what-if byte edit: only a binary file, only inside the stream, and only in the current buffer
   * or later ones (what ran before stays as it ran). The run is replayed with the new bytes.
   */
  writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    const rt = this.port.runtime;
    if (!rt) return this.port.fail(response, 1002, 'No restore session is running.');
    const refuse = (why: string) => this.port.refuse(response, 1013, `writeMemory: ${why}`, true);
    if (rt.doc.form !== 'binary')
      return refuse('a .vmbhex file is edited by its fields (Set Value in Variables), not by bytes.');
    const bytes = rt.doc.bytes;
    const at = this.address(args?.memoryReference, args?.offset, bytes.length);
    if (typeof at === 'string') return refuse(at);
    if (typeof args.data !== 'string') return refuse('"data" must be the bytes in base64.');
    const data = new Uint8Array(Buffer.from(args.data, 'base64'));
    if (data.length > MEMORY_REQUEST_LIMIT) return refuse(`at most ${MEMORY_REQUEST_LIMIT} bytes per write.`);
    if (at + data.length > bytes.length)
      return refuse(
        `[${hexOffset(at)}..${hexOffset(at + data.length)}) runs past the end of the stream (${bytes.length} bytes); a what-if overwrites, it does not append.`,
      );
    const cur = rt.currentCall;
    const from = cur ? cur.bytes.start : bytes.length;
    if (at < from)
      return refuse(
        `${hexOffset(at)} is before the current buffer [${hexOffset(from)}..): those bytes were restored already; step back first.`,
      );
    this.port.send(Object.assign(response, { body: { bytesWritten: data.length } }));
    this.whatIf().writeBytes(at, data);
  }
}
