/**
 * The compiled matcher as it travels from the background to content scripts: its JSON, deflated
 * (raw DEFLATE) and written in base64. Extension messaging costs time in proportion to the size of
 * a message (about 0.1–0.2 ms per KB in Chromium), and a matcher's keys and ids compress well (the
 * realistic 10,000-entry glossary: 528 KB of JSON, 123 KB deflated). The background deflates with
 * the native CompressionStream; content scripts inflate with fflate's synchronous inflate, a few
 * milliseconds. Base64 is ASCII, which JSON and UTF-8 carry byte for byte.
 */
import { inflateSync } from 'fflate';
import type { CompiledMatcher } from './compile';

/** Packs a compiled matcher for a message; unpackMatcherFromWire gives it back. */
export async function packMatcherForWire(compiled: CompiledMatcher): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(compiled));
  const deflated = await pipeBytes(json, new CompressionStream('deflate-raw'));
  return toBase64(deflated);
}

/**
 * The compiled matcher that packMatcherForWire packed. Throws an Error whose message starts with
 * "compiled matcher:" when the text is not base64, not deflated, or not JSON of an object; the
 * object's own checks are Matcher.from's. `timing.syncMs` is given the time spent in its
 * synchronous steps (base64 and JSON.parse), for the benchmark.
 */
export async function unpackMatcherFromWire(wire: string, timing?: { syncMs: number }): Promise<CompiledMatcher> {
  if (typeof wire !== 'string') throw new Error('compiled matcher: not a string');
  let bytes: Uint8Array;
  const t0 = performance.now();
  try {
    bytes = fromBase64(wire);
  } catch {
    throw new Error('compiled matcher: not base64');
  }
  if (timing) timing.syncMs += performance.now() - t0;
  // Inflated in one synchronous call (fflate), not by a native DecompressionStream: the stream's
  // tasks interleave with the page's own parsing at document_start, which stretched a few
  // milliseconds of inflating into 280–420 ms of waiting (docs/benchmarks.md, session 2).
  const t1 = performance.now();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflateSync(bytes));
  } catch {
    throw new Error('compiled matcher: not deflated');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('compiled matcher: not JSON');
  }
  if (timing) timing.syncMs += performance.now() - t1;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('compiled matcher: not an object');
  return value as CompiledMatcher;
}

async function pipeBytes(bytes: Uint8Array, transform: TransformStream<BufferSource, Uint8Array>): Promise<Uint8Array> {
  const writer = transform.writable.getWriter();
  // Written without awaiting: the reader below drains the stream, which the write needs.
  const written = writer.write(bytes as BufferSource).then(() => writer.close());
  // A corrupt input fails the reader too, which reports it; this one must not go unhandled.
  written.catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = transform.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.length;
  }
  await written;
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

// Uint8Array.prototype.toBase64 and Uint8Array.fromBase64 (Chrome 140, Firefox 133) are native;
// btoa/atob over a binary string is the fallback (Node 20, which runs the tests, has neither).
type Base64Uint8Array = Uint8Array & { toBase64?: () => string };
type Base64Uint8ArrayConstructor = typeof Uint8Array & { fromBase64?: (s: string) => Uint8Array };

function toBase64(bytes: Uint8Array): string {
  const native = (bytes as Base64Uint8Array).toBase64;
  if (native) return native.call(bytes);
  let binary = '';
  for (let at = 0; at < bytes.length; at += 8192) {
    binary += String.fromCharCode.apply(null, bytes.subarray(at, at + 8192) as unknown as number[]);
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const native = (Uint8Array as Base64Uint8ArrayConstructor).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
