import { describe, expect, it } from 'vitest';
import { normalizationTable, writeExample } from './write-example.js';

// 4x4 grey image with pixels 1..16, row-major:
//  1  2  3  4
//  5  6  7  8
//  9 10 11 12
// 13 14 15 16
const image = Uint8Array.from({ length: 16 }, (_, index) => index + 1);
const identity = new Float32Array(256).map((_, value) => value);
const fill = Float32Array.of(-1);

function run(padding: number, offsetY: number, offsetX: number, flip: boolean): number[] {
  const target = new Float32Array(16 + 2).fill(99);
  writeExample(target, 1, image, 0, 4, 4, 1, identity, fill, padding, offsetY, offsetX, flip);
  expect(target[0]).toBe(99);
  expect(target[17]).toBe(99);
  return Array.from(target.subarray(1, 17));
}

describe('writeExample', () => {
  it('copies the image when the crop is centred and there is no flip', () => {
    expect(run(0, 0, 0, false)).toEqual(Array.from(image));
    expect(run(2, 2, 2, false)).toEqual(Array.from(image));
  });

  it('cuts the window at a known offset of the padded image', () => {
    // Padding 1, window top-left at (0, 2) of the 6x6 padded image: one padded row on top,
    // columns shifted left by one with a padded column on the right.
    expect(run(1, 0, 2, false)).toEqual([
      -1, -1, -1, -1,
      2, 3, 4, -1,
      6, 7, 8, -1,
      10, 11, 12, -1,
    ]);
    // Padding 2, window at (4, 0): rows 2..3 of the image at the top, columns shifted right by 2.
    expect(run(2, 4, 0, false)).toEqual([
      -1, -1, 9, 10,
      -1, -1, 13, 14,
      -1, -1, -1, -1,
      -1, -1, -1, -1,
    ]);
  });

  it('mirrors the cropped window left-right when flipping', () => {
    expect(run(0, 0, 0, true)).toEqual([4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9, 16, 15, 14, 13]);
    // Crop at (0, 2) with padding 1 (see above), then flip each row of the window.
    expect(run(1, 0, 2, true)).toEqual([
      -1, -1, -1, -1,
      -1, 4, 3, 2,
      -1, 8, 7, 6,
      -1, 12, 11, 10,
    ]);
  });

  it('keeps the channels of a pixel together and normalises each with its own statistics', () => {
    // 1x2 RGB image: (10, 20, 30), (40, 50, 60).
    const rgb = Uint8Array.of(10, 20, 30, 40, 50, 60);
    const table = normalizationTable(3, [0.1, 0.2, 0.3], [0.5, 0.25, 1]);
    const target = new Float32Array(6);
    writeExample(target, 0, rgb, 0, 1, 2, 3, table, Float32Array.of(7, 8, 9), 0, 0, 0, true);
    const expected = [40, 50, 60, 10, 20, 30].map((value, index) => Math.fround((value / 255 - [0.1, 0.2, 0.3][index % 3]!) / [0.5, 0.25, 1][index % 3]!));
    expect(Array.from(target)).toEqual(expected);
    writeExample(target, 0, rgb, 0, 1, 2, 3, table, Float32Array.of(7, 8, 9), 1, 1, 2, false);
    expect(Array.from(target.subarray(3))).toEqual([7, 8, 9]);
    expect(Array.from(target.subarray(0, 3))).toEqual(expected.slice(0, 3));
  });

  it('agrees with a direct padded-image reference for every offset and flip, 1 to 4 channels', () => {
    for (const channels of [1, 2, 3, 4]) {
      const height = 4;
      const width = 5;
      const source = Uint8Array.from({ length: height * width * channels }, (_, index) => (index * 37 + 11) % 256);
      const table = normalizationTable(channels, undefined, undefined);
      const fillValues = Float32Array.from({ length: channels }, (_, channel) => -1 - channel);
      for (let padding = 0; padding <= 6; padding += 1) {
        const paddedHeight = height + 2 * padding;
        const paddedWidth = width + 2 * padding;
        const padded: number[] = [];
        for (let y = 0; y < paddedHeight; y += 1) {
          for (let x = 0; x < paddedWidth; x += 1) {
            for (let channel = 0; channel < channels; channel += 1) {
              const inside = y >= padding && y < padding + height && x >= padding && x < padding + width;
              padded.push(inside ? Math.fround(source[((y - padding) * width + (x - padding)) * channels + channel]! / 255) : fillValues[channel]!);
            }
          }
        }
        for (let offsetY = 0; offsetY <= 2 * padding; offsetY += 1) {
          for (let offsetX = 0; offsetX <= 2 * padding; offsetX += 1) {
            for (const flip of [false, true]) {
              const expected: number[] = [];
              for (let y = 0; y < height; y += 1) {
                for (let x = 0; x < width; x += 1) {
                  const column = (flip ? width - 1 - x : x) + offsetX;
                  for (let channel = 0; channel < channels; channel += 1) expected.push(padded[((y + offsetY) * paddedWidth + column) * channels + channel]!);
                }
              }
              const target = new Float32Array(height * width * channels);
              writeExample(target, 0, source, 0, height, width, channels, table, fillValues, padding, offsetY, offsetX, flip);
              expect(Array.from(target), `channels ${channels} padding ${padding} offset ${offsetY},${offsetX} flip ${flip}`).toEqual(expected);
            }
          }
        }
      }
    }
  });
});
