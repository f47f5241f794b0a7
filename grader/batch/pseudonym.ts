import { createHmac } from 'node:crypto'

const adjectives = [
  'amber',
  'brisk',
  'calm',
  'dapper',
  'eager',
  'fuzzy',
  'gentle',
  'hasty',
  'icy',
  'jolly',
  'keen',
  'lucky',
  'mellow',
  'nimble',
  'olive',
  'plucky',
  'quiet',
  'rapid',
  'sunny',
  'tidy',
  'upbeat',
  'vivid',
  'witty',
  'young',
  'zesty',
  'bold',
  'cosmic',
  'dusky',
  'fleet',
  'golden',
  'hidden',
  'lunar',
]
const animals = [
  'otter',
  'falcon',
  'lynx',
  'heron',
  'badger',
  'gecko',
  'marten',
  'ibis',
  'koala',
  'lemur',
  'mole',
  'newt',
  'orca',
  'panda',
  'quail',
  'raven',
  'stoat',
  'tapir',
  'urchin',
  'vole',
  'walrus',
  'yak',
  'zebra',
  'bison',
  'crane',
  'dingo',
  'egret',
  'ferret',
  'gibbon',
  'hare',
  'jackal',
  'kiwi',
]

/**
 * A stable, readable pseudonym for the leaderboard: an HMAC of the student id salted with the class secret, so it
 * stays the same for a class, and nobody without the secret can tell whose it is.
 */
export function pseudonymOf(student: string, secret: string | undefined): string {
  const digest = createHmac('sha256', secret ?? 'parlab-without-secret')
    .update(student)
    .digest()
  return `${adjectives[digest[0]! % adjectives.length]}-${animals[digest[1]! % animals.length]}-${digest.readUInt16BE(2) % 100}`
}
