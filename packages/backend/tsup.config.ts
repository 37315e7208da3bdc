import { defineFewshotBuild } from '../../tsup.shared.js';

export default defineFewshotBuild();
