/** The document editor of a component subtree, through Svelte's context. */
import { getContext, setContext } from 'svelte'
import type { DocumentEditor } from './document-editor.js'

const KEY = Symbol('playground editor')

export const setEditor = (editor: DocumentEditor): void => {
  setContext(KEY, editor)
}

export const getEditor = (): DocumentEditor => {
  const editor = getContext<DocumentEditor | undefined>(KEY)
  if (editor === undefined) throw new Error('getEditor(): no editor above this component')
  return editor
}
