/**
 * Adam (Kingma & Ba 2015) on a flat parameter vector, in plain TypeScript, with bias
 * correction as in the paper: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * x -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
 */
export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** The optimiser's moments and step count; plain data, JSON-safe. */
export interface AdamMoments {
  step: number;
  readonly first: number[];
  readonly second: number[];
}

export function createAdamMoments(size: number): AdamMoments {
  return { step: 0, first: new Array<number>(size).fill(0), second: new Array<number>(size).fill(0) };
}

/** One descent step on `parameters` (modified in place) for the gradient `gradient`. */
export function adamStep(options: {
  readonly parameters: number[];
  readonly gradient: readonly number[];
  readonly moments: AdamMoments;
  readonly settings: AdamSettings;
}): void {
  const { parameters, gradient, moments, settings } = options;
  moments.step += 1;
  const correction1 = 1 - settings.beta1 ** moments.step;
  const correction2 = 1 - settings.beta2 ** moments.step;
  for (let index = 0; index < parameters.length; index += 1) {
    const g = gradient[index] as number;
    const m = settings.beta1 * (moments.first[index] as number) + (1 - settings.beta1) * g;
    const v = settings.beta2 * (moments.second[index] as number) + (1 - settings.beta2) * g * g;
    moments.first[index] = m;
    moments.second[index] = v;
    parameters[index] = (parameters[index] as number) - (settings.learningRate * (m / correction1)) / (Math.sqrt(v / correction2) + settings.epsilon);
  }
}
