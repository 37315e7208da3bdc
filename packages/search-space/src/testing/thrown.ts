import { FewshotError } from '@fewshot/core';

/** Runs `action` and returns the FewshotError it throws (fails when it throws nothing or something else). */
export function thrown(action: () => unknown): FewshotError {
  try {
    action();
  } catch (error) {
    if (FewshotError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a FewshotError, nothing was thrown');
}
