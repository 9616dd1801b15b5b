/** observeViewport: the elements with a block id that are on screen become the viewport. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Client, createClient } from '../../src/index.js'
import { FAKE_URL, FakeServer } from '../support/fake-server.js'
import { eventually } from '../support/wait.js'

/** Just enough of an element: an id attribute, children, `matches`, `querySelectorAll`. */
class FakeElement {
  readonly children: FakeElement[] = []
  constructor(readonly id: string | null) {}
  getAttribute(name: string): string | null {
    return name === 'data-block-id' ? this.id : null
  }
  matches(): boolean {
    return this.id !== null
  }
  querySelectorAll(): FakeElement[] {
    return this.children.flatMap((c) => [...(c.id === null ? [] : [c]), ...c.querySelectorAll()])
  }
}

class FakeIntersectionObserver {
  static last: FakeIntersectionObserver | undefined
  readonly observed = new Set<FakeElement>()
  constructor(
    readonly callback: (entries: Array<{ target: FakeElement; isIntersecting: boolean }>) => void,
  ) {
    FakeIntersectionObserver.last = this
  }
  observe(element: FakeElement): void {
    this.observed.add(element)
  }
  unobserve(element: FakeElement): void {
    this.observed.delete(element)
  }
  disconnect(): void {
    this.observed.clear()
  }
  show(element: FakeElement, isIntersecting: boolean): void {
    this.callback([{ target: element, isIntersecting }])
  }
}

class FakeMutationObserver {
  static last: FakeMutationObserver | undefined
  constructor(
    readonly callback: (
      records: Array<{ addedNodes: FakeElement[]; removedNodes: FakeElement[] }>,
    ) => void,
  ) {
    FakeMutationObserver.last = this
  }
  observe(): void {}
  disconnect(): void {}
}

let server: FakeServer
let client: Client | undefined
beforeEach(() => {
  server = new FakeServer()
  server.seed(['alpha'])
  server.listen()
})
afterEach(() => {
  client?.destroy()
  client = undefined
  server.close()
})

describe('observeViewport', () => {
  it('reports the blocks whose elements are on screen, following elements added and removed', async () => {
    client = createClient({ url: FAKE_URL, token: 't' })
    const room = client.enterRoom('doc')
    await room.ready()
    const container = new FakeElement(null)
    const [a, b] = [new FakeElement('a'), new FakeElement('b')]
    container.children.push(a, b)
    const stop = room.observeViewport(container as unknown as Element, {
      IntersectionObserver: FakeIntersectionObserver as unknown as typeof IntersectionObserver,
      MutationObserver: FakeMutationObserver as unknown as typeof MutationObserver,
    })
    const io = FakeIntersectionObserver.last!
    expect(io.observed).toEqual(new Set([a, b]))
    const reported = () => server.sent('viewport').map((m) => m.blocks)
    io.show(a, true)
    await eventually(() => expect(reported().at(-1)).toEqual(['a']))
    io.show(b, true)
    await eventually(() => expect(reported().at(-1)).toEqual(['a', 'b']))
    const c = new FakeElement('c')
    FakeMutationObserver.last!.callback([{ addedNodes: [c], removedNodes: [a] }])
    expect(io.observed.has(c)).toBe(true)
    await eventually(() => expect(reported().at(-1)).toEqual(['b']))
    stop()
    expect(io.observed.size).toBe(0)
  })
})
