/**
 * Yjs bytes made by real `Y.Doc`s (with fixed client ids, so they are the same on every run):
 * what the SDK puts in ops, cursors and catch-up requests.
 */
import * as Y from 'yjs'

export const docFor = (clientID: number, text = ''): Y.Doc => {
  const doc = new Y.Doc()
  doc.clientID = clientID
  if (text !== '') doc.getText('text').insert(0, text)
  return doc
}

/** The update(s) a change to `doc` emits. */
export const captureUpdate = (doc: Y.Doc, change: () => void): Uint8Array => {
  const updates: Uint8Array[] = []
  const listener = (update: Uint8Array) => updates.push(update)
  doc.on('update', listener)
  change()
  doc.off('update', listener)
  return Y.mergeUpdates(updates)
}

const typed = docFor(11, 'Hello world')
const typedText = typed.getText('text')
/** Typing, formatting, an embed and a deletion by two replicas. */
export const EDIT_UPDATE = captureUpdate(typed, () => {
  typedText.insert(5, ', dear')
  typedText.format(0, 5, { bold: true })
  typedText.insertEmbed(3, { image: 'cat.png', size: [1, 2] })
  typedText.delete(1, 2)
})
const other = docFor(12)
Y.applyUpdate(other, Y.encodeStateAsUpdate(typed))
export const FULL_TEXT_UPDATE = captureUpdate(other, () => other.getText('text').insert(0, 'ü🙂 '))

/** split_block of "Hello world" at 5: the head loses " world", the new block gets it. */
const splitting = docFor(21, 'Hello world')
export const SPLIT_HEAD_UPDATE = captureUpdate(splitting, () =>
  splitting.getText('text').delete(5, 6),
)
export const SPLIT_TAIL_TEXT = Y.encodeStateAsUpdate(docFor(21, ' world'))

/** merge_blocks of "world" into "Hello ". */
const into = docFor(31, 'Hello ')
const from = docFor(32, 'world')
export const MERGE_FROM_STATE_VECTOR = Y.encodeStateVector(from)
export const MERGE_INTO_UPDATE = captureUpdate(into, () => into.getText('text').insert(6, 'world'))
export const MERGE_FROM_UPDATE = captureUpdate(from, () => from.getText('text').delete(0, 5))

export const INSERT_TEXT = Y.encodeStateAsUpdate(docFor(41, 'A new paragraph'))
export const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc())
export const STATE_VECTOR = Y.encodeStateVector(other)

export const ANCHOR = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(typedText, 2))
export const HEAD_AT_END = Y.encodeRelativePosition(
  Y.createRelativePositionFromTypeIndex(typedText, typedText.length),
)
export const HEAD_BEFORE = Y.encodeRelativePosition(
  Y.createRelativePositionFromTypeIndex(typedText, 4, -1),
)

/** Updates using every content kind block text may hold, and some it never does. */
export const varietyUpdates = (): Uint8Array[] => {
  const doc = docFor(51, 'text')
  const out: Uint8Array[] = [Y.encodeStateAsUpdate(doc)]
  out.push(
    captureUpdate(doc, () => doc.getMap('m').set('k', { deep: [1, 'two', null, true, 2.5] })),
  )
  out.push(
    captureUpdate(doc, () => doc.getArray('a').insert(0, [new Uint8Array([1, 2, 3]), -7, 2 ** 40])),
  )
  out.push(
    captureUpdate(doc, () =>
      doc.getArray('a').insert(0, [new Y.Map(), new Y.Array(), new Y.Text()]),
    ),
  )
  out.push(
    captureUpdate(doc, () =>
      doc.getXmlFragment('x').insert(0, [new Y.XmlElement('p'), new Y.XmlText('t')]),
    ),
  )
  out.push(captureUpdate(doc, () => doc.getMap('m').delete('k')))
  out.push(Y.encodeStateAsUpdate(doc))
  // a merged update of non-contiguous changes carries Skip structs
  const a = docFor(52)
  const first = captureUpdate(a, () => a.getText('text').insert(0, 'ab'))
  captureUpdate(a, () => a.getText('text').insert(2, 'cd'))
  const third = captureUpdate(a, () => a.getText('text').insert(4, 'ef'))
  out.push(Y.mergeUpdates([first, third]))
  return out
}
