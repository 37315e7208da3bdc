import { describe, expect, it } from 'vitest';
import { precisionAtK } from './precision-at-k.js';
import { regret } from './regret.js';

describe('precisionAtK and regret', () => {
  it('compare the top of the estimate with the top of the truth', () => {
    expect(precisionAtK({ predicted: [0.9, 0.8, 0.1, 0.2], truth: [94, 70, 93, 60], k: 2 })).toBe(0.5);
    expect(precisionAtK({ predicted: [0.9, 0.8, 0.1, 0.2], truth: [94, 70, 93, 60], k: 4 })).toBe(1);
    expect(precisionAtK({ predicted: [3, 3, 3], truth: [1, 2, 3], k: 1 })).toBe(0); // tie -> first entry
    expect(regret({ predicted: [0.9, 0.8, 0.1], truth: [93.5, 94.37, 90] })).toBeCloseTo(0.87, 12);
    expect(regret({ predicted: [0.9, 0.8, 0.1], truth: [93.5, 94.37, 90], k: 2 })).toBe(0);
    expect(() => precisionAtK({ predicted: [1, 2], truth: [1, 2], k: 3 })).toThrow(/precisionAtK: expected an integer k in 1..2, got 3/);
  });
});

