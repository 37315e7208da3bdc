import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from './crc32c.js';

function bitwiseCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('matches the standard check value crc32c("123456789") = 0xE3069283', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('is 0 for empty input and matches a bit-by-bit reference for every length 0..40', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
    const bytes = Uint8Array.from({ length: 40 }, (_, index) => (index * 37 + 11) & 0xff);
    for (let length = 0; length <= 40; length += 1) {
      expect(crc32c(bytes.subarray(0, length))).toBe(bitwiseCrc32c(bytes.subarray(0, length)));
    }
  });

  it('chains across pieces', () => {
    const bytes = new TextEncoder().encode('the quick brown fox jumps over the lazy dog');
    expect(crc32c(bytes.subarray(13), crc32c(bytes.subarray(0, 13)))).toBe(crc32c(bytes));
  });

  it('masks as TFRecord does', () => {
    // Length field of an 8-byte little-endian zero: the value TensorFlow writes for an empty record.
    const zeros = new Uint8Array(8);
    const crc = crc32c(zeros);
    expect(maskedCrc32c(zeros)).toBe(((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0);
    expect(maskedCrc32c(new TextEncoder().encode('123456789'))).toBe(
      ((((0xe3069283 >>> 15) | (0xe3069283 << 17)) >>> 0) + 0xa282ead8) >>> 0,
    );
  });
});
