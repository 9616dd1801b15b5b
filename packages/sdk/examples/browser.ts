// A minimal browser editor: the outline of blocks rendered from stores, the viewport reported
// as blocks scroll in and out, a connection badge. Included in apps/docs/sdk.md.
import { type BlockView, createClient } from '@markdownsync/sdk'

const render = (element: HTMLElement, view: BlockView | undefined): void => {
  const text = view?.text.map((run) => run.insert).join('') ?? ''
  if (element.textContent !== text) element.textContent = text
}

export const mountEditor = (container: HTMLElement, badge: HTMLElement, docId: string) => {
  const client = createClient({
    url: 'wss://sync.example.com/v1/sync',
    authEndpoint: '/api/markdownsync-token', // POST {docId} → {token}
  })
  // start with an empty viewport: the structure loads whole, content follows what is on screen
  const room = client.enterRoom(docId, { initialPresence: { name: 'Ada' }, viewport: [] })
  const stops = [room.observeViewport(container)]
  stops.push(room.$status.subscribe((status) => (badge.textContent = status)))

  // one element per top-level block, each listening to its own block only
  const elements = new Map<string, { element: HTMLElement; stop: () => void }>()
  stops.push(
    room.children('root').subscribe((ids) => {
      for (const [id, entry] of elements)
        if (!ids.includes(id)) {
          entry.stop()
          entry.element.remove()
          elements.delete(id)
        }
      ids.forEach((id, index) => {
        let entry = elements.get(id)
        if (entry === undefined) {
          const element = document.createElement('p')
          element.dataset.blockId = id // what observeViewport watches
          element.contentEditable = 'true'
          element.addEventListener('input', () => room.replaceText(id, element.textContent ?? ''))
          entry = { element, stop: room.block(id).subscribe((view) => render(element, view)) }
          elements.set(id, entry)
        }
        const at = container.children[index] ?? null
        if (at !== entry.element) container.insertBefore(entry.element, at)
      })
    }),
  )
  stops.push(room.on('rejection', (r) => alert(`Your change was undone: ${r.reason}`)))
  return () => {
    for (const stop of stops) stop()
    for (const entry of elements.values()) entry.stop()
    client.destroy()
  }
}
