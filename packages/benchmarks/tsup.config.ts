import { defineFewshotBuild } from '../../tsup.shared.js';

export default defineFewshotBuild({ entry: ['src/index.ts', 'src/cli/main.ts'] });
