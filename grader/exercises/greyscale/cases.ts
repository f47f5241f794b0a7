// The folders the greyscale checks give each strategy, as data: which images convert, which must fail.
import { join } from 'node:path'
import { imagesFolder } from '../../../datasets/generators/celeba/celeba.js'
import { imageId } from '../../../datasets/generators/celeba/records.js'
import { createStream, integerBetween } from '../../../datasets/generators/celeba/random.js'
import type { TreeEntry, TreeSpec } from '../files/tree.js'

export interface FolderCase {
  tree: TreeSpec
  /** Output name → the input file it comes from (absolute), for every image that must convert. */
  converts: Map<string, string>
  /** Names that must be reported in `failed`, sorted. */
  fails: string[]
}

export const sourceImage = (dataDir: string, index: number): string =>
  join(dataDir, imagesFolder, imageId(index))

function caseOf(root: string, entries: TreeEntry[], fails: string[] = []): FolderCase {
  const converts = new Map<string, string>()
  for (const entry of entries) {
    if (
      entry.kind === 'copy' &&
      !entry.path.includes('/') &&
      /\.jpe?g$/i.test(entry.path) &&
      !entry.path.startsWith('.')
    )
      converts.set(entry.path, entry.from)
  }
  return { tree: { root, entries }, converts, fails: [...fails].sort() }
}

const copies = (dataDir: string, indexes: number[]): TreeEntry[] =>
  indexes.map((i) => ({ path: imageId(i), kind: 'copy', from: sourceImage(dataDir, i) }))

export function corruptEntries(dataDir: string): TreeEntry[] {
  return [
    { path: 'truncated.jpg', kind: 'head', from: sourceImage(dataDir, 3), bytes: 2_000 },
    { path: 'not-a-jpeg.jpg', kind: 'text', text: 'this is a text file with a .jpg name\n' },
    { path: 'empty.jpg', kind: 'bytes', bytes: new Uint8Array(0) },
  ]
}
const corruptNames = ['truncated.jpg', 'not-a-jpeg.jpg', 'empty.jpg']

export const corruptCase = (root: string, dataDir: string): FolderCase =>
  caseOf(root, [...copies(dataDir, [1, 2, 4, 5, 6, 7, 8, 9]), ...corruptEntries(dataDir)], corruptNames)

export const progressCase = (root: string, dataDir: string): FolderCase =>
  caseOf(
    root,
    [...copies(dataDir, [10, 11, 12, 13, 14, 15]), corruptEntries(dataDir)[1]!],
    ['not-a-jpeg.jpg'],
  )

export const untouchedCase = (root: string, dataDir: string): FolderCase =>
  caseOf(
    root,
    [
      ...copies(dataDir, [16, 17, 18, 19, 20]),
      corruptEntries(dataDir)[0]!,
      { path: 'notes.txt', kind: 'text', text: 'leave me alone\n' },
      { path: 'sub/inner.jpg', kind: 'copy', from: sourceImage(dataDir, 21) },
    ],
    ['truncated.jpg'],
  )

export function whichFilesCase(root: string, dataDir: string): FolderCase {
  const image = (path: string, index: number): TreeEntry => ({
    path,
    kind: 'copy',
    from: sourceImage(dataDir, index),
  })
  return caseOf(root, [
    image('UPPER.JPG', 22),
    image('lower.jpeg', 23),
    image('Mixed.JpEg', 24),
    image('.hidden.jpg', 25),
    image('picture.png', 26),
    image('scan.jpg.bak', 27),
    { path: 'notes.txt', kind: 'text', text: 'not an image\n' },
    image('sub/inner.jpg', 28),
    image('folder.jpg/inside.jpg', 29),
  ])
}

export const smallCase = (root: string, dataDir: string): FolderCase =>
  caseOf(root, copies(dataDir, [30, 31, 32]))

export const emptyCase = (root: string): FolderCase => caseOf(root, [])

export const agreeCase = (root: string, dataDir: string): FolderCase =>
  caseOf(
    root,
    [...copies(dataDir, [33, 34, 35, 36, 37, 38]), ...corruptEntries(dataDir).slice(0, 2)],
    corruptNames.slice(0, 2),
  )

/** A random subset of the tiny set (maybe with a corrupt file), and random options, from the run's seed. */
export function randomCase(
  root: string,
  dataDir: string,
  seed: number,
  imageCount: number,
): FolderCase & { options: { workers: number; concurrency: number } } {
  const random = createStream(seed ^ 0x9e7)
  const picked = Array.from({ length: imageCount }, (_, i) => i + 1).filter(() => random() < 0.3)
  const corrupt = random() < 0.5 ? [corruptEntries(dataDir)[integerBetween(random, 0, 2)]!] : []
  const entries = [...copies(dataDir, picked.length > 0 ? picked : [1]), ...corrupt]
  return {
    ...caseOf(
      root,
      entries,
      corrupt.map((e) => e.path),
    ),
    options: { workers: integerBetween(random, 1, 3), concurrency: integerBetween(random, 1, 6) },
  }
}
