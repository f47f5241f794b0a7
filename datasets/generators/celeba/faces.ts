// Draws a 178x218 "aligned face" from a CelebA record: a gradient backdrop with saturated shapes and stripes,
// hair, a shaded face with eyes and mouth at the record's landmarks, and sensor noise. Not a photo, but content
// that makes a JPEG codec work (edges, gradients, texture, noise) and colours far enough from grey that a wrong
// luma formula shows.
import { hasAttribute, imageHeight, imageWidth, type CelebaRecord } from './records.js'
import { between, createStream, hash32 } from './random.js'

type Rgb = [number, number, number]

interface Shape {
  kind: 'disc' | 'box'
  cx: number
  cy: number
  rx: number
  ry: number
  colour: Rgb
}

const skinTones: Rgb[] = [
  [241, 194, 167],
  [224, 172, 135],
  [198, 134, 96],
  [161, 102, 70],
  [112, 72, 48],
]
const hairColours: Record<string, Rgb> = {
  Black_Hair: [28, 22, 20],
  Blond_Hair: [222, 190, 120],
  Brown_Hair: [106, 70, 40],
  Gray_Hair: [160, 160, 156],
}

function saturated(random: () => number): Rgb {
  // One channel high, one low, one anywhere: the colours where 601-2 and Rec.709 luminance disagree most.
  const channels: Rgb = [between(random, 190, 255), between(random, 0, 60), between(random, 0, 255)]
  const order = Math.floor(random() * 6)
  const [a, b, c] = channels
  const permutations: Rgb[] = [
    [a, b, c],
    [a, c, b],
    [b, a, c],
    [b, c, a],
    [c, a, b],
    [c, b, a],
  ]
  return permutations[order]!
}

function shapesOf(random: () => number): Shape[] {
  return Array.from({ length: 3 + Math.floor(random() * 4) }, () => ({
    kind: random() < 0.5 ? 'disc' : 'box',
    cx: between(random, 0, imageWidth),
    cy: between(random, 0, imageHeight),
    rx: between(random, 10, 45),
    ry: between(random, 10, 45),
    colour: saturated(random),
  }))
}

const inside = (shape: Shape, x: number, y: number): boolean => {
  const dx = (x - shape.cx) / shape.rx
  const dy = (y - shape.cy) / shape.ry
  return shape.kind === 'disc' ? dx * dx + dy * dy <= 1 : Math.abs(dx) <= 1 && Math.abs(dy) <= 1
}

function hairColour(record: CelebaRecord, random: () => number): Rgb | undefined {
  if (hasAttribute(record, 'Bald')) return undefined
  for (const [name, colour] of Object.entries(hairColours)) if (hasAttribute(record, name)) return colour
  return saturated(random)
}

/** Packed RGB, 178 x 218 x 3 bytes, row by row. */
export function renderFace(seed: number, record: CelebaRecord): Uint8Array {
  const random = createStream(hash32(seed, record.index, 0xface))
  const [lex, ley, rex, rey, nx, ny, lmx, lmy, rmx, rmy] = record.landmarks as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const top = saturated(random)
  const bottom = saturated(random)
  const angle = between(random, 0, Math.PI)
  const [gx, gy] = [Math.cos(angle) / imageWidth, Math.sin(angle) / imageHeight]
  const stripes = {
    fx: between(random, 0.05, 0.4),
    fy: between(random, 0.05, 0.4),
    amp: between(random, 10, 40),
  }
  const shapes = shapesOf(random)
  const skin = skinTones[Math.floor(random() * skinTones.length)]!
  const pale = hasAttribute(record, 'Pale_Skin') ? 30 : 0
  const hair = hairColour(record, random)
  const lips: Rgb = hasAttribute(record, 'Wearing_Lipstick') ? [200, 30, 60] : [170, 90, 90]
  const glasses = hasAttribute(record, 'Eyeglasses')
  const eyeRadius = hasAttribute(record, 'Narrow_Eyes') ? 3 : 5
  const mouthOpen = hasAttribute(record, 'Mouth_Slightly_Open') ? 6 : 3
  const faceX = (lex + rex) / 2
  const faceY = (ley + lmy) / 2 + 4
  const faceRx = (rex - lex) * 1.25
  const faceRy = (lmy - ley) * 1.9
  const noise = between(random, 3, 9)
  let state = hash32(seed, record.index, 0x7015e) || 1

  const eyes = [lex, ley, rex, rey]
  const mouthCx = (lmx + rmx) / 2
  const mouthCy = (lmy + rmy) / 2
  const mouthRx = (rmx - lmx) / 2
  // Clamped: sums above 255 or below 0 saturate instead of wrapping around.
  const rgb = new Uint8ClampedArray(imageWidth * imageHeight * 3)
  for (let y = 0; y < imageHeight; y++) {
    const strandShift = Math.sin(y * 0.15) * 3
    for (let x = 0; x < imageWidth; x++) {
      const t = Math.min(1, Math.max(0, x * gx + y * gy))
      const wave = stripes.amp * Math.sin(x * stripes.fx + y * stripes.fy)
      let r = top[0] + (bottom[0] - top[0]) * t + wave
      let g = top[1] + (bottom[1] - top[1]) * t + wave
      let b = top[2] + (bottom[2] - top[2]) * t - wave
      for (const shape of shapes) {
        if (inside(shape, x, y)) {
          r = shape.colour[0]
          g = shape.colour[1]
          b = shape.colour[2]
        }
      }
      const fx = (x - faceX) / faceRx
      const fy = (y - faceY) / faceRy
      const face = fx * fx + fy * fy
      if (hair && face <= 1.45 && y < faceY + faceRy * 0.3) {
        const strand = 18 * Math.sin(x * 0.9 + strandShift)
        r = hair[0] + strand
        g = hair[1] + strand
        b = hair[2] + strand
      }
      if (face <= 1) {
        const shade = 1 - 0.35 * face
        r = (skin[0] + pale) * shade
        g = (skin[1] + pale) * shade
        b = (skin[2] + pale) * shade
        for (let e = 0; e < 4; e += 2) {
          const dx = x - eyes[e]!
          const dy = (y - eyes[e + 1]!) * 1.6
          const d = Math.sqrt(dx * dx + dy * dy)
          if (d <= eyeRadius) {
            const iris = d <= eyeRadius / 2
            r = iris ? 30 : 245
            g = iris ? 60 : 245
            b = iris ? 110 : 240
          } else if (glasses && d >= 11 && d <= 13) {
            r = g = b = 20
          }
        }
        if ((x - nx) * (x - nx) + (y - ny) * (y - ny) <= 16) {
          r *= 0.8
          g *= 0.75
          b *= 0.75
        }
        const mx = (x - mouthCx) / mouthRx
        const my = (y - mouthCy) / mouthOpen
        if (mx * mx + my * my <= 1) {
          r = lips[0]
          g = lips[1]
          b = lips[2]
        }
      }
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      const n = ((state >>> 0) / 4294967296 - 0.5) * 2 * noise
      const i = (y * imageWidth + x) * 3
      rgb[i] = r + n
      rgb[i + 1] = g + n * 0.8
      rgb[i + 2] = b + n * 1.2
    }
  }
  return new Uint8Array(rgb.buffer)
}
