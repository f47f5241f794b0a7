// What CelebA says about each image: its 40 attributes, 5 landmarks, evaluation partition and bounding box,
// with the real files' exact headers. The generator writes these rows and draws the images from them.
import { createStream, hash32, integerBetween } from './random.js'

export const imageWidth = 178
export const imageHeight = 218
/** The real data set's image count, which the `full` size reproduces. */
export const celebaImageCount = 202_599

// CelebA's attributes in file order, each with roughly its share of 1s in the real data.
const attributes: readonly [name: string, share: number][] = [
  ['5_o_Clock_Shadow', 0.11],
  ['Arched_Eyebrows', 0.27],
  ['Attractive', 0.51],
  ['Bags_Under_Eyes', 0.2],
  ['Bald', 0.02],
  ['Bangs', 0.15],
  ['Big_Lips', 0.24],
  ['Big_Nose', 0.23],
  ['Black_Hair', 0.24],
  ['Blond_Hair', 0.15],
  ['Blurry', 0.05],
  ['Brown_Hair', 0.2],
  ['Bushy_Eyebrows', 0.14],
  ['Chubby', 0.06],
  ['Double_Chin', 0.05],
  ['Eyeglasses', 0.07],
  ['Goatee', 0.06],
  ['Gray_Hair', 0.04],
  ['Heavy_Makeup', 0.39],
  ['High_Cheekbones', 0.45],
  ['Male', 0.42],
  ['Mouth_Slightly_Open', 0.48],
  ['Mustache', 0.04],
  ['Narrow_Eyes', 0.12],
  ['No_Beard', 0.83],
  ['Oval_Face', 0.28],
  ['Pale_Skin', 0.04],
  ['Pointy_Nose', 0.28],
  ['Receding_Hairline', 0.08],
  ['Rosy_Cheeks', 0.07],
  ['Sideburns', 0.06],
  ['Smiling', 0.48],
  ['Straight_Hair', 0.21],
  ['Wavy_Hair', 0.32],
  ['Wearing_Earrings', 0.19],
  ['Wearing_Hat', 0.05],
  ['Wearing_Lipstick', 0.47],
  ['Wearing_Necklace', 0.12],
  ['Wearing_Necktie', 0.07],
  ['Young', 0.77],
]

export const attributeNames: readonly string[] = attributes.map(([name]) => name)

const landmarkNames = [
  'lefteye_x',
  'lefteye_y',
  'righteye_x',
  'righteye_y',
  'nose_x',
  'nose_y',
  'leftmouth_x',
  'leftmouth_y',
  'rightmouth_x',
  'rightmouth_y',
] as const

// Where the aligned images put each landmark on average (from the real file's first rows), and how far it strays.
const landmarkCentres = [69, 111, 107, 112, 88, 136, 72, 152, 106, 152]
const landmarkSpread = [4, 3, 4, 3, 6, 5, 4, 4, 4, 4]

/** The four CSV files, their exact CelebA headers, in file-name order. */
export const csvFiles = [
  { file: 'list_attr_celeba.csv', columns: ['image_id', ...attributeNames] },
  { file: 'list_bbox_celeba.csv', columns: ['image_id', 'x_1', 'y_1', 'width', 'height'] },
  { file: 'list_eval_partition.csv', columns: ['image_id', 'partition'] },
  { file: 'list_landmarks_align_celeba.csv', columns: ['image_id', ...landmarkNames] },
] as const

export type CsvFileName = (typeof csvFiles)[number]['file']

export interface CelebaRecord {
  /** 1-based, as in the file names. */
  index: number
  imageId: string
  /** -1 or 1 for each of attributeNames. */
  attributes: number[]
  /** x, y pairs in landmarkNames order, in pixels of the aligned 178x218 image. */
  landmarks: number[]
  /** 0 train, 1 validation, 2 test. */
  partition: number
  /** x_1, y_1, width, height in the original (unaligned) photo. */
  bbox: number[]
}

export const imageId = (index: number): string => `${String(index).padStart(6, '0')}.jpg`

/** CelebA's split (162,770 / 19,867 / 19,962 of 202,599) scaled to `count` images. */
export function partitionOf(index: number, count: number): number {
  if (index <= Math.round((count * 162_770) / celebaImageCount)) return 0
  return index <= Math.round((count * 182_637) / celebaImageCount) ? 1 : 2
}

export function recordOf(seed: number, index: number, count: number): CelebaRecord {
  const random = createStream(hash32(seed, index, 0xa77))
  const attributeValues = attributes.map(([, share]) => (random() < share ? 1 : -1))
  const landmarks = landmarkCentres.map((centre, i) =>
    integerBetween(random, centre - landmarkSpread[i]!, centre + landmarkSpread[i]!),
  )
  const width = integerBetween(random, 60, 520)
  const bbox = [
    integerBetween(random, 0, 420),
    integerBetween(random, 0, 320),
    width,
    Math.round(width * (1.3 + 0.15 * random())),
  ]
  return {
    index,
    imageId: imageId(index),
    attributes: attributeValues,
    landmarks,
    partition: partitionOf(index, count),
    bbox,
  }
}

/** One record as the cells of a row of `file` (CelebA writes every value as a plain integer). */
export function rowOf(record: CelebaRecord, file: CsvFileName): string[] {
  const cells = (values: number[]): string[] => [record.imageId, ...values.map(String)]
  switch (file) {
    case 'list_attr_celeba.csv':
      return cells(record.attributes)
    case 'list_bbox_celeba.csv':
      return cells(record.bbox)
    case 'list_eval_partition.csv':
      return cells([record.partition])
    case 'list_landmarks_align_celeba.csv':
      return cells(record.landmarks)
  }
}

export const hasAttribute = (record: CelebaRecord, name: string): boolean =>
  record.attributes[attributeNames.indexOf(name)] === 1
