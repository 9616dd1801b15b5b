import type { Client } from '@markdownsync/sdk'
import { render } from '@testing-library/svelte'
import { afterEach, expect, it } from 'vitest'
import { page } from 'vitest/browser'
import DocumentExample from './fixtures/DocumentExample.svelte'
import { browserClient, freshDocument } from './support/rooms.js'
import { eventually } from './support/wait.js'

let clients: Client[] = []
afterEach(() => {
  for (const client of clients) client.destroy()
  clients = []
})

it("the docs' Document example shows the blocks of a room and another user's caret in them", async () => {
  const [mine, theirs] = [browserClient(), browserClient()]
  clients = [mine, theirs]
  const room = mine.enterRoom(freshDocument('example'))
  await room.ready()
  const ids = Array.from(
    { length: 60 },
    (_, i) => room.insertBlock({ text: `Paragraph number ${i}` }) as string,
  )

  render(DocumentExample, { room })
  const paragraph = (index: number) =>
    page.getByLabelText(`Paragraph ${index + 1}`, { exact: true })
  await expect.element(paragraph(0)).toHaveTextContent('Paragraph number 0')
  expect(document.querySelectorAll('[data-block-id]').length).toBeLessThan(60)

  const bob = theirs.enterRoom(room.id, { initialPresence: { name: 'Bob' } })
  await bob.ready()
  bob.updatePresence({ cursor: { block: ids[1] as string, index: 10 } })
  const canvas = document.querySelector('canvas') as HTMLCanvasElement
  await eventually(() => expect(room.$others.get()[0]?.cursor?.index).toBe(10))
  await eventually(() => {
    // the caret is drawn right of "Paragraph " in the second paragraph
    const line = paragraph(1).element().getBoundingClientRect()
    const origin = canvas.getBoundingClientRect()
    const ratio = canvas.width / origin.width
    const pixels = canvas
      .getContext('2d')
      ?.getImageData(
        (line.left - origin.left) * ratio,
        (line.top - origin.top) * ratio,
        line.width * ratio,
        line.height * ratio,
      ).data
    expect(pixels?.some((value, i) => i % 4 === 3 && value > 0)).toBe(true)
  })
})
