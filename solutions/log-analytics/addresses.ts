// Internal or external by the real ranges (never by string prefix: 172.16.0.0/12 is 172.16–172.31).
import { BlockList, isIP } from 'node:net'

const internalRanges = new BlockList()
for (const [network, prefix] of [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
] as const)
  internalRanges.addSubnet(network, prefix, 'ipv4')
internalRanges.addAddress('::1', 'ipv6')
internalRanges.addSubnet('fc00::', 7, 'ipv6')
internalRanges.addSubnet('fe80::', 10, 'ipv6')

/** True for IPv4 and IPv6 addresses (Node's net.isIP), false for anything else (hostnames, service names). */
export const isAddress = (text: string): boolean => isIP(text) !== 0

/** An address in 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16, ::1, fc00::/7 or fe80::/10. */
export function isInternal(ip: string): boolean {
  const version = isIP(ip)
  if (version === 0) return false
  return internalRanges.check(ip, version === 4 ? 'ipv4' : 'ipv6')
}
