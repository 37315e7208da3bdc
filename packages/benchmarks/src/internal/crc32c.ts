/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), slicing-by-8, and the
 * "masked" form that TFRecord framing stores.
 */

const polynomial = 0x82f63b78;

const tables: Uint32Array[] = (() => {
  const result: Uint32Array[] = [];
  const first = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte += 1) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? (crc >>> 1) ^ polynomial : crc >>> 1;
    first[byte] = crc >>> 0;
  }
  result.push(first);
  for (let slice = 1; slice < 8; slice += 1) {
    const previous = result[slice - 1] as Uint32Array;
    const table = new Uint32Array(256);
    for (let byte = 0; byte < 256; byte += 1) {
      const value = previous[byte] as number;
      table[byte] = ((value >>> 8) ^ (first[value & 0xff] as number)) >>> 0;
    }
    result.push(table);
  }
  return result;
})();

const [t0, t1, t2, t3, t4, t5, t6, t7] = tables as [
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
];

/** Continues a CRC-32C over `bytes` (pass the previous result as `initial` to chain). */
export function crc32c(bytes: Uint8Array, initial = 0): number {
  let crc = ~initial >>> 0;
  let index = 0;
  const length = bytes.length;
  const end8 = length - (length % 8);
  while (index < end8) {
    const low = (crc ^ ((bytes[index] as number) | ((bytes[index + 1] as number) << 8) |
      ((bytes[index + 2] as number) << 16) | ((bytes[index + 3] as number) << 24))) >>> 0;
    crc =
      (t7[low & 0xff] as number) ^
      (t6[(low >>> 8) & 0xff] as number) ^
      (t5[(low >>> 16) & 0xff] as number) ^
      (t4[low >>> 24] as number) ^
      (t3[bytes[index + 4] as number] as number) ^
      (t2[bytes[index + 5] as number] as number) ^
      (t1[bytes[index + 6] as number] as number) ^
      (t0[bytes[index + 7] as number] as number);
    index += 8;
  }
  while (index < length) {
    crc = (crc >>> 8) ^ (t0[(crc ^ (bytes[index] as number)) & 0xff] as number);
    index += 1;
  }
  return ~crc >>> 0;
}

/** The masked CRC-32C of TFRecord framing: `((crc >>> 15) | (crc << 17)) + 0xa282ead8 (mod 2^32)`. */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}
