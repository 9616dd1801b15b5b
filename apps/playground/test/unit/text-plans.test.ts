import { describe, expect, it } from 'vitest'
import { planBackspaceAtStart, planDeleteAtEnd, planEnter } from '../../src/editor/text-plans.js'
import { FakeTree } from './fake-tree.js'

const bullets = (...items: string[]) => ({
  id: 'L',
  type: 'list',
  props: { ordered: false },
  children: items.map((text, i) => ({ id: `i${i + 1}`, type: 'list_item', text })),
})

describe('Enter', () => {
  it('splits a paragraph at the caret, the caret at the start of the new block', () => {
    const tree = new FakeTree([{ id: 'p', type: 'paragraph', text: 'Hello world' }])
    const plan = planEnter(tree, 'p', 5)
    tree.apply(plan)
    expect(tree.outline()).toBe('paragraph "Hello"\nparagraph " world"')
    expect(plan.caret).toEqual({ block: '$new', offset: 0 })
  })

  it('deletes the selection before splitting', () => {
    const tree = new FakeTree([{ id: 'p', type: 'paragraph', text: 'abcdef' }])
    tree.apply(planEnter(tree, 'p', 2, 2))
    expect(tree.outline()).toBe('paragraph "ab"\nparagraph "ef"')
  })

  it('at the end of a heading starts a paragraph; inside it keeps the heading level', () => {
    const end = new FakeTree([{ id: 'h', type: 'heading', text: 'Title', props: { level: 2 } }])
    end.apply(planEnter(end, 'h', 5))
    expect(end.outline()).toBe('heading "Title" {"level":2}\nparagraph')
    const middle = new FakeTree([{ id: 'h', type: 'heading', text: 'Title', props: { level: 2 } }])
    middle.apply(planEnter(middle, 'h', 2))
    expect(middle.outline()).toBe('heading "Ti" {"level":2}\nheading "tle" {"level":2}')
  })

  it('in a task item makes an unticked item, and the nested items follow the tail', () => {
    const tree = new FakeTree([
      {
        id: 'L',
        type: 'list',
        children: [
          {
            id: 'a',
            type: 'list_item',
            text: 'parent',
            props: { checked: true },
            children: [
              { id: 'N', type: 'list', children: [{ id: 'c', type: 'list_item', text: 'child' }] },
            ],
          },
        ],
      },
    ])
    tree.apply(planEnter(tree, 'a', 6))
    expect(tree.outline()).toBe(
      [
        'list',
        '  list_item "parent" {"checked":true}',
        '  list_item {"checked":false}',
        '    list',
        '      list_item "child"',
      ].join('\n'),
    )
  })

  it('on an empty top-level item turns it into a paragraph after the list', () => {
    const tree = new FakeTree([bullets('one', '')])
    tree.apply(planEnter(tree, 'i2', 0))
    expect(tree.outline()).toBe('list {"ordered":false}\n  list_item "one"\nparagraph')
  })
})

describe('Backspace at the start of a block', () => {
  it('joins a paragraph to the one before, the caret at the join', () => {
    const tree = new FakeTree([
      { id: 'a', type: 'paragraph', text: 'Hello' },
      { id: 'b', type: 'paragraph', text: ' world' },
    ])
    const plan = planBackspaceAtStart(tree, 'b')
    tree.apply(plan)
    expect(tree.outline()).toBe('paragraph "Hello world"')
    expect(plan.caret).toEqual({ block: 'a', offset: 5 })
  })

  it('joins into the last item of a list before it, however deep', () => {
    const tree = new FakeTree([
      {
        id: 'L',
        type: 'list',
        children: [
          {
            id: 'a',
            type: 'list_item',
            text: 'a',
            children: [
              {
                id: 'N',
                type: 'list',
                children: [{ id: 'deep', type: 'list_item', text: 'deep' }],
              },
            ],
          },
        ],
      },
      { id: 'p', type: 'paragraph', text: '!' },
    ])
    tree.apply(planBackspaceAtStart(tree, 'p'))
    expect(tree.text('deep')).toBe('deep!')
  })

  it('takes the first paragraph of a quote out to the block before, and removes the emptied quote', () => {
    const tree = new FakeTree([
      { id: 'a', type: 'paragraph', text: 'before' },
      { id: 'q', type: 'quote', children: [{ id: 'b', type: 'paragraph', text: ' quoted' }] },
    ])
    tree.apply(planBackspaceAtStart(tree, 'b'))
    expect(tree.outline()).toBe('paragraph "before quoted"')
  })

  it('removes a divider or image right before it instead of joining across it', () => {
    const tree = new FakeTree([
      { id: 'a', type: 'paragraph', text: 'a' },
      { id: 'hr', type: 'thematic_break' },
      { id: 'b', type: 'paragraph', text: 'b' },
    ])
    tree.apply(planBackspaceAtStart(tree, 'b'))
    expect(tree.outline()).toBe('paragraph "a"\nparagraph "b"')
  })

  it('turns a top-level list item into a paragraph in place, splitting the list', () => {
    const tree = new FakeTree([
      { ...bullets('one', 'two', 'three'), props: { ordered: true, start: 1 } },
    ])
    tree.apply(planBackspaceAtStart(tree, 'i2'))
    expect(tree.outline()).toBe(
      [
        'list {"ordered":true,"start":1}',
        '  list_item "one"',
        'paragraph "two"',
        'list {"ordered":true,"start":3,"spread":false}',
        '  list_item "three"',
      ].join('\n'),
    )
  })

  it('turns a heading with nothing before it into a paragraph, and leaves a first paragraph alone', () => {
    const tree = new FakeTree([{ id: 'h', type: 'heading', text: 'Title', props: { level: 1 } }])
    tree.apply(planBackspaceAtStart(tree, 'h'))
    expect(tree.outline()).toBe('paragraph "Title" {"level":1}')
    expect(planBackspaceAtStart(tree, 'h').edits).toEqual([])
  })

  it('never joins across a table', () => {
    const tree = new FakeTree([
      {
        id: 't',
        type: 'table',
        children: [
          { id: 'r', type: 'table_row', children: [{ id: 'c', type: 'cell', text: 'x' }] },
        ],
      },
      { id: 'p', type: 'paragraph', text: 'after' },
    ])
    expect(planBackspaceAtStart(tree, 'p').edits).toEqual([])
    expect(planBackspaceAtStart(tree, 'c').edits).toEqual([])
  })
})

describe('Delete at the end of a block', () => {
  it('pulls the next block’s text in, and removes a list it emptied', () => {
    const tree = new FakeTree([{ id: 'a', type: 'paragraph', text: 'a' }, bullets('b')])
    tree.apply(planDeleteAtEnd(tree, 'a'))
    expect(tree.outline()).toBe('paragraph "ab"')
  })
})
