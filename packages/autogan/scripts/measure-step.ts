/**
 * Measures the cost of the pieces of an AutoGAN search on this machine, to size a
 * configuration: one shared-GAN step (D step + every n-th G step) per stage, a reward
 * (generate + classify) and a classifier training step.
 *
 *   npx tsx --conditions=@fewshot/source packages/autogan/scripts/measure-step.ts [gf] [df] [batch] [steps]
 */
import { createRng } from '@fewshot/core';
import { selectBackend } from '@fewshot/backend';
import * as tf from '@tensorflow/tfjs-core';
import {
  autoGanSpace,
  createAdam,
  createClassifierFeatureExtractor,
  createDiscriminator,
  createImageClassifier,
  createSharedGenerator,
  extractFeatures,
  generateImages,
  trainGanStep,
} from '../src/index.js';

const [gf = 32, df = 32, batch = 64, steps = 6] = process.argv.slice(2).map(Number);
const selection = await selectBackend();
console.log(`backend ${selection.backend}; gf ${gf} df ${df} batch ${batch}`);
const rng = createRng({ seed: 1 });
const generator = createSharedGenerator({ rng, channels: gf, outputChannels: 1 });
const discriminator = createDiscriminator({ rng, channels: df, inputChannels: 1 });
const generatorOptimizer = createAdam({});
const discriminatorOptimizer = createAdam({});
for (const stage of [0, 1, 2]) {
  const size = generator.outputSize({ stage });
  const real = tf.randomUniform([batch, size, size, 1], -1, 1) as tf.Tensor4D;
  const times: number[] = [];
  const generatorTimes: number[] = [];
  for (let step = 0; step < steps; step += 1) {
    const architecture = autoGanSpace.sample(rng);
    const started = performance.now();
    await trainGanStep({ generator, discriminator, generatorOptimizer, discriminatorOptimizer, architecture, stage, realImages: real, rng, generatorBatchSize: batch, generatorStep: step % 2 === 1 });
    (step % 2 === 1 ? generatorTimes : times).push(performance.now() - started);
  }
  real.dispose();
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  console.log(`stage ${stage}: D step ${median(times).toFixed(0)} ms, D+G step ${median(generatorTimes).toFixed(0)} ms`);
}
const classifier = createImageClassifier({ rng, widths: [16, 32, 64] });
const extractor = createClassifierFeatureExtractor({ classifier });
for (const stage of [0, 2]) {
  const started = performance.now();
  const images = await generateImages({ generator, architecture: autoGanSpace.sample(rng), stage, count: 1000, rng });
  const generated = performance.now();
  await extractFeatures({ extractor, images });
  console.log(`reward on 1000 images, stage ${stage}: generate ${(generated - started).toFixed(0)} ms, classify ${(performance.now() - generated).toFixed(0)} ms`);
}
{
  const variables = classifier.trainableVariables();
  const adam = createAdam({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999 });
  const images = tf.randomUniform([128, 28, 28, 1], -1, 1) as tf.Tensor4D;
  const started = performance.now();
  for (let i = 0; i < 3; i += 1) {
    const { value, grads } = tf.variableGrads(() => tf.mean(classifier.predict({ images, training: true }).logits) as tf.Scalar, variables);
    adam.applyGradients({ gradients: grads, variables });
    tf.dispose([value, ...Object.values(grads)]);
  }
  console.log(`classifier [16, 32, 64] step at batch 128: ${((performance.now() - started) / 3).toFixed(0)} ms`);
  tf.dispose(images);
  adam.dispose();
}
console.log(`tensors alive: ${tf.memory().numTensors}`);
