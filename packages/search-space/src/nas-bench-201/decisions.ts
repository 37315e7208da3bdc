import type { Decision } from '@fewshot/core';
import { freezeDecisions } from '../internal/product-space.js';
import { nasBench201Edges, nasBench201Operations } from './operations.js';

/** The six edge decisions of NAS-Bench-201 (internal; exported through `nasBench201.decisions`). */
export const nasBench201Decisions: readonly Decision[] = freezeDecisions(
  nasBench201Edges.map((edge) => ({ label: edge.label, options: nasBench201Operations })),
);
