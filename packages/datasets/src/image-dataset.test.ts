import { FewshotError, InvalidArgumentError } from '@fewshot/core';
import { describe, expect, it } from 'vitest';
import { createImageDataset } from './image-dataset.js';

describe('createImageDataset', () => {
  it('derives the count and keeps the arrays', () => {
    const images = new Uint8Array(3 * 2 * 2 * 3);
    const labels = Uint8Array.of(0, 4, 2);
    const dataset = createImageDataset({ images, labels, height: 2, width: 2, channels: 3, classes: 5, classNames: ['a', 'b', 'c', 'd', 'e'] });
    expect(dataset.count).toBe(3);
    expect(dataset.images).toBe(images);
    expect(dataset.classNames).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Object.isFrozen(dataset)).toBe(true);
  });

  it('rejects a size mismatch, naming the function and argument', () => {
    const call = () => createImageDataset({ images: new Uint8Array(7), labels: Uint8Array.of(0, 1), height: 2, width: 2, channels: 1, classes: 2 });
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow('createImageDataset: options.images: expected 2 x 2 x 2 x 1 = 8 bytes, got 7');
    try {
      call();
    } catch (error) {
      expect(FewshotError.isInstance(error) && error.argument).toBe('options.images');
    }
  });

  it('rejects a label that is not below classes', () => {
    expect(() => createImageDataset({ images: new Uint8Array(2), labels: Uint8Array.of(0, 3), height: 1, width: 1, channels: 1, classes: 3 })).toThrow(
      'label 3 of example 1 is not below classes = 3',
    );
  });

  it('rejects bad dimensions and class names', () => {
    expect(() => createImageDataset({ images: new Uint8Array(0), labels: new Uint8Array(0), height: 0, width: 1, channels: 1, classes: 1 })).toThrow(
      'options.height',
    );
    expect(() => createImageDataset({ images: new Uint8Array(1), labels: Uint8Array.of(0), height: 1, width: 1, channels: 1, classes: 2, classNames: ['x'] })).toThrow(
      'expected 2 strings',
    );
    expect(() => createImageDataset({ images: [1] as unknown as Uint8Array, labels: Uint8Array.of(0), height: 1, width: 1, channels: 1, classes: 1 })).toThrow(
      'expected a Uint8Array, got an array of length 1',
    );
  });
});
