import { InvalidArgumentError, type Architecture, type SearchSpace } from '@fewshot/core';
import type { Proposal, StrategyResult } from '../contracts/strategy.js';
import { sameArchitecture } from '../internal/architecture-key.js';
import { describe, requireArchitecture, requireArray, requireNumber, requireObject } from '../internal/validate.js';

/**
 * The JSON form of a {@link ProposalLedger}: the next id and the proposals still
 * waiting for their results.
 *
 * @example
 * ```ts
 * const state: ProposalLedgerState = { nextId: 3, pending: [{ id: 2, architecture: [0, 1, 2, 3, 4, 0] }] };
 * ```
 */
export type ProposalLedgerState = {
  /** The id the next proposal will get (= how many proposals were issued so far). */
  readonly nextId: number;
  /** The proposals issued but not yet told, in id order. */
  readonly pending: readonly {
    /** The proposal's id, below `nextId`. */
    readonly id: number;
    /** The proposed architecture, one option index per decision of the space. */
    readonly architecture: readonly number[];
    /** The budget it was proposed at (epochs); absent for the evaluator's default fidelity. */
    readonly fidelity?: number;
  }[];
};

/**
 * Book-keeping that every ask/tell strategy needs: issues increasing proposal ids,
 * remembers which proposals wait for results, validates what `tell` receives (unknown,
 * duplicate or altered proposals, non-finite accuracies) before anything changes, and
 * serialises itself. Built-in strategies use it; use it in your own strategies too.
 *
 * @example
 * ```ts
 * const ledger = createProposalLedger({ space: nasBench201 });
 * const proposal = ledger.propose({ architecture: [3, 3, 3, 1, 3, 2] });
 * const accepted = ledger.accept({
 *   functionName: 'myStrategy.tell',
 *   results: [{ proposal, evaluation: { architecture: proposal.architecture, accuracy: 94.37 } }],
 * });
 * ledger.pending(); // []
 * ```
 */
export interface ProposalLedger {
  /** Issues a proposal with the next id and records it as pending. */
  propose(options: {
    /** The architecture to propose; copied and frozen. */
    readonly architecture: Architecture;
    /** The budget to evaluate it at (epochs); absent for the evaluator's default fidelity. */
    readonly fidelity?: number;
  }): Proposal;
  /**
   * Validates a `tell` batch and removes its proposals from the pending set. Throws an
   * `InvalidArgumentError` naming `functionName` (and changes nothing) when a result is
   * malformed, for an unknown or already-told proposal, repeated in the batch, altered
   * (another architecture or fidelity than proposed), or has a non-finite accuracy.
   * Returns the results sorted by proposal id, each carrying the ledger's own copy of
   * its proposal.
   */
  accept(options: {
    /** The public function to name in errors, e.g. `myStrategy.tell`. */
    readonly functionName: string;
    /** The results the strategy's `tell` received. */
    readonly results: readonly StrategyResult[];
  }): StrategyResult[];
  /** The pending proposals in id order. */
  pending(): Proposal[];
  /** How many proposals were issued so far (the next id). */
  issued(): number;
  /** A JSON snapshot that `createProposalLedger({ space, state })` restores. */
  getState(): ProposalLedgerState;
}

function freezeProposal(id: number, architecture: Architecture, fidelity: number | undefined): Proposal {
  const copy = Object.freeze([...architecture]);
  return Object.freeze(fidelity === undefined ? { id, architecture: copy } : { id, architecture: copy, fidelity });
}

/**
 * Creates a {@link ProposalLedger}, empty or restored from a saved state.
 *
 * @example
 * ```ts
 * const ledger = createProposalLedger({ space: nasBench201 });
 * const saved = ledger.getState();
 * const again = createProposalLedger({ space: nasBench201, state: saved });
 * ```
 */
