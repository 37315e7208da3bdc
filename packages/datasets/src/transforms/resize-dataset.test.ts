import { describe, expect, it } from 'vitest';
import { createImageDataset } from '../image-dataset.js';
import { padDataset } from './pad-dataset.js';
import { resizeDataset } from './resize-dataset.js';

/** The pattern the expected values below were computed on with Pillow 9.4 (`Image.resize(size, Image.BILINEAR)`). */
function pillowPattern(height: number, width: number, channels: number) {
  const images = new Uint8Array(height * width * channels);
  let position = 0;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      for (let channel = 0; channel < channels; channel += 1) {
        images[position] = (x * 37 + y * 91 + channel * 53 + ((x * y) % 7) * 11) % 256;
        position += 1;
      }
    }
  }
  return createImageDataset({ images, labels: Uint8Array.of(4), height, width, channels, classes: 5 });
}

describe('resizeDataset (antialiased, Pillow-exact)', () => {
  it('shrinks 4x4 -> 2x2 like Pillow', () => {
    const source = pillowPattern(4, 4, 1);
    expect(Array.from(source.images)).toEqual([0, 37, 74, 111, 91, 139, 187, 235, 182, 241, 44, 103, 17, 87, 157, 150]);
    const resized = resizeDataset({ dataset: source, height: 2, width: 2 });
    expect(Array.from(resized.images)).toEqual([92, 136, 127, 132]);
    expect(Array.from(resized.labels)).toEqual([4]);
  });

  it('enlarges 3x3 -> 5x5 like Pillow', () => {
    const resized = resizeDataset({ dataset: pillowPattern(3, 3, 1), height: 5, width: 5 });
    expect(Array.from(resized.images)).toEqual([
      0, 15, 37, 59, 74, 36, 53, 78, 103, 119, 91, 110, 139, 168, 187, 146, 168, 200, 141, 101, 182, 206, 241, 123, 44,
    ]);
  });

  it('resizes RGB 4x6 -> 3x2 like Pillow', () => {
    const resized = resizeDataset({ dataset: pillowPattern(4, 6, 3), height: 3, width: 2 });
    expect(Array.from(resized.images)).toEqual([77, 121, 155, 131, 164, 163, 156, 145, 134, 105, 126, 163, 114, 139, 105, 165, 106, 92]);
  });

  it('resizes 28x28 -> 16x16 like Pillow', () => {
    const resized = resizeDataset({ dataset: pillowPattern(28, 28, 1), height: 16, width: 16 });
    expect(resized.images.reduce((sum, value) => sum + value, 0)).toBe(31760);
    expect(Array.from(resized.images.subarray(0, 16))).toEqual([69, 127, 122, 143, 86, 130, 125, 146, 89, 133, 128, 149, 92, 136, 131, 166]);
  });

  it('leaves a constant image constant and an unchanged size unchanged', () => {
    const constant = createImageDataset({ images: new Uint8Array(2 * 28 * 28).fill(77), labels: Uint8Array.of(0, 1), height: 28, width: 28, channels: 1, classes: 2 });
    expect(resizeDataset({ dataset: constant, height: 16, width: 11 }).images.every((value) => value === 77)).toBe(true);
    const pattern = pillowPattern(5, 7, 3);
    expect(Array.from(resizeDataset({ dataset: pattern, height: 5, width: 7 }).images)).toEqual(Array.from(pattern.images));
  });
});

describe('resizeDataset (antialias: false, TensorFlow.js half-pixel bilinear)', () => {
  it('averages 2x2 blocks when halving', () => {
    const source = pillowPattern(4, 4, 1);
    const resized = resizeDataset({ dataset: source, height: 2, width: 2, antialias: false });
    const block = (y: number, x: number) => {
      const at = (row: number, column: number) => source.images[row * 4 + column] as number;
      return Math.floor((at(y, x) + at(y, x + 1) + at(y + 1, x) + at(y + 1, x + 1)) / 4 + 0.5);
    };
    expect(Array.from(resized.images)).toEqual([block(0, 0), block(0, 2), block(2, 0), block(2, 2)]);
  });

  it('interpolates at quarter positions when doubling', () => {
    // Row [0, 200] -> [0, 50, 150, 200] (sources -0.25 -> 0, 0.25, 0.75, 1.25 -> 1).
    const row = createImageDataset({ images: Uint8Array.of(0, 200), labels: Uint8Array.of(0), height: 1, width: 2, channels: 1, classes: 1 });
    expect(Array.from(resizeDataset({ dataset: row, height: 1, width: 4, antialias: false }).images)).toEqual([0, 50, 150, 200]);
  });
});

describe('padDataset', () => {
  it('pads 28x28 to 32x32 with the image centred', () => {
    const source = pillowPattern(28, 28, 1);
    const padded = padDataset({ dataset: source, padding: 2 });
    expect([padded.height, padded.width]).toEqual([32, 32]);
    expect(padded.images[0]).toBe(0);
    expect(padded.images[2 * 32 + 2]).toBe(source.images[0]);
    expect(padded.images[29 * 32 + 29]).toBe(source.images[27 * 28 + 27]);
    expect(padded.images[29 * 32 + 30]).toBe(0);
    expect(padded.images.reduce((sum, value) => sum + value, 0)).toBe(source.images.reduce((sum, value) => sum + value, 0));
  });

  it('pads each side separately, every channel with the value', () => {
    const source = createImageDataset({ images: Uint8Array.of(1, 2, 3), labels: Uint8Array.of(0), height: 1, width: 1, channels: 3, classes: 1 });
    const padded = padDataset({ dataset: source, padding: { top: 0, bottom: 1, left: 1, right: 0 }, value: 9 });
    expect([padded.height, padded.width]).toEqual([2, 2]);
    expect(Array.from(padded.images)).toEqual([9, 9, 9, 1, 2, 3, 9, 9, 9, 9, 9, 9]);
    expect(() => padDataset({ dataset: source, padding: -1 })).toThrow('padDataset: options.padding: expected a non-negative integer, got number -1');
  });
});
