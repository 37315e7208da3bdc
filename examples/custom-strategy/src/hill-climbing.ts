import { InvalidArgumentError, createRng, type Architecture, type Rng, type RngState, type SearchSpace } from '@fewshot/core';
import {
  createProposalLedger,
  type AskOptions,
  type JsonValue,
  type Proposal,
  type ProposalLedgerState,
  type SearchStrategy,
  type StrategyResult,
  type StrategyState,
} from '@fewshot/strategies';

/** Options of {@link createHillClimbing}: a space plus exactly one of seed, rng or state. */
export interface HillClimbingOptions {
  readonly space: SearchSpace;
  readonly seed?: number | string;
  readonly rng?: Rng;
  readonly state?: StrategyState;
}

interface Wave {
  /** The architectures of this step: one random start, or all neighbours of the current point. */
  readonly architectures: Architecture[];
  /** Accuracy per architecture, null while unknown. */
  readonly accuracies: (number | null)[];
  /** Indices not yet handed out by ask(). */
  readonly queue: number[];
  /** proposal id -> index in the wave. */
  readonly owners: Map<number, number>;
}

const name = 'hill-climbing';
const version = 1;
const key = (architecture: Architecture) => architecture.join(',');

/**
 * Steepest-ascent hill climbing with random restarts: evaluate every neighbour (one decision
 * changed) of the current architecture, move to the best one if it improves, otherwise restart
 * from a uniformly random architecture. Architectures evaluated before are never proposed again.
 *
 * Written only against the public contract of `@fewshot/strategies`: it works with
 * `runSearch` and passes `checkStrategyConformance` without touching the package.
 */
export function createHillClimbing(options: HillClimbingOptions): SearchStrategy {
  const { space } = options;
  const sources = [options.seed, options.rng, options.state].filter((value) => value !== undefined);
  if (sources.length !== 1) {
    throw new InvalidArgumentError({ functionName: 'createHillClimbing', argument: 'seed', message: 'expected exactly one of seed, rng or state' });
  }
  const state = options.state;
  if (state !== undefined && (state.strategy !== name || state.version !== version || state.space !== space.id)) {
    throw new InvalidArgumentError({
      functionName: 'createHillClimbing',
      argument: 'state',
      message: `expected a ${name} v${version} state of space '${space.id}', got ${String(state.strategy)} v${String(state.version)} of '${String(state.space)}'`,
    });
  }
  const rng: Rng =
    options.rng ?? (state !== undefined ? createRng({ state: state['rng'] as unknown as RngState }) : createRng({ seed: options.seed as number | string }));
  const ledger = createProposalLedger({ space, ...(state === undefined ? {} : { state: state['ledger'] as unknown as ProposalLedgerState }) });

  // Everything evaluated so far (key -> accuracy), the current point, and the current wave.
  const known = new Map<string, number>(state === undefined ? [] : (state['known'] as [string, number][]));
  let current: { architecture: Architecture; accuracy: number } | null = state === undefined ? null : (state['current'] as never);
  let wave: Wave | null = null;
  if (state !== undefined && state['wave'] !== null) {
    const saved = state['wave'] as { architectures: number[][]; accuracies: (number | null)[]; queue: number[]; owners: [number, number][] };
    wave = { architectures: saved.architectures, accuracies: [...saved.accuracies], queue: [...saved.queue], owners: new Map(saved.owners) };
  }

  const startWave = (architectures: Architecture[]): Wave => {
    const accuracies = architectures.map((architecture) => known.get(key(architecture)) ?? null);
    const queue = accuracies.flatMap((accuracy, index) => (accuracy === null ? [index] : []));
    return { architectures, accuracies, queue, owners: new Map() };
  };

  /** Decides what to do next whenever the current wave is complete. */
  const advance = (): void => {
    for (;;) {
      if (wave === null) {
        wave = current === null ? startWave([space.sample(rng)]) : startWave(space.neighbours(current.architecture));
      }
      if (wave.queue.length > 0 || wave.owners.size > 0) return;
      const complete = wave;
      wave = null;
      if (current === null) {
        current = { architecture: complete.architectures[0] as Architecture, accuracy: complete.accuracies[0] as number };
        continue;
      }
      let best = -1;
      complete.accuracies.forEach((accuracy, index) => {
        if (best < 0 || (accuracy as number) > (complete.accuracies[best] as number)) best = index;
      });
      const improves = best >= 0 && (complete.accuracies[best] as number) > current.accuracy;
      current = improves ? { architecture: complete.architectures[best] as Architecture, accuracy: complete.accuracies[best] as number } : null;
      if (known.size >= space.size && current === null) return; // every architecture evaluated
    }
  };

  return {
    name,
    space,
    ask: (askOptions?: AskOptions): Proposal[] => {
      advance();
      if (wave === null) return [];
      const active: Wave = wave;
      return active.queue.splice(0, askOptions?.limit ?? active.queue.length).map((index) => {
        const proposal = ledger.propose({ architecture: active.architectures[index] as Architecture });
        active.owners.set(proposal.id, index);
        return proposal;
      });
    },
    tell: (results: readonly StrategyResult[]): void => {
      // The ledger rejects unknown, repeated or altered results before anything changes,
      // and returns them sorted by proposal id: the outcome does not depend on the order.
      for (const { proposal, evaluation } of ledger.accept({ functionName: `${name}.tell`, results })) {
        const index = wave?.owners.get(proposal.id);
        if (wave === null || index === undefined) continue;
        wave.owners.delete(proposal.id);
        wave.accuracies[index] = evaluation.accuracy;
        known.set(key(proposal.architecture), evaluation.accuracy);
      }
    },
    pending: () => ledger.pending(),
    getState: (): StrategyState => ({
      strategy: name,
      version,
      space: space.id,
      rng: rng.getState() as unknown as JsonValue,
      ledger: ledger.getState() as unknown as JsonValue,
      known: [...known.entries()],
      current: current === null ? null : { architecture: [...current.architecture], accuracy: current.accuracy },
      wave:
        wave === null
          ? null
          : {
              architectures: wave.architectures.map((architecture) => [...architecture]),
              accuracies: [...wave.accuracies],
              queue: [...wave.queue],
              owners: [...wave.owners.entries()],
            },
    }),
  };
}
