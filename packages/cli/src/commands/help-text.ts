const general = `fewshot — few-shot neural architecture search on TensorFlow.js

Usage:
  fewshot run <config.json> [options]           one-shot vs few-shot experiment, with a report
  fewshot ground-truth <config.json> [options]  train sampled architectures from scratch: a truth table
  fewshot help [command]                        this text, or a command's

Options:
  --help, -h      help
  --version       the version
  --debug         print stack traces of errors

The backend is chosen at run time: @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node where
installed, then wasm, then cpu; set FEWSHOT_BACKEND=wasm|cpu|tfjs-node|tfjs-node-gpu to choose.
`;

const commands: Readonly<Record<string, string>> = {
  run: `fewshot run <config.json> [--output <folder>] [--workers <n>] [--seeds <a,b,...>] [--fresh]

Trains a one-shot supernet, splits it as each entry of "splits" says, trains the sub-supernets
(in parallel processes), estimates the accuracy of the ground truth's architectures with
the one-shot supernet, the equal-budget one-shot supernet and each few-shot ensemble, and compares
them with the truth (Kendall tau-b, Spearman, precision at top-k, top pick, per region).

Writes to the output folder: results.json (machine-readable), report.md with SVG plots, and the
trained supernets and checkpoints. A killed run started again with the same config resumes.

Options:
  --output <folder>   output folder (default: the config's "output", or runs/<name>)
  --workers <n>       training processes at once (default: the config's "workers", 2)
  --seeds <a,b,...>   run only these seeds (default: the config's "seeds")
  --fresh             ignore finished phases in the output folder and start over

A config with "kind": "autogan" runs AutoGAN's generator search instead, one-shot and few-shot,
with classifier-based Inception Score and Frechet distance (see docs/guides/autogan.md; it takes
--output and --seeds).

Config fields (all but groundTruth have defaults; see docs/guides/experiments.md):
  name, seeds, data {source, directory, resize, trainPerClass, augmentation},
  network {channels, cellsPerStage, cellBatchNorm}, oneShot {...schedule}, subSupernets {...schedule},
  splits [{name, criterion: fixed-edge|gradient-matching|random, ...}], equalBudget,
  evaluation {batchSize}, groundTruth {kind: table|nas-bench-201-csv, file, column}, workers, output.
  A schedule is {epochs, batchSize, learningRate {initial, final}, momentum, nesterov, weightDecay,
  gradientClipNorm, sampling: per-cell|per-step}.
`,
  'ground-truth': `fewshot ground-truth <config.json> [--workers <n>]

Draws "perRegion" non-equivalent architectures from each region of the paper's split of "edge"
(or takes the architectures of "list", e.g. the ones a search derived), trains each from
scratch with the standalone network once per seed (in parallel processes) and writes a
JSON table with the configuration, the command, the machine and the time.
Each finished run is saved at once, so a killed run resumes where it stopped.

Config fields: name, data, network, training {...schedule}, architectures {perRegion, edge, seed, list},
seeds, fullFashionMnistTest (score on Debian's 10,000 test images), workers, output.
`,
};

/** The general help text. */
export function generalHelp(): string {
  return general;
}

/** The help text of one command (or the general text for an unknown one). */
export function commandHelp(command: string): string {
  return commands[command] ?? `Unknown command "${command}".\n\n${general}`;
}
