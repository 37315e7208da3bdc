import { gzipSync } from 'node:zlib';
import { FileFormatError, InvalidArgumentError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { encodeIdx } from './encode-idx.js';
import { parseIdx } from './parse-idx.js';

const images = encodeIdx({ dimensions: [2, 3, 4], data: Uint8Array.from({ length: 24 }, (_, index) => index * 10) });

describe('encodeIdx', () => {
  it('writes the magic number, big-endian sizes and the data', () => {
    const bytes = encodeIdx({ dimensions: [3], data: Uint8Array.of(7, 8, 9) });
    expect(Array.from(bytes)).toEqual([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]);
    expect(Array.from(images.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4]);
  });

  it('rejects dimensions that do not match the data', () => {
    expect(() => encodeIdx({ dimensions: [2, 2], data: new Uint8Array(3) })).toThrow(
      'encodeIdx: options.data: dimensions [2, 2] need 4 bytes, got 3',
    );
    expect(() => encodeIdx({ dimensions: [], data: new Uint8Array(0) })).toThrow(InvalidArgumentError);
  });
});

describe('parseIdx', () => {
  it('decodes raw and gzip bytes to the same array', () => {
    for (const bytes of [images, gzipSync(images)]) {
      const array = parseIdx({ bytes, source: 'x.idx' });
      expect(array.dimensions).toEqual([2, 3, 4]);
      expect(array.data.length).toBe(24);
      expect(array.data[23]).toBe(230);
      expect(array.data[5]).toBe(50);
    }
  });

  it('names the source in a bad-magic error', () => {
    const bytes = images.slice();
    bytes[0] = 0x12;
    expect(() => parseIdx({ bytes, source: 'broken.idx' })).toThrow(FileFormatError);
    expect(() => parseIdx({ bytes, source: 'broken.idx' })).toThrow(/^parseIdx: bad magic number 0x12000803 in broken\.idx/);
    expect(() => parseIdx({ bytes: new TextEncoder().encode('hello world'), source: 'text.txt' })).toThrow('bad magic number 0x68656c6c in text.txt');
  });

  it('rejects data types other than unsigned byte', () => {
    const bytes = images.slice();
    bytes[2] = 0x0d;
    expect(() => parseIdx({ bytes, source: 'floats.idx' })).toThrow('floats.idx holds float32 data (magic number 0x00000d03); only unsigned byte (0x08) is supported');
  });

  it('detects truncated headers and data and trailing bytes', () => {
    expect(() => parseIdx({ bytes: images.subarray(0, 3), source: 'a' })).toThrow('a is truncated: 3 bytes, shorter than the 4-byte IDX magic number');
    expect(() => parseIdx({ bytes: images.subarray(0, 10), source: 'b' })).toThrow('b is truncated: the header of 3 dimensions needs 16 bytes, the file has 10');
    expect(() => parseIdx({ bytes: images.subarray(0, 30), source: 'c' })).toThrow('c is truncated: dimensions [2, 3, 4] need 24 data bytes, the file has 14');
    const long = new Uint8Array(images.length + 2);
    long.set(images);
    expect(() => parseIdx({ bytes: long, source: 'd' })).toThrow('d has the wrong size: dimensions [2, 3, 4] need 24 data bytes, the file has 26 (2 trailing bytes)');
  });

  it('reports a truncated gzip stream as a file format error', () => {
    const compressed = gzipSync(images);
    const call = () => parseIdx({ bytes: compressed.subarray(0, compressed.length - 6), source: 'cut.gz' });
    expect(call).toThrow(FileFormatError);
    expect(call).toThrow(/^parseIdx: corrupt or truncated gzip data in cut\.gz/);
  });

  it('rejects a non-byte-array argument', () => {
    expect(() => parseIdx({ bytes: [0, 0, 8, 1] as unknown as Uint8Array })).toThrow('parseIdx: options.bytes: expected a Uint8Array, got an array of length 4');
  });
});
