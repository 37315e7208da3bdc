/** A minimal protobuf wire-format reader (varint, fixed64, length-delimited, fixed32). */
export class ProtobufReader {
  private position = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: (message: string) => never,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.position >= this.bytes.length;
  }

  /** Reads a varint as a JS number (exact up to 2^53). */
  varint(): number {
    let result = 0;
    let multiplier = 1;
    for (let count = 0; count < 10; count += 1) {
      if (this.position >= this.bytes.length) this.fail('truncated varint');
      const byte = this.bytes[this.position] as number;
      this.position += 1;
      result += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return result;
      multiplier *= 128;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A field key: field number and wire type. */
  key(): { field: number; wireType: number } {
    const key = this.varint();
    return { field: Math.floor(key / 8), wireType: key % 8 };
  }

  double(): number {
    if (this.position + 8 > this.bytes.length) this.fail('truncated double');
    const value = this.view.getFloat64(this.position, true);
    this.position += 8;
    return value;
  }

  lengthDelimited(): Uint8Array {
    const length = this.varint();
    if (this.position + length > this.bytes.length) this.fail(`truncated length-delimited field (${length} bytes)`);
    const value = this.bytes.subarray(this.position, this.position + length);
    this.position += length;
    return value;
  }

  /** Skips a field of an unknown number. */
  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.advance(8);
    else if (wireType === 2) this.lengthDelimited();
    else if (wireType === 5) this.advance(4);
    else this.fail(`unsupported wire type ${wireType}`);
  }

  private advance(count: number): void {
    if (this.position + count > this.bytes.length) this.fail('truncated fixed-width field');
    this.position += count;
  }
}
