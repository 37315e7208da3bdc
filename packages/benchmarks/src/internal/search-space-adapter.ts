/**
 * The only place that calls @fewshot/search-space (NAS-Bench-201 strings and
 * isomorphism, NAS-Bench-101 hashing, the 1Shot1 spaces), so that its names can be
 * adapted in one file.
 */
export {
  canonicalNasBench201Architecture,
  createNasBench1Shot1Space,
  formatNasBench201Architecture,
  hashNasBench101Cell,
  nasBench201Operations,
  parseNasBench201Architecture,
  type NasBench101Cell,
} from '@fewshot/search-space';
