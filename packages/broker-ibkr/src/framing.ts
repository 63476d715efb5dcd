// The TWS API v100+ wire framing: a 4-byte big-endian length, then UTF-8 fields each terminated by NUL.
// Pure and shared by the fake gateway (and later the adapter's tests); see ibkr-protocol.md §2.1–2.2.

/** The largest payload the protocol allows (`@stoqey/ib` socket.ts `MAX_V100_MESSAGE_LENGTH`). */
export const MAX_FRAME_SIZE = 0xffffff;

/** The 4 bytes that open every v100+ connection, before the length-prefixed version range. */
export const API_PREFIX = Buffer.from('API\0', 'latin1');

export type Field = string | number;

export class FramingError extends Error {
  override name = 'FramingError';
}

/** One message: fields joined by NUL with a trailing NUL, prefixed by the payload length. */
export function encodeFrame(fields: readonly Field[]): Buffer {
  const payload = Buffer.from(fields.map((field) => `${field}\0`).join(''), 'utf8');
  return prefixLength(payload);
}

/** The client's opening bytes: `API\0` + length + `v<min>..<max>` (no trailing NUL, no msg id). */
export function encodeHandshake(minVersion: number, maxVersion: number): Buffer {
  const range = minVersion < maxVersion ? `v${minVersion}..${maxVersion}` : `v${minVersion}`;
  return Buffer.concat([API_PREFIX, prefixLength(Buffer.from(range, 'latin1'))]);
}

function prefixLength(payload: Buffer): Buffer {
  if (payload.length > MAX_FRAME_SIZE) {
    throw new FramingError(`frame of ${payload.length} bytes exceeds the maximum of ${MAX_FRAME_SIZE}`);
  }
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length);
  return Buffer.concat([header, payload]);
}

/** Splits a payload on NUL and drops the empty element the trailing NUL leaves. */
export function decodeFields(payload: Buffer): string[] {
  const fields = payload.toString('utf8').split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}

export interface FrameDecoder {
  /** Feeds one TCP chunk; returns the payloads it completed (zero, one or several). */
  push(chunk: Buffer): Buffer[];
  /** Bytes held back waiting for the rest of a frame. */
  pending(): number;
}

/**
 * An incremental decoder: frames may arrive several per chunk or split across chunks (even inside the
 * length header). A declared length above `maxFrameSize` throws, as the stream cannot be resynchronised.
 */
export function createFrameDecoder(options: { maxFrameSize?: number } = {}): FrameDecoder {
  const maxFrameSize = options.maxFrameSize ?? MAX_FRAME_SIZE;
  let buffer: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const frames: Buffer[] = [];
      while (buffer.length >= 4) {
        const size = buffer.readUInt32BE(0);
        if (size > maxFrameSize) {
          buffer = Buffer.alloc(0);
          throw new FramingError(`frame of ${size} bytes exceeds the maximum of ${maxFrameSize}`);
        }
        if (buffer.length < 4 + size) break;
        frames.push(Buffer.from(buffer.subarray(4, 4 + size)));
        buffer = buffer.subarray(4 + size);
      }
      return frames;
    },
    pending() {
      return buffer.length;
    },
  };
}