export function createProposalLedger(options: {
  /** The space proposals must belong to. */
  readonly space: SearchSpace;
  /** A state saved with {@link ProposalLedger.getState}. */
  readonly state?: ProposalLedgerState;
  /** Named in errors about a bad `state`; defaults to `createProposalLedger`. */
  readonly functionName?: string;
}): ProposalLedger {
  const functionName = options.functionName ?? 'createProposalLedger';
  const space = options.space;
  const pendingById = new Map<number, Proposal>();
  let nextId = 0;
  if (options.state !== undefined) {
    const state = requireObject(functionName, 'state.ledger', options.state);
    nextId = requireNumber(functionName, 'state.ledger.nextId', state['nextId'], { integer: true, minimum: 0 });
    const pending = requireArray(functionName, 'state.ledger.pending', state['pending']);
    pending.forEach((entry, index) => {
      const argument = `state.ledger.pending[${index}]`;
      const item = requireObject(functionName, argument, entry);
      const id = requireNumber(functionName, `${argument}.id`, item['id'], { integer: true, minimum: 0, exclusiveMaximum: nextId });
      const architecture = requireArchitecture(functionName, `${argument}.architecture`, item['architecture'], space);
      const fidelity =
        item['fidelity'] === undefined || item['fidelity'] === null
          ? undefined
          : requireNumber(functionName, `${argument}.fidelity`, item['fidelity'], { exclusiveMinimum: 0 });
      pendingById.set(id, freezeProposal(id, architecture, fidelity));
    });
  }

  const ledger: ProposalLedger = {
    propose: ({ architecture, fidelity }) => {
      const proposal = freezeProposal(nextId, architecture, fidelity);
      nextId += 1;
      pendingById.set(proposal.id, proposal);
      return proposal;
    },
    accept: ({ functionName: caller, results }) => {
      if (!Array.isArray(results)) {
        throw new InvalidArgumentError({ functionName: caller, argument: 'results', message: `expected an array of results, got ${describe(results)}` });
      }
      const seen = new Set<number>();
      const accepted: StrategyResult[] = [];
      results.forEach((result: unknown, index) => {
        const argument = `results[${index}]`;
        if (typeof result !== 'object' || result === null) {
          throw new InvalidArgumentError({ functionName: caller, argument, message: `expected { proposal, evaluation }, got ${describe(result)}` });
        }
        const { proposal, evaluation } = result as Partial<StrategyResult>;
        if (typeof proposal !== 'object' || proposal === null || typeof proposal.id !== 'number') {
          throw new InvalidArgumentError({ functionName: caller, argument: `${argument}.proposal`, message: `expected a proposal returned by ask, got ${describe(proposal)}` });
        }
        const own = pendingById.get(proposal.id);
        if (own === undefined) {
          throw new InvalidArgumentError({
            functionName: caller,
            argument: `${argument}.proposal`,
            message: `proposal ${proposal.id} is not pending (already told, or never asked)`,
          });
        }
        if (seen.has(proposal.id)) {
          throw new InvalidArgumentError({ functionName: caller, argument: `${argument}.proposal`, message: `proposal ${proposal.id} appears twice in this batch` });
        }
        if (!Array.isArray(proposal.architecture) || !sameArchitecture(proposal.architecture, own.architecture) || proposal.fidelity !== own.fidelity) {
          throw new InvalidArgumentError({
            functionName: caller,
            argument: `${argument}.proposal`,
            message: `proposal ${proposal.id} was altered: expected architecture [${own.architecture.join(', ')}]${own.fidelity === undefined ? '' : ` at fidelity ${own.fidelity}`}, got ${describe(proposal)}`,
          });
        }
        if (typeof evaluation !== 'object' || evaluation === null || typeof evaluation.accuracy !== 'number' || !Number.isFinite(evaluation.accuracy)) {
          throw new InvalidArgumentError({
            functionName: caller,
            argument: `${argument}.evaluation.accuracy`,
            message: `expected a finite accuracy for proposal ${proposal.id}, got ${describe((evaluation as { accuracy?: unknown } | undefined)?.accuracy)}`,
          });
        }
        seen.add(proposal.id);
        accepted.push({ proposal: own, evaluation });
      });
      for (const result of accepted) pendingById.delete(result.proposal.id);
      return accepted.sort((first, second) => first.proposal.id - second.proposal.id);
    },
    pending: () => [...pendingById.values()].sort((first, second) => first.id - second.id),
    issued: () => nextId,
    getState: () => ({
      nextId,
      pending: ledger.pending().map((proposal) =>
        proposal.fidelity === undefined
          ? { id: proposal.id, architecture: [...proposal.architecture] }
          : { id: proposal.id, architecture: [...proposal.architecture], fidelity: proposal.fidelity },
      ),
    }),
  };
  return ledger;
}
