/**
 * Gradients of element-wise kernels: unary functions, activations, and binary
 * arithmetic with broadcasting (the gradient of a broadcast input is summed
 * back to its shape).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';
import { asFloat, reduceToShape, savedTensor, singleGradient } from '../internal/gradient-kit.js';
import { reluGradient } from '../internal/wasm-relu-gradient.js';

type UnaryRule = (dy: tf.Tensor, x: tf.Tensor, attrs: NamedAttrMap) => tf.Tensor;

/** A unary kernel whose gradient reads its input `x`. */
function fromInput(kernelName: string, rule: UnaryRule): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = savedTensor(saved, 0, kernelName);
      return { x: () => rule(singleGradient(dy), x, attrs) };
    },
  };
}

/** A unary kernel whose gradient reads its output `y`. */
function fromOutput(kernelName: string, rule: (dy: tf.Tensor, y: tf.Tensor) => tf.Tensor): GradConfig {
  return {
    kernelName,
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const y = savedTensor(saved, 0, kernelName);
      return { x: () => rule(singleGradient(dy), y) };
    },
  };
}

/** A unary kernel whose gradient is zero (piecewise-constant functions). */
function zeroGradient(kernelName: string, inputName = 'x'): GradConfig {
  return {
    kernelName,
    inputsToSave: [inputName],
    gradFunc: (_dy, saved) => {
      const x = savedTensor(saved, 0, kernelName);
      return { [inputName]: () => tf.zeros(x.shape, 'float32') };
    },
  };
}

const twoOverRootPi = 2 / Math.sqrt(Math.PI);

/** Gradients of unary kernels. */
export const unaryGradientConfigs: readonly GradConfig[] = [
  fromInput(tf.Abs, (dy, x) => tf.mul(dy, tf.sign(asFloat(x)))),
  {
    kernelName: tf.Neg,
    gradFunc: (dy) => ({ x: () => tf.neg(singleGradient(dy)) }),
  },
  fromOutput(tf.Exp, (dy, y) => tf.mul(dy, y)),
  fromInput(tf.Log, (dy, x) => tf.div(dy, asFloat(x))),
  fromInput(tf.Log1p, (dy, x) => tf.div(dy, tf.add(asFloat(x), 1))),
  fromInput(tf.Expm1, (dy, x) => tf.mul(dy, tf.exp(asFloat(x)))),
  fromInput(tf.Sqrt, (dy, x) => tf.div(dy, tf.mul(tf.sqrt(asFloat(x)), 2))),
  fromInput(tf.Rsqrt, (dy, x) => tf.mul(dy, tf.mul(tf.pow(asFloat(x), -1.5), -0.5))),
  fromInput(tf.Square, (dy, x) => tf.mul(dy, tf.mul(asFloat(x), 2))),
  fromInput(tf.Reciprocal, (dy, x) => tf.neg(tf.div(dy, tf.square(asFloat(x))))),
  fromOutput(tf.Sigmoid, (dy, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y)))),
  fromOutput(tf.Tanh, (dy, y) => tf.mul(dy, tf.sub(1, tf.square(y)))),
  fromInput(tf.Softplus, (dy, x) => tf.mul(dy, tf.sigmoid(x))),
  fromInput(tf.Sin, (dy, x) => tf.mul(dy, tf.cos(asFloat(x)))),
  fromInput(tf.Cos, (dy, x) => tf.neg(tf.mul(dy, tf.sin(asFloat(x))))),
  fromInput(tf.Erf, (dy, x) => tf.mul(dy, tf.mul(tf.exp(tf.neg(tf.square(asFloat(x)))), twoOverRootPi))),
  fromInput(tf.Relu, (dy, x) => reluGradient(dy, x)),
  fromInput(tf.Relu6, (dy, x) => tf.mul(dy, tf.mul(tf.step(asFloat(x)), tf.cast(tf.lessEqual(x, 6), 'float32')))),
  fromInput(tf.LeakyRelu, (dy, x, attrs) => tf.where(tf.greater(x, 0), dy, tf.mul(dy, Number(attrs['alpha'] ?? 0.2)))),
  fromOutput(tf.Elu, (dy, y) => tf.where(tf.greater(y, 0), dy, tf.mul(dy, tf.add(y, 1)))),
  fromInput(tf.Selu, (dy, x) =>
    tf.where(
      tf.greater(x, 0),
      tf.mul(dy, tf.backend_util.SELU_SCALE),
      tf.mul(tf.mul(dy, tf.backend_util.SELU_SCALEALPHA), tf.exp(asFloat(x))),
    ),
  ),
  fromInput(tf.ClipByValue, (dy, x, attrs) => {
    const inside = tf.logicalAnd(
      tf.greaterEqual(x, Number(attrs['clipValueMin'])),
      tf.lessEqual(x, Number(attrs['clipValueMax'])),
    );
    return tf.mul(dy, tf.cast(inside, 'float32'));
  }),
  { kernelName: tf.Identity, gradFunc: (dy) => ({ x: () => tf.clone(singleGradient(dy)) }) },
  { kernelName: tf.Cast, gradFunc: (dy) => ({ x: () => tf.clone(singleGradient(dy)) }) },
  zeroGradient(tf.Sign),
  zeroGradient(tf.Floor),
  zeroGradient(tf.Ceil),
  zeroGradient(tf.Round),
  zeroGradient(tf.Step),
  zeroGradient(tf.OnesLike),
  zeroGradient(tf.ZerosLike),
  zeroGradient(tf.ArgMax),
  zeroGradient(tf.ArgMin),
  zeroGradient(tf.OneHot, 'indices'),
];

