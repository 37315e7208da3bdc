/** Globally unique variable-name prefixes for the tensors this package owns. */
import * as tf from '@tensorflow/tfjs-core';

let counter = 0;

/** A prefix `autogan-{kind}-{n}` that no registered variable uses yet. */
export function uniqueVariablePrefix(kind: string): string {
  const registered = tf.engine().registeredVariables;
  for (;;) {
    counter += 1;
    const prefix = `autogan-${kind}-${counter}`;
    if (!Object.keys(registered).some((name) => name.startsWith(`${prefix}/`))) return prefix;
  }
}
