import { registerGradients } from '@fewshot/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelShuffle } from './channel-shuffle.js';

describe('channelShuffle', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerGradients();
  });

  it('interleaves the groups: output channel j * groups + g is input channel g * (C / groups) + j', () => {
    const input = tf.tidy(() => tf.reshape(tf.range(0, 8), [1, 1, 1, 8])) as tf.Tensor4D;
    const shuffled = channelShuffle({ input, groups: 4 });
    expect(Array.from(shuffled.dataSync())).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
    const twoGroups = channelShuffle({ input, groups: 2 });
    expect(Array.from(twoGroups.dataSync())).toEqual([0, 4, 1, 5, 2, 6, 3, 7]);
    tf.dispose([input, shuffled, twoGroups]);
  });

  it('is a permutation of the channels at every pixel, and shuffling with C / groups groups undoes it', () => {
    const channels = 12;
    const input = tf.tidy(() => tf.add(tf.reshape(tf.range(0, 2 * 3 * 3 * channels), [2, 3, 3, channels]), 0.5)) as tf.Tensor4D;
    const shuffled = channelShuffle({ input, groups: 4 });
    const values = shuffled.dataSync();
    const original = input.dataSync();
    for (let pixel = 0; pixel < 2 * 3 * 3; pixel += 1) {
      const out = Array.from(values.slice(pixel * channels, (pixel + 1) * channels));
      const in_ = Array.from(original.slice(pixel * channels, (pixel + 1) * channels));
      expect([...out].sort((x, y) => x - y)).toEqual([...in_].sort((x, y) => x - y));
      expect(new Set(out).size).toBe(channels);
    }
    const restored = channelShuffle({ input: shuffled, groups: channels / 4 });
    expect(Array.from(restored.dataSync())).toEqual(Array.from(original));
    tf.dispose([input, shuffled, restored]);
  });

  it('passes gradients back through the permutation', () => {
    const input = tf.tidy(() => tf.reshape(tf.range(0, 4), [1, 1, 1, 4])) as tf.Tensor4D;
    const weights = tf.tensor4d([1, 10, 100, 1000], [1, 1, 1, 4]);
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(channelShuffle({ input: x as tf.Tensor4D, groups: 2 }), weights)))(input);
    // Output order [0, 2, 1, 3]: input channel 2 sits at output position 1 (weight 10).
    expect(Array.from(gradient.dataSync())).toEqual([1, 100, 10, 1000]);
    tf.dispose([input, weights, gradient]);
  });

  it('rejects a group count that does not divide the channels', () => {
    const input = tf.zeros([1, 2, 2, 6]) as tf.Tensor4D;
    expect(() => channelShuffle({ input, groups: 4 })).toThrow(/channelShuffle: .*divides the 6 channels/);
    input.dispose();
  });
});
