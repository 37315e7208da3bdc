import { defineFewshotConfig } from '../../vitest.shared.js';

export default defineFewshotConfig({ checkTensorLeaks: true, alsoInclude: ['bench/**/*.test.ts'] });
