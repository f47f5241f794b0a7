// Where temporary folders go, and what their files weigh.
import { accessSync, constants, lstatSync, readdirSync, statfsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const tmpfsMagic = 0x01021994
const memoryRoomBytes = 1024 ** 3

/** Whether a folder lives in memory (tmpfs): files written there count against the machine's RAM. */
export function inMemory(dir: string): boolean {
  try {
    return statfsSync(dir).type === tmpfsMagic
  } catch {
    return false
  }
}

/**
 * Checks create and delete thousands of small files per student (compiled code, input folders, outputs): on a disk
 * file system that costs kernel time (ext4's inode allocator scans the recently deleted inodes), on tmpfs it does
 * not. Their workspaces go to /dev/shm when it is a writable tmpfs with room to spare; benchmarks, which may write
 * gigabytes, stay in the system's temporary folder. A child's files there count towards its memory limit.
 */
export function checksTmpDir(): string {
  try {
    const shm = statfsSync('/dev/shm')
    accessSync('/dev/shm', constants.W_OK)
    if (inMemory('/dev/shm') && shm.bavail * shm.bsize >= memoryRoomBytes) return '/dev/shm'
  } catch {
    // no /dev/shm here
  }
  return tmpdir()
}

/** Bytes of the files below a folder (links not followed; files that vanish meanwhile count nothing). */
export function folderBytes(dir: string): number {
  let bytes = 0
  let entries
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true })
  } catch {
    return 0
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue
    try {
      bytes += lstatSync(join(entry.parentPath, entry.name)).size
    } catch {
      // removed since the listing
    }
  }
  return bytes
}
