#!/usr/bin/env node
/**
 * The `fewshot` command.
 */
import { main } from './commands/main.js';

process.exitCode = await main(process.argv.slice(2));
