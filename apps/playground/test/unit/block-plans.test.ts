import { describe, expect, it } from 'vitest'
import {
  planAddColumn,
  planAddRow,
  planDelete,
  planDrop,
  planMove,
  planTurnInto,
} from '../../src/editor/block-plans.js'
import { FakeTree, type Spec } from './fake-tree.js'

const paragraphs = (...texts: string[]): Spec[] =>
  texts.map((text) => ({ id: text, type: 'paragraph', text }))

describe('turning a block into another kind', () => {
  it('a paragraph becomes a heading of the chosen level', () => {
    const tree = new FakeTree(paragraphs('a'))
    tree.apply(planTurnInto(tree, 'a', 'heading2'))
    expect(tree.outline()).toBe('heading "a" {"level":2}')
  })

  it('a paragraph after a bulleted list joins it as its last item', () => {
    const tree = new FakeTree([
      {
        id: 'L',
        type: 'list',
        props: { ordered: false },
        children: [{ id: 'x', type: 'list_item', text: 'x' }],
      },
      ...paragraphs('a'),
    ])
    tree.apply(planTurnInto(tree, 'a', 'bullet'))
    expect(tree.outline()).toBe('list {"ordered":false}\n  list_item "x"\n  list_item "a"')
  })

  it('a paragraph becomes an unticked task in a list of its own', () => {
    const tree = new FakeTree(paragraphs('a', 'b'))
    tree.apply(planTurnInto(tree, 'a', 'task'))
    expect(tree.outline()).toBe(
      'list {"ordered":false,"spread":false}\n  list_item "a" {"checked":false}\nparagraph "b"',
    )
  })

  it('a list item becomes a quoted paragraph where it stood', () => {
    const tree = new FakeTree([
      {
        id: 'L',
        type: 'list',
        children: [{ id: 'x', type: 'list_item', text: 'x', props: { checked: true } }],
      },
    ])
    tree.apply(planTurnInto(tree, 'x', 'quote'))
    expect(tree.outline()).toBe('quote\n  paragraph "x"')
  })

  it('a bullet becomes a numbered item by numbering its list', () => {
    const tree = new FakeTree([
      {
        id: 'L',
        type: 'list',
        props: { ordered: false },
        children: [{ id: 'x', type: 'list_item', text: 'x' }],
      },
    ])
    tree.apply(planTurnInto(tree, 'x', 'ordered'))
    expect(tree.outline()).toBe('list {"ordered":true}\n  list_item "x"')
  })
})

describe('moving blocks', () => {
  it('Alt+Up and Alt+Down move a block one place among its siblings, and stop at the ends', () => {
    const tree = new FakeTree(paragraphs('a', 'b', 'c'))
    tree.apply(planMove(tree, 'c', 'up'))
    expect(tree.children('root')).toEqual(['a', 'c', 'b'])
    tree.apply(planMove(tree, 'a', 'down'))
    expect(tree.children('root')).toEqual(['c', 'a', 'b'])
    expect(planMove(tree, 'c', 'up').edits).toEqual([])
    expect(planMove(tree, 'b', 'down').edits).toEqual([])
  })

  it('a dropped block lands before or after the target', () => {
    const tree = new FakeTree(paragraphs('a', 'b', 'c'))
    tree.apply(planDrop(tree, 'a', 'c', 'after'))
    expect(tree.children('root')).toEqual(['b', 'c', 'a'])
    tree.apply(planDrop(tree, 'a', 'b', 'before'))
    expect(tree.children('root')).toEqual(['a', 'b', 'c'])
  })

  it('refuses drops that make no sense: onto itself, into itself, an item among paragraphs', () => {
    const tree = new FakeTree([
      ...paragraphs('a'),
      { id: 'q', type: 'quote', children: paragraphs('inner') },
      { id: 'L', type: 'list', children: [{ id: 'x', type: 'list_item', text: 'x' }] },
    ])
    expect(planDrop(tree, 'a', 'a', 'after').edits).toEqual([])
    expect(planDrop(tree, 'q', 'inner', 'after').edits).toEqual([])
    expect(planDrop(tree, 'x', 'a', 'after').edits).toEqual([])
  })

  it('a dragged last item leaves no empty list behind', () => {
    const tree = new FakeTree([
      { id: 'L', type: 'list', children: [{ id: 'x', type: 'list_item', text: 'x' }] },
      { id: 'M', type: 'list', children: [{ id: 'y', type: 'list_item', text: 'y' }] },
    ])
    tree.apply(planDrop(tree, 'x', 'y', 'after'))
    expect(tree.outline()).toBe('list\n  list_item "y"\n  list_item "x"')
  })
})

describe('deleting and tables', () => {
  it('deleting the only item deletes its list, the caret going to the text before', () => {
    const tree = new FakeTree([
      ...paragraphs('a'),
      { id: 'L', type: 'list', children: [{ id: 'x', type: 'list_item', text: 'x' }] },
    ])
    const plan = planDelete(tree, 'x')
    tree.apply(plan)
    expect(tree.outline()).toBe('paragraph "a"')
    expect(plan.caret).toEqual({ block: 'a', offset: 'end' })
  })

  it('a new row has as many cells as the header; a new column adds a cell to every row', () => {
    const row = (id: string): Spec => ({
      id,
      type: 'table_row',
      children: [1, 2].map((n) => ({ id: `${id}${n}`, type: 'cell', text: `${id}${n}` })),
    })
    const tree = new FakeTree([
      { id: 't', type: 'table', props: { align: [null, 'right'] }, children: [row('h'), row('r')] },
    ])
    tree.apply(planAddRow(tree, 't'))
    expect(tree.children('t')).toHaveLength(3)
    expect(tree.children(tree.children('t')[2] as string)).toHaveLength(2)
    tree.apply(planAddColumn(tree, 't'))
    for (const r of tree.children('t')) expect(tree.children(r)).toHaveLength(3)
    expect(tree.block('t')?.props.align).toEqual([null, 'right', null])
  })
})
