/**
 * Writes one example into a float batch buffer: random-crop-with-padding and
 * horizontal-flip geometry, then per-channel normalisation through a lookup
 * table. No allocation.
 *
 * Geometry (torchvision order: `RandomCrop(size, padding)` then
 * `RandomHorizontalFlip`): the image is conceptually padded by `padding`
 * pixels on every side, the `height x width` window whose top-left corner is
 * at (`offsetY`, `offsetX`) of the padded image is cut out (offsets in
 * `0..2 * padding`), and if `flip` the window is mirrored left-right. So the
 * output pixel (y, x) is the input pixel
 * (`y + offsetY - padding`, `(flip ? width - 1 - x : x) + offsetX - padding`),
 * or the fill value when that lies outside the image.
 *
 * @param table `channels * 256` floats: the normalised value of byte v in channel c is `table[c * 256 + v]`.
 * @param fill `channels` floats written for padded pixels.
 */
export function writeExample(
  target: Float32Array,
  targetOffset: number,
  source: Uint8Array,
  sourceOffset: number,
  height: number,
  width: number,
  channels: number,
  table: Float32Array,
  fill: Float32Array,
  padding: number,
  offsetY: number,
  offsetX: number,
  flip: boolean,
): void {
  const rowLength = width * channels;
  let t = targetOffset;
  if (padding === 0 && !flip && channels === 1) {
    for (let index = 0; index < rowLength * height; index += 1) {
      target[t] = table[source[sourceOffset + index] as number] as number;
      t += 1;
    }
    return;
  }
  const shiftX = offsetX - padding;
  // Output columns [xStart, xEnd) read inside the image; the others are padding.
  const xStart = flip ? Math.max(0, shiftX) : Math.max(0, -shiftX);
  const xEnd = flip ? Math.min(width, width + shiftX) : Math.min(width, width - shiftX);
  const step = flip ? -channels : channels;
  for (let y = 0; y < height; y += 1) {
    const sourceY = y + offsetY - padding;
    if (sourceY < 0 || sourceY >= height || xStart >= xEnd) {
      t = writeFill(target, t, width, channels, fill);
      continue;
    }
    t = writeFill(target, t, xStart, channels, fill);
    let s = sourceOffset + sourceY * rowLength + ((flip ? width - 1 - xStart : xStart) + shiftX) * channels;
    if (channels === 1) {
      for (let x = xStart; x < xEnd; x += 1) {
        target[t] = table[source[s] as number] as number;
        t += 1;
        s += step;
      }
    } else if (channels === 3) {
      for (let x = xStart; x < xEnd; x += 1) {
        target[t] = table[source[s] as number] as number;
        target[t + 1] = table[256 + (source[s + 1] as number)] as number;
        target[t + 2] = table[512 + (source[s + 2] as number)] as number;
        t += 3;
        s += step;
      }
    } else {
      for (let x = xStart; x < xEnd; x += 1) {
        for (let channel = 0; channel < channels; channel += 1) {
          target[t] = table[channel * 256 + (source[s + channel] as number)] as number;
          t += 1;
        }
        s += step;
      }
    }
    t = writeFill(target, t, width - xEnd, channels, fill);
  }
}

/** Writes `pixels` padded pixels from position `t`; returns the next position. */
function writeFill(target: Float32Array, t: number, pixels: number, channels: number, fill: Float32Array): number {
  let position = t;
  for (let pixel = 0; pixel < pixels; pixel += 1) {
    for (let channel = 0; channel < channels; channel += 1) {
      target[position] = fill[channel] as number;
      position += 1;
    }
  }
  return position;
}

/**
 * The byte -> float table of each channel: `(v / 255 - mean) / std`, or
 * `v / 255` without statistics.
 */
export function normalizationTable(channels: number, mean: readonly number[] | undefined, standardDeviation: readonly number[] | undefined): Float32Array {
  const table = new Float32Array(channels * 256);
  for (let channel = 0; channel < channels; channel += 1) {
    const channelMean = mean?.[channel] ?? 0;
    const channelDeviation = standardDeviation?.[channel] ?? 1;
    for (let value = 0; value < 256; value += 1) {
      table[channel * 256 + value] = (value / 255 - channelMean) / channelDeviation;
    }
  }
  return table;
}
