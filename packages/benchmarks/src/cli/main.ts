#!/usr/bin/env node
/**
 * The `fewshot-bench` command: convert benchmark files to our compact format and
 * query them. See `fewshot-bench --help`.
 *
 * @module
 */
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
