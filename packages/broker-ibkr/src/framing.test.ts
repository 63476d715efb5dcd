import { describe, expect, it } from 'vitest';
import {
  createFrameDecoder,
  decodeFields,
  encodeFrame,
  encodeHandshake,
  FramingError,
  MAX_FRAME_SIZE,
} from './framing';

const payloadsToFields = (payloads: Buffer[]) => payloads.map(decodeFields);

describe('encodeFrame', () => {
  it('prefixes the payload length and ends every field with NUL', () => {
    const frame = encodeFrame([49, 1]);
    expect([...frame]).toEqual([0, 0, 0, 5, 0x34, 0x39, 0, 0x31, 0]);
  });

  it('counts bytes, not characters, in the length', () => {
    const frame = encodeFrame(['€']);
    expect(frame.readUInt32BE(0)).toBe(4);
    expect(decodeFields(frame.subarray(4))).toEqual(['€']);
  });

  it('keeps an empty last field (START_API capabilities) distinct from the trailing NUL', () => {
    const frame = encodeFrame([71, 2, 7, '']);
    expect(frame.subarray(4).toString('latin1')).toBe('71\x002\x007\x00\x00');
    expect(decodeFields(frame.subarray(4))).toEqual(['71', '2', '7', '']);
  });
});

describe('encodeHandshake', () => {
  it('writes API\\0, the length and the version range without a trailing NUL', () => {
    const bytes = encodeHandshake(100, 193);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('API\0');
    expect(bytes.readUInt32BE(4)).toBe(9);
    expect(bytes.subarray(8).toString('latin1')).toBe('v100..193');
  });
});

describe('createFrameDecoder', () => {
  it('decodes several frames from one chunk', () => {
    const decoder = createFrameDecoder();
    const chunk = Buffer.concat([encodeFrame([9, 1, 5]), encodeFrame([15, 1, 'DU1']), encodeFrame([49, 1, 7])]);
    expect(payloadsToFields(decoder.push(chunk))).toEqual([
      ['9', '1', '5'],
      ['15', '1', 'DU1'],
      ['49', '1', '7'],
    ]);
    expect(decoder.pending()).toBe(0);
  });

  it('reassembles a frame fed one byte at a time, header included', () => {
    const decoder = createFrameDecoder();
    const frame = encodeFrame([4, 2, -1, 2104, 'Market data farm connection is OK:usfarm', '']);
    const out: Buffer[] = [];
    for (const byte of frame) out.push(...decoder.push(Buffer.from([byte])));
    expect(payloadsToFields(out)).toEqual([['4', '2', '-1', '2104', 'Market data farm connection is OK:usfarm', '']]);
  });

  it('keeps the tail of a split frame for the next chunk', () => {
    const decoder = createFrameDecoder();
    const both = Buffer.concat([encodeFrame([8, 1, 1]), encodeFrame([49, 1])]);
    const cut = both.length - 3;
    expect(payloadsToFields(decoder.push(both.subarray(0, cut)))).toEqual([['8', '1', '1']]);
    expect(decoder.pending()).toBe(encodeFrame([49, 1]).length - 3);
    expect(payloadsToFields(decoder.push(both.subarray(cut)))).toEqual([['49', '1']]);
  });

  it('decodes an empty frame as no fields', () => {
    const decoder = createFrameDecoder();
    expect(payloadsToFields(decoder.push(Buffer.from([0, 0, 0, 0])))).toEqual([[]]);
  });

  it('throws on a declared length above the maximum, before the body arrives', () => {
    const decoder = createFrameDecoder();
    const header = Buffer.alloc(4);
    header.writeUInt32BE(MAX_FRAME_SIZE + 1);
    expect(() => decoder.push(header)).toThrow(FramingError);
  });

  it('accepts a frame of exactly the configured maximum', () => {
    const decoder = createFrameDecoder({ maxFrameSize: 8 });
    const frame = encodeFrame(['abcdefg']);
    expect(frame.readUInt32BE(0)).toBe(8);
    expect(payloadsToFields(decoder.push(frame))).toEqual([['abcdefg']]);
    expect(() => decoder.push(encodeFrame(['abcdefgh']))).toThrow(FramingError);
  });

  it('refuses to encode a payload above the maximum', () => {
    expect(() => encodeFrame(['x'.repeat(MAX_FRAME_SIZE)])).toThrow(FramingError);
  });
});
