/**
 * Runs the standalone splitter example and prints what happens.
 *
 *   npm start --workspace @fewshot/example-splitter-standalone
 */
import { runExample } from './run-example.js';

await runExample((line) => console.log(line));
