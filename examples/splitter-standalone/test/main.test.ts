import { describe, expect, it } from 'vitest';
import { runExample } from '../src/run-example.js';

describe('the standalone splitter example', () => {
  it('plans, splits, routes and evaluates with only @fewshot/splitter and what it declares', async () => {
    const lines: string[] = [];
    const result = await runExample((line) => lines.push(line));
    expect(result.fixedPlan.groups).toEqual([[0], [1], [2], [3], [4]]);
    expect(result.gradientPlan.criterion).toBe('gradient-matching');
    expect(result.gradientPlan.groups.map((group) => group.length).sort()).toEqual([2, 3]);
    // Two children that partition the 15,625 architectures: 3 options x 5^5 and 2 options x 5^5.
    expect([...result.childSizes].sort((a, b) => a - b)).toEqual([6250, 9375]);
    result.architectures.forEach((architecture, index) => {
      const owner = result.gradientPlan.groups.findIndex((group) => group.includes(architecture[result.gradientPlan.decision]!));
      expect(result.routes[index]).toBe(owner);
      expect(result.ensembleEvaluations[index]!.accuracy).toBe(result.directEvaluations[index]!.accuracy);
      expect(result.ensembleEvaluations[index]!.loss).toBe(result.directEvaluations[index]!.loss);
    });
    expect(lines.some((line) => line.startsWith('gradient matching (cosine distance, 2 batches'))).toBe(true);
  });
});
