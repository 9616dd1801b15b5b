// A Node client (a bot) that writes a heading and reads the document back as Markdown.
// Included in apps/docs/sdk.md and packages/sdk/README.md; run by the SDK's integration tests.
import { createClient } from '@markdownsync/sdk'
import WebSocket from 'ws'

export const quickStart = async (url = 'ws://127.0.0.1:4455/v1/sync'): Promise<string> => {
  const client = createClient({ url, dev: true, WebSocket })
  const room = client.enterRoom('welcome', { initialPresence: { name: 'Quick-start bot' } })
  await room.ready() // the document's structure and the content of the viewport are here
  const heading = room.insertBlock({ type: 'heading', props: { level: 1 }, text: 'Hello' })
  if (heading !== undefined) room.editText(heading, [{ retain: 5 }, { insert: ', world' }])
  const markdown = await room.toMarkdown()
  client.destroy()
  return markdown
}
