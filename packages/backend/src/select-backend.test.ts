import { FewshotError, InvalidArgumentError, UnsupportedError } from '@fewshot/core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { conv2dGradientConfig } from './gradients/convolution-gradients.js';
import { selectBackend } from './select-backend.js';

/** Loads real packages, except the ones listed, which fail like a missing npm package. */
function importWithout(...missing: string[]) {
  return async (packageName: string): Promise<unknown> => {
    if (missing.includes(packageName)) {
      throw Object.assign(new Error(`Cannot find package '${packageName}' imported from /app/index.js`), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    }
    return import(/* @vite-ignore */ packageName);
  };
}

/** Pretends `@tensorflow/tfjs-node` is installed: registering it registers a "tensorflow" backend. */
function importWithFakeNode(packageName: string): Promise<unknown> {
  if (packageName === '@tensorflow/tfjs-node') {
    tf.registerBackend('tensorflow', () => new MathBackendCPU());
    return Promise.resolve({ version: 'fake' });
  }
  return importWithout('@tensorflow/tfjs-node-gpu')(packageName);
}

afterEach(async () => {
  if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
  await tf.setBackend('cpu');
});

describe('selectBackend: automatic order', () => {
  it('skips the missing tfjs-node packages with a reason and picks wasm (this machine)', async () => {
    const selection = await selectBackend({ environment: {} });
    expect(selection.backend).toBe('wasm');
    expect(selection.tensorflowBackendName).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(selection.source).toBe('automatic');
    expect(selection.skipped).toEqual([
      { backend: 'node-gpu', reason: '@tensorflow/tfjs-node-gpu is not installed' },
      { backend: 'node', reason: '@tensorflow/tfjs-node is not installed' },
    ]);
    expect(selection.reason).toBe('the first available backend in the automatic order (node-gpu, node skipped)');
    expect(selection.wasm).toEqual({ simd: true, threads: 1 });
    expect(selection.gradients.registered).toContain('Conv2D');
  });

  it('prefers tfjs-node when it is installed (simulated), reporting why node-gpu was skipped', async () => {
    const selection = await selectBackend({ environment: {}, importModule: importWithFakeNode });
    expect(selection.backend).toBe('node');
    expect(selection.tensorflowBackendName).toBe('tensorflow');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(selection.skipped).toEqual([{ backend: 'node-gpu', reason: '@tensorflow/tfjs-node-gpu is not installed' }]);
    expect(selection.wasm).toBeUndefined();
  });

  it('reports a package that is installed but fails to load, and moves on', async () => {
    const importModule = async (packageName: string): Promise<unknown> => {
      if (packageName === '@tensorflow/tfjs-node') {
        throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/napi-v8');
      }
      return importWithout('@tensorflow/tfjs-node-gpu')(packageName);
    };
    const selection = await selectBackend({ environment: {}, importModule });
    expect(selection.backend).toBe('wasm');
    expect(selection.skipped[1]).toEqual({
      backend: 'node',
      reason:
        '@tensorflow/tfjs-node failed to load: The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/napi-v8',
    });
  });

  it('falls back to cpu when wasm is missing too', async () => {
    const selection = await selectBackend({
      environment: {},
      importModule: importWithout('@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm'),
    });
    expect(selection.backend).toBe('cpu');
    expect(selection.skipped.map((entry) => entry.backend)).toEqual(['node-gpu', 'node', 'wasm']);
    expect(selection.skipped[2]?.reason).toBe('@tensorflow/tfjs-backend-wasm is not installed');
  });

  it('reports a package that loads but registers no backend', async () => {
    const importModule = async (packageName: string): Promise<unknown> =>
      packageName.includes('tfjs-node') ? {} : import(/* @vite-ignore */ packageName);
    const selection = await selectBackend({ environment: {}, importModule });
    expect(selection.skipped[0]?.reason).toBe('@tensorflow/tfjs-node-gpu loaded but registered no "tensorflow" backend');
  });

  it('throws UnsupportedError when no backend at all can start', async () => {
    const importModule = async (packageName: string): Promise<unknown> => {
      throw Object.assign(new Error(`Cannot find package '${packageName}'`), { code: 'ERR_MODULE_NOT_FOUND' });
    };
    // cpu is already registered by the test setup; pretend its package is missing and its backend gone.
    const cpuFactory = tf.findBackendFactory('cpu');
    tf.removeBackend('cpu');
    try {
      await expect(selectBackend({ environment: {}, importModule })).rejects.toThrow(
        /selectBackend: no TensorFlow.js backend could start: node-gpu: .*; cpu: @tensorflow\/tfjs-backend-cpu is not installed/,
      );
    } finally {
      tf.registerBackend('cpu', cpuFactory as () => tf.KernelBackend);
    }
  });
});

describe('selectBackend: explicit requests', () => {
  it('FEWSHOT_BACKEND overrides the automatic order', async () => {
    const selection = await selectBackend({ environment: { FEWSHOT_BACKEND: ' CPU ' } });
    expect(selection.backend).toBe('cpu');
    expect(selection.source).toBe('environment');
    expect(selection.reason).toBe('requested by FEWSHOT_BACKEND=cpu');
    expect(selection.skipped).toEqual([]);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('the backend option overrides FEWSHOT_BACKEND', async () => {
    const selection = await selectBackend({ backend: 'wasm', environment: { FEWSHOT_BACKEND: 'cpu' } });
    expect(selection.backend).toBe('wasm');
    expect(selection.source).toBe('option');
    expect(selection.reason).toBe('requested by options.backend = "wasm"');
  });

  it("'auto' (option or variable) means the automatic order", async () => {
    expect((await selectBackend({ backend: 'auto', environment: { FEWSHOT_BACKEND: 'cpu' } })).source).toBe('automatic');
    expect((await selectBackend({ environment: { FEWSHOT_BACKEND: 'auto' } })).backend).toBe('wasm');
    expect((await selectBackend({ environment: { FEWSHOT_BACKEND: '' } })).backend).toBe('wasm');
  });

  it('an unavailable requested backend is an UnsupportedError naming the option', async () => {
    const attempt = selectBackend({ backend: 'node', environment: {} });
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedError);
    await expect(attempt).rejects.toMatchObject({
      code: 'unsupported',
      argument: 'options.backend',
      message:
        'selectBackend: options.backend = "node" requests the "node" backend, which is not available: @tensorflow/tfjs-node is not installed',
    });
  });

  it('an unavailable backend requested by FEWSHOT_BACKEND names the variable', async () => {
    const attempt = selectBackend({ environment: { FEWSHOT_BACKEND: 'node-gpu' } });
    await expect(attempt).rejects.toMatchObject({
      code: 'unsupported',
      argument: 'FEWSHOT_BACKEND',
      message:
        'selectBackend: FEWSHOT_BACKEND=node-gpu requests the "node-gpu" backend, which is not available: @tensorflow/tfjs-node-gpu is not installed',
    });
  });

  it('an unknown name is an InvalidArgumentError naming the option or the variable', async () => {
    const fromOption = selectBackend({ backend: 'webgl' as never, environment: {} });
    await expect(fromOption).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(fromOption).rejects.toMatchObject({
      argument: 'options.backend',
      message: 'selectBackend: expected one of "node-gpu", "node", "wasm", "cpu", "auto", got "webgl"',
    });
    const fromVariable = selectBackend({ environment: { FEWSHOT_BACKEND: 'tpu' } });
    await expect(fromVariable).rejects.toMatchObject({ code: 'invalid-argument', argument: 'FEWSHOT_BACKEND' });
    await expect(selectBackend(null as never)).rejects.toSatisfy((error: unknown) => FewshotError.isInstance(error));
  });
});

describe('selectBackend: gradients', () => {
  it('re-registers the Conv2D gradient when something replaced it since the import', async () => {
    tf.registerGradient({ kernelName: tf.Conv2D, gradFunc: () => ({}) });
    expect(tf.getGradient(tf.Conv2D)).not.toBe(conv2dGradientConfig);
    await selectBackend({ backend: 'cpu', environment: {} });
    expect(tf.getGradient(tf.Conv2D)).toBe(conv2dGradientConfig);
  });
});
