/** The documents the global setup creates, shared by the setup (Node) and the tests. */

/** A document of LONG_DOCUMENT_BLOCKS paragraphs, `Block 0` to `Block 1999`. */
export const LONG_DOCUMENT = 'svelte-long'
export const LONG_DOCUMENT_BLOCKS = 2_000

export const longMarkdown = (blocks: number): string =>
  Array.from({ length: blocks }, (_, i) => `Block ${i}`).join('\n\n')
