// One chunk of one source, made from (seed, size, source, index) alone, so that workers can make them in any order.
import { gzipSync } from 'node:zlib'
import { accessChunk } from './access.js'
import { addressPools, type AddressPools } from './addresses.js'
import { appEventsChunk } from './app-events.js'
import { attackEvents, type AttackEvent } from './attacks.js'
import { account, auditFile } from './audit.js'
import { authChunk } from './auth.js'
import {
  auditFileRecords,
  chunkRange,
  lineChunk,
  recordsBySize,
  timeAt,
  type SourceId,
  type PlanName,
} from './plan.js'

export interface ChunkRequest {
  seed: number
  size: PlanName
  source: SourceId
  index: number
}

/** Bytes for a file of the data set: appended (line sources, in chunk order) or a file of its own. */
export interface ChunkOutput {
  path: string
  bytes: Uint8Array
  append: boolean
}

export const fileOf: Record<Exclude<SourceId, 'audit'>, string> = {
  access: 'access.log',
  appEvents: 'app-events.jsonl',
  auth: 'auth.log',
}

const worlds = new Map<string, { pools: AddressPools; attacks: AttackEvent[] }>()

function world(seed: number, size: PlanName): { pools: AddressPools; attacks: AttackEvent[] } {
  const key = `${seed}:${size}`
  let found = worlds.get(key)
  if (!found) {
    const pools = addressPools(seed, size)
    worlds.set(key, (found = { pools, attacks: attackEvents(seed, size, pools) }))
  }
  return found
}

export function makeChunk({ seed, size, source, index }: ChunkRequest): ChunkOutput[] {
  const { pools, attacks } = world(seed, size)
  const [from, to] = chunkRange(size, source, index)
  const mine = attacks.filter((a) => a.timeMs >= from && a.timeMs < to)
  const total = recordsBySize[size][source]
  const per = source === 'audit' ? auditFileRecords(size) : lineChunk
  const first = index * per
  const count = Math.min(per, total - first)
  const lines = (text: string, path: string): ChunkOutput[] => [
    { path, bytes: Buffer.from(text), append: true },
  ]
  const span = { seed, index, first, count, total, pools, attacks: mine, timeAt }
  if (source === 'access') return lines(accessChunk(span), fileOf.access)
  if (source === 'appEvents') return lines(appEventsChunk(span), fileOf.appEvents)
  if (source === 'auth') return lines(authChunk(span), fileOf.auth)
  const file = auditFile(span)
  const out: ChunkOutput[] = [
    {
      path: `audit/${file.name}`,
      bytes: file.name.endsWith('.gz') ? gzipSync(file.text, { level: 4 }) : Buffer.from(file.text),
      append: false,
    },
  ]
  if (index === 0) {
    // A delivery cut short: not JSON at all.
    const cut = file.text.slice(0, Math.min(file.text.length - 1, 6_000))
    out.push({
      path: `audit/${account}_CloudTrail_us-east-1_20240226T0000Z_partial.json`,
      bytes: Buffer.from(cut),
      append: false,
    })
  }
  return out
}
