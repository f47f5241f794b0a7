// The setups the grader runs on: Node within package.json's engines, on Linux, macOS or Windows (Windows with fewer
// guarantees than WSL 2: see capabilities.ts). Anywhere else it stops with one line, before anything else runs.

/** package.json's engines.node (a test keeps the two equal). */
export const supportedNode = '^20.19.0 || >=22.12.0'

const platforms: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'Linux',
  darwin: 'macOS',
  win32: 'Windows',
}

/** Why this setup cannot run the grader, in one line; undefined where it can. */
export function unsupportedSetup(
  version: string = process.versions.node,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const nodeOk = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22
  if (!nodeOk)
    return `this grader needs Node ${supportedNode}, and this is Node ${version}: install a newer Node (https://nodejs.org) and run it again`
  if (!platforms[platform])
    return `this grader runs on Linux, macOS and Windows (WSL 2 there for every guarantee), not on ${platform}`
  return undefined
}
