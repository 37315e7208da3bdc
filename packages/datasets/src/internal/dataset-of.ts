import type { ImageDataset } from '../image-dataset.js';

/** The fields an {@link ImageDataset} is built from (count derives from the labels). */
export interface DatasetFields {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly classes: number;
  readonly classNames: readonly string[] | undefined;
}

/** Builds a frozen data set without validation: callers have validated. */
export function datasetOf(fields: DatasetFields): ImageDataset {
  const dataset: ImageDataset = {
    images: fields.images,
    labels: fields.labels,
    count: fields.labels.length,
    height: fields.height,
    width: fields.width,
    channels: fields.channels,
    classes: fields.classes,
    ...(fields.classNames === undefined ? {} : { classNames: Object.freeze([...fields.classNames]) }),
  };
  return Object.freeze(dataset);
}
