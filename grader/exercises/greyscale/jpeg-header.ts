// Width, height and component count from a JPEG's frame header, without decoding: cheap enough to check every
// file a benchmark call wrote.

export interface JpegFrame {
  width: number
  height: number
  components: number
}

const isFrameMarker = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc

/** The frame of a JPEG, or why the bytes are not one. */
export function jpegFrame(bytes: Uint8Array): JpegFrame | string {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8)
    return 'not a JPEG (no start-of-image marker)'
  let at = 2
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return `not a JPEG (no marker at byte ${at})`
    const marker = bytes[at + 1]!
    if (marker === 0xff) {
      at++
      continue
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!
    if (isFrameMarker(marker)) {
      if (at + 10 > bytes.length) break
      return {
        height: (bytes[at + 5]! << 8) | bytes[at + 6]!,
        width: (bytes[at + 7]! << 8) | bytes[at + 8]!,
        components: bytes[at + 9]!,
      }
    }
    at += 2 + length
  }
  return 'not a JPEG (no frame header)'
}
