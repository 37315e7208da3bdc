/**
 * Run-time choice of the TensorFlow.js backend (tfjs-node-gpu, tfjs-node,
 * wasm, cpu), the gradients that plain Node.js and the wasm backend lack, a
 * batch normalisation whose gradient is fast on every backend, and an SGD-with-momentum
 * update that is one kernel on wasm.
 *
 * Importing this package registers its gradients (see {@link registerGradients}).
 *
 * @packageDocumentation
 */
import { registerGradients } from './gradients/register-gradients.js';

export { backendNames, type BackendName } from './backend-name.js';
export {
  backendEnvironmentVariable,
  selectBackend,
  wasmThreadsEnvironmentVariable,
  type BackendSelection,
  type SelectBackendOptions,
  type SkippedBackend,
} from './select-backend.js';
export { registerGradients, type GradientRegistration } from './gradients/register-gradients.js';
export { wasmKernelChoice, wasmKernelsEnvironmentVariable, type WasmKernelChoice } from './wasm-kernel-choice.js';
export {
  batchNormalization,
  batchNormalizationInference,
  type BatchNormalizationInferenceOptions,
  type BatchNormalizationOptions,
  type BatchNormalizationResult,
} from './batch-normalization.js';
export { sgdMomentumUpdate, type SgdMomentumUpdateOptions, type SgdMomentumUpdateResult } from './sgd-momentum-update.js';

registerGradients();
