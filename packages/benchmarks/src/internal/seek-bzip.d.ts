// Minimal types for the parts of seek-bzip (MIT, pure-JavaScript bzip2 decoder) that we use.
declare module 'seek-bzip' {
  interface SeekBzipStream {
    readByte(): number;
    read(buffer: Uint8Array, offset: number, length: number): number;
    seek(position: number): void;
    eof(): boolean;
  }
  interface SeekBzip {
    decode(input: Uint8Array | SeekBzipStream, output?: number | Uint8Array, multistream?: boolean): Uint8Array;
    Stream: new () => SeekBzipStream;
  }
  const Bunzip: SeekBzip;
  export default Bunzip;
}
