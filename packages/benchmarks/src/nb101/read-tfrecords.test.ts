import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frameTfRecords } from '../testing/nb101-writer.js';
import { readTfRecords } from './read-tfrecords.js';

const folder = mkdtempSync(join(tmpdir(), 'fewshot-tfrecord-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function collect(path: string, chunkSize?: number): Promise<Uint8Array[]> {
  const records: Uint8Array[] = [];
  for await (const record of readTfRecords(chunkSize === undefined ? { path } : { path, chunkSize })) records.push(record);
  return records;
}

const payloads = Array.from({ length: 40 }, (_, index) => Uint8Array.from({ length: (index * 37) % 300 }, (_, position) => (index + position * 7) & 0xff));
const file = join(folder, 'ok.tfrecord');
writeFileSync(file, frameTfRecords(payloads));

describe('readTfRecords', () => {
  it('streams every record, whatever the chunk size (records span chunks and exceed them)', async () => {
    for (const chunkSize of [16, 17, 64, 100, 4096, undefined]) {
      const records = await collect(file, chunkSize);
      expect(records).toHaveLength(40);
      records.forEach((record, index) => expect(record).toEqual(payloads[index]));
    }
    const empty = join(folder, 'empty.tfrecord');
    writeFileSync(empty, new Uint8Array(0));
    expect(await collect(empty)).toEqual([]);
  });

  it('reports a bad data CRC as a ChecksumError naming the file and the record', async () => {
    const bytes = frameTfRecords(payloads);
    const offsetOf = (record: number) => payloads.slice(0, record).reduce((sum, payload) => sum + 16 + payload.length, 0);
    const corrupt = Uint8Array.from(bytes);
    const at = offsetOf(7) + 12 + 3;
    corrupt[at] = (corrupt[at] as number) ^ 1;
    const path = join(folder, 'bad-data.tfrecord');
    writeFileSync(path, corrupt);
    await expect(collect(path, 64)).rejects.toMatchObject({
      name: 'ChecksumError',
      code: 'checksum-mismatch',
      message: `readTfRecords: ${path}: record 7 at byte ${offsetOf(7)}: the CRC-32C of the data does not match (the file is corrupt)`,
    });
    const badLength = Uint8Array.from(bytes);
    badLength[offsetOf(3) + 9] = (badLength[offsetOf(3) + 9] as number) ^ 0x10;
    const lengthPath = join(folder, 'bad-length.tfrecord');
    writeFileSync(lengthPath, badLength);
    await expect(collect(lengthPath)).rejects.toThrow(/bad-length.tfrecord: record 3 at byte \d+: the CRC-32C of the length field does not match/);
  });

  it('reports truncation as a FileFormatError', async () => {
    const bytes = frameTfRecords(payloads);
    const cutData = join(folder, 'cut-data.tfrecord');
    writeFileSync(cutData, bytes.subarray(0, bytes.length - 3));
    await expect(collect(cutData, 32)).rejects.toMatchObject({ name: 'FileFormatError', message: expect.stringMatching(/cut-data.tfrecord is truncated: record 39 at byte \d+ needs \d+ bytes, only \d+ remain/) });
    const cutHeader = join(folder, 'cut-header.tfrecord');
    writeFileSync(cutHeader, bytes.subarray(0, 16 + (payloads[0] as Uint8Array).length + 5));
    await expect(collect(cutHeader)).rejects.toThrow(/cut-header.tfrecord is truncated: record 1 at byte \d+ has an incomplete header \(5 of 12 bytes\)/);
    const text = join(folder, 'text.tfrecord');
    writeFileSync(text, 'this is not a tfrecord file at all');
    await expect(collect(text)).rejects.toThrow(/text.tfrecord: record 0 at byte 0: the CRC-32C of the length field does not match \(corrupt or not a TFRecord file\)/);
    await expect(collect(join(folder, 'missing.tfrecord'))).rejects.toMatchObject({ code: 'not-found' });
  });

  it('stops on an aborted signal', async () => {
    const controller = new AbortController();
    const records: Uint8Array[] = [];
    await expect(
      (async () => {
        for await (const record of readTfRecords({ path: file, signal: controller.signal })) {
          records.push(record);
          if (records.length === 5) controller.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(records).toHaveLength(5);
  });
});
