import { expect } from 'chai'
import { serialize } from 'node:v8'
import { encodeFrame, FrameReader } from '../../grader/run/channel.js'
import { parseChildMessage } from '../../grader/run/protocol.js'

const frameOf = (body: Buffer): Buffer => {
  const header = Buffer.alloc(4)
  header.writeUInt32BE(body.length)
  return Buffer.concat([header, body])
}

describe('the channel to a child', function () {
  it('reads frames split anywhere across chunks, and several in one chunk', function () {
    const bytes = Buffer.concat([
      encodeFrame({ type: 'ready' }),
      encodeFrame({ a: [1, 2n, new Uint8Array(3)] }),
    ])
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new FrameReader()
      const events = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))]
      expect(events, `cut at ${cut}`).to.deep.equal([
        { ok: true, message: { type: 'ready' } },
        { ok: true, message: { a: [1, 2n, new Uint8Array(3)] } },
      ])
    }
  })

  it('refuses a frame over the size cap from its header, before its bytes arrive', function () {
    const reader = new FrameReader(1024)
    const header = Buffer.alloc(4)
    header.writeUInt32BE(1024 ** 3)
    const [event, ...rest] = reader.push(header)
    expect(rest).to.deep.equal([])
    expect(event).to.deep.equal({
      ok: false,
      problem: 'it sent the grader a message of 1024 MB, over the 0.0009765625 MB limit',
    })
    expect(reader.push(encodeFrame({ type: 'ready' }))).to.deep.equal([], 'nothing is read after a problem')
  })

  it('turns bytes that are not structured-clone data into a problem, never an exception', function () {
    const reader = new FrameReader()
    const [event] = reader.push(frameOf(Buffer.from('Unable to deserialize this')))
    expect(event).to.deep.equal({
      ok: false,
      problem: 'it wrote bytes to the channel to the grader that are not a message',
    })
  })
})

describe('messages from a child', function () {
  const notAReply = { problem: 'it sent the grader a message that is not a reply of the runtime' }

  it('refuses null, Node-internal messages, unknown types and replies with wrong fields', function () {
    for (const raw of [
      null,
      undefined,
      42,
      'returned',
      [],
      { cmd: 'NODE_HANDLE_ACK' },
      { type: 'NODE_HANDLE_ACK' },
      { type: 'returned', id: 1, value: 1, wasPromise: 'no', durationMs: 1, progressCalls: 0 },
      { type: 'returned', id: 1, value: 1, wasPromise: false, durationMs: 1 },
      { type: 'returned', id: 0, value: 1, wasPromise: false, durationMs: 1, progressCalls: 0 },
      { type: 'returned', id: 1.5, value: 1, wasPromise: false, durationMs: 1, progressCalls: 0 },
      { type: 'returned', id: 1, value: 1, wasPromise: false, durationMs: -1, progressCalls: 0 },
      { type: 'returned', id: 1, value: 1, wasPromise: false, durationMs: NaN, progressCalls: 0 },
      { type: 'returned', id: 1, value: 1, wasPromise: false, progressCalls: 0 },
      { type: 'threw', id: 1, error: 'boom', durationMs: 1 },
      { type: 'threw', id: 1, error: { name: 1, message: 'x' }, durationMs: 1 },
      { type: 'threw', id: 1, error: { name: 'Error', message: 'x' } },
      { type: 'missing-export', id: 1, exportName: 'f', available: [1] },
      { type: 'batch-done', id: 1, values: 'many' },
    ])
      expect(parseChildMessage(raw), JSON.stringify(raw) ?? typeof raw).to.deep.equal(notAReply)
  })

  it('keeps only the fields it checked, and caps text', function () {
    const message = parseChildMessage({
      type: 'threw',
      id: 3,
      error: { name: 'Error', message: 'x'.repeat(1_000_000), code: 7, extra: { deep: true } },
      durationMs: 2,
      token: 'ignored',
    })
    expect(message).to.deep.equal({
      type: 'threw',
      id: 3,
      error: { name: 'Error', message: 'x'.repeat(16_384) },
      durationMs: 2,
    })
    const returned = parseChildMessage(
      serializeRoundTrip({
        type: 'returned',
        id: 2,
        value: { n: 1n },
        wasPromise: true,
        durationMs: 0.25,
        progressCalls: 4,
        more: 1,
      }),
    )
    expect(returned).to.deep.equal({
      type: 'returned',
      id: 2,
      value: { n: 1n },
      wasPromise: true,
      durationMs: 0.25,
      progressCalls: 4,
    })
  })
})

function serializeRoundTrip(value: unknown): unknown {
  const [event] = new FrameReader().push(frameOf(serialize(value)))
  return event?.ok ? event.message : undefined
}
