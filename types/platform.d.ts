// The few web-platform globals the pure layers use (core, client/src/editor/model), which every
// runtime they run in has: Node, the extension host and the webview. Those projects compile against
// lib ES2022 alone, with no DOM and no Node types, so that a DOM or Node API cannot slip into them;
// a global is declared here only once it is needed and exists in all of these runtimes.

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
