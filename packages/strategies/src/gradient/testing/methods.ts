/** Test helpers (not published): every method with options small enough for the cpu backend. */
import type { GradientSearchMethod } from '../contracts/gradient-search-method.js';
import { createDarts } from '../methods/darts.js';
import { createEnas } from '../methods/enas.js';
import { createGdas } from '../methods/gdas.js';
import { createPcDarts } from '../methods/pc-darts.js';
import { createSetn } from '../methods/setn.js';

export const tinyMethods: readonly { readonly label: string; readonly create: () => GradientSearchMethod }[] = [
  { label: 'DARTS first order', create: () => createDarts({ order: 1 }) },
  { label: 'DARTS second order', create: () => createDarts({ order: 2 }) },
  { label: 'PC-DARTS', create: () => createPcDarts() },
  { label: 'GDAS', create: () => createGdas() },
  { label: 'SETN', create: () => createSetn({ candidates: 4 }) },
  { label: 'ENAS', create: () => createEnas({ candidates: 4, epochCandidates: 2, controller: { steps: 1, aggregate: 2 } }) },
];
