/**
 * The ten Fashion-MNIST classes, in label order.
 *
 * @example
 * ```ts
 * fashionMnistClassNames[9]; // 'Ankle boot'
 * ```
 */
export const fashionMnistClassNames: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);