type BinaryRule = (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** A binary kernel with inputs `a`, `b`; each rule's result is summed back to its input's shape. */
function binary(kernelName: string, ruleA: BinaryRule, ruleB: BinaryRule): GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const a = savedTensor(saved, 0, kernelName);
      const b = savedTensor(saved, 1, kernelName);
      const upstream = singleGradient(dy);
      return {
        a: () => reduceToShape(ruleA(upstream, a, b), a.shape),
        b: () => reduceToShape(ruleB(upstream, a, b), b.shape),
      };
    },
  };
}

/** Gradients of binary kernels (with broadcasting). */
export const binaryGradientConfigs: readonly GradConfig[] = [
  binary(
    tf.Add,
    (dy) => dy,
    (dy) => dy,
  ),
  binary(
    tf.Sub,
    (dy) => dy,
    (dy) => tf.neg(dy),
  ),
  binary(
    tf.Multiply,
    (dy, _a, b) => tf.mul(dy, asFloat(b)),
    (dy, a) => tf.mul(dy, asFloat(a)),
  ),
  binary(
    tf.RealDiv,
    (dy, _a, b) => tf.div(dy, asFloat(b)),
    (dy, a, b) => tf.neg(tf.div(tf.mul(dy, asFloat(a)), tf.square(asFloat(b)))),
  ),
  binary(
    tf.Pow,
    (dy, a, b) => tf.mul(dy, tf.mul(asFloat(b), tf.pow(asFloat(a), tf.sub(asFloat(b), 1)))),
    (dy, a, b) => {
      const logBase = tf.where(tf.greater(a, 0), tf.log(asFloat(a)), tf.zerosLike(asFloat(a)));
      return tf.mul(dy, tf.mul(tf.pow(asFloat(a), asFloat(b)), logBase));
    },
  ),
  binary(
    tf.Maximum,
    (dy, a, b) => tf.mul(dy, tf.cast(tf.greaterEqual(a, b), 'float32')),
    (dy, a, b) => tf.mul(dy, tf.cast(tf.less(a, b), 'float32')),
  ),
  binary(
    tf.Minimum,
    (dy, a, b) => tf.mul(dy, tf.cast(tf.lessEqual(a, b), 'float32')),
    (dy, a, b) => tf.mul(dy, tf.cast(tf.greater(a, b), 'float32')),
  ),
  binary(
    tf.SquaredDifference,
    (dy, a, b) => tf.mul(dy, tf.mul(tf.sub(asFloat(a), asFloat(b)), 2)),
    (dy, a, b) => tf.mul(dy, tf.mul(tf.sub(asFloat(b), asFloat(a)), 2)),
  ),
  {
    kernelName: tf.Prelu,
    inputsToSave: ['x', 'alpha'],
    gradFunc: (dy, saved) => {
      const x = savedTensor(saved, 0, tf.Prelu);
      const alpha = savedTensor(saved, 1, tf.Prelu);
      const upstream = singleGradient(dy);
      const positive = tf.greater(x, 0);
      return {
        x: () => tf.where(positive, upstream, tf.mul(upstream, alpha)),
        alpha: () => reduceToShape(tf.where(positive, tf.zerosLike(upstream), tf.mul(upstream, x)), alpha.shape),
      };
    },
  },
  {
    kernelName: tf.AddN,
    saveAllInputs: true,
    gradFunc: (dy, saved) => {
      const upstream = singleGradient(dy);
      const gradients: Record<string, () => tf.Tensor> = {};
      saved.forEach((_input, index) => {
        gradients[String(index)] = () => tf.clone(upstream);
      });
      return gradients;
    },
  },
  {
    kernelName: tf.Select,
    inputsToSave: ['condition'],
    gradFunc: (dy, saved) => {
      const condition = savedTensor(saved, 0, tf.Select);
      const upstream = singleGradient(dy);
      const zeros = tf.zerosLike(upstream);
      return {
        condition: () => tf.zeros(condition.shape, 'float32'),
        t: () => tf.where(condition, upstream, zeros),
        e: () => tf.where(condition, zeros, upstream),
      };
    },
  },
];
