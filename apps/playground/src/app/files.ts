/** Files in and out of the browser: a Markdown download, and a file picked by the user. */

/** Saves `text` as a file named `name` (the browser's download). */
export const downloadText = (name: string, text: string, type = 'text/markdown'): void => {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Whether a Markdown file reads as a slide deck (Marp's front matter says so). */
export const looksLikeDeck = (markdown: string): boolean =>
  /^---\s*\n[\s\S]*?^marp:\s*true\s*$[\s\S]*?^---\s*$/m.test(markdown)
