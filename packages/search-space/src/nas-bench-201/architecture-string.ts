import { InvalidArgumentError, ParseError, type Architecture } from '@fewshot/core';
import { describeValue } from '../internal/describe-value.js';
import { checkArchitecture } from '../internal/product-space.js';
import { nasBench201Decisions } from './decisions.js';
import { nasBench201EdgeIndex, nasBench201Operations, type NasBench201Operation } from './operations.js';

/**
 * Parses the official NAS-Bench-201 architecture string
 * `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` (node `k` lists its inputs `op~j` for
 * `j < k`) into an architecture vector in edge order `1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2`.
 * Surrounding whitespace is ignored; anything else malformed throws a `ParseError`.
 *
 * @example
 * ```ts
 * import { parseNasBench201Architecture } from '@fewshot/search-space';
 * parseNasBench201Architecture(
 *   '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|',
 * ); // [3, 3, 3, 1, 3, 2]
 * ```
 */
export function parseNasBench201Architecture(text: string): Architecture {
  const functionName = 'parseNasBench201Architecture';
  if (typeof text !== 'string') {
    throw new InvalidArgumentError({ functionName, argument: 'text', message: `expected a string, got ${describeValue(text)}` });
  }
  const fail = (message: string): never => {
    throw new ParseError({ functionName, argument: 'text', message: `${message} in ${describeValue(text)}` });
  };
  const nodes = text.trim().split('+');
  if (nodes.length !== 3) fail(`expected 3 nodes separated by "+", got ${nodes.length}`);
  const architecture = new Array<number>(6).fill(0);
  let edgeCount = 0;
  nodes.forEach((node, position) => {
    const target = position + 1;
    if (node.length < 2 || !node.startsWith('|') || !node.endsWith('|')) {
      fail(`node ${target} must look like "|op~0|...|", got ${describeValue(node)}`);
    }
    const entries = node.slice(1, -1).split('|');
    edgeCount += entries.length;
    if (entries.length !== target) {
      fail(`node ${target} must have ${target} input edge(s), got ${entries.length} (${describeValue(node)})`);
    }
    entries.forEach((entry, source) => {
      const tilde = entry.lastIndexOf('~');
      if (tilde < 0) fail(`expected "op~${source}" for edge ${target}<-${source}, got ${describeValue(entry)}`);
      const name = entry.slice(0, tilde);
      const input = entry.slice(tilde + 1);
      if (input !== String(source)) {
        fail(`expected input node ${source} for edge ${target}<-${source}, got ${describeValue(entry)}`);
      }
      const operation = nasBench201Operations.indexOf(name as NasBench201Operation);
      if (operation < 0) {
        fail(`unknown operation ${describeValue(name)} on edge ${target}<-${source}; expected one of ${nasBench201Operations.join(', ')}`);
      }
      architecture[nasBench201EdgeIndex(source, target)] = operation;
    });
  });
  if (edgeCount !== 6) fail(`expected 6 edges, got ${edgeCount}`);
  return architecture;
}

/**
 * Formats an architecture vector as the official NAS-Bench-201 string
 * (`|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`), the inverse of
 * {@link parseNasBench201Architecture}. Throws a typed error for a vector that
 * is not 6 op indices in 0..4.
 *
 * @example
 * ```ts
 * import { formatNasBench201Architecture } from '@fewshot/search-space';
 * formatNasBench201Architecture([3, 3, 3, 1, 3, 2]);
 * // '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|'
 * ```
 */
export function formatNasBench201Architecture(architecture: Architecture): string {
  checkArchitecture('formatNasBench201Architecture', 'architecture', architecture, nasBench201Decisions);
  const name = (from: number, to: number): string =>
    `${nasBench201Operations[architecture[nasBench201EdgeIndex(from, to)] as number] as string}~${from}`;
  return `|${name(0, 1)}|+|${name(0, 2)}|${name(1, 2)}|+|${name(0, 3)}|${name(1, 3)}|${name(2, 3)}|`;
}
