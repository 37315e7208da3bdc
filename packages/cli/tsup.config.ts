import { defineFewshotBuild } from '../../tsup.shared.js';

// The command and the training worker sit at the root of src/ so that, built, they sit at the
// root of dist/ next to the index: the worker is found relative to the code that forks it.
export default defineFewshotBuild({ entry: ['src/index.ts', 'src/fewshot-command.ts', 'src/training-worker.ts'] });
