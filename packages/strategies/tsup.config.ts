import { defineFewshotBuild } from '../../tsup.shared.js';

export default defineFewshotBuild({ entry: ['src/index.ts', 'src/gradient/index.ts'] });
