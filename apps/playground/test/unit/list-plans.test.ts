import { describe, expect, it } from 'vitest'
import { planIndent, planOutdent } from '../../src/editor/list-plans.js'
import { FakeTree } from './fake-tree.js'

const list = (ordered: boolean, ...items: string[]) =>
  new FakeTree([
    {
      id: 'L',
      type: 'list',
      props: { ordered },
      children: items.map((text) => ({ id: text, type: 'list_item', text })),
    },
  ])

describe('Tab and Shift+Tab in lists', () => {
  it('Tab nests an item under the one before, in a new list of the same kind', () => {
    const tree = list(true, 'a', 'b')
    tree.apply(planIndent(tree, 'b'))
    expect(tree.outline()).toBe(
      [
        'list {"ordered":true}',
        '  list_item "a"',
        '    list {"ordered":true,"start":1,"spread":false}',
        '      list_item "b"',
      ].join('\n'),
    )
  })

  it('Tab joins the nested list the item before already has', () => {
    const tree = list(false, 'a', 'b', 'c')
    tree.apply(planIndent(tree, 'b'))
    tree.apply(planIndent(tree, 'c'))
    expect(tree.children(tree.children('a')[0] as string)).toEqual(['b', 'c'])
  })

  it('Tab on a first item does nothing', () => {
    expect(planIndent(list(false, 'a', 'b'), 'a').edits).toEqual([])
  })

  it('Shift+Tab puts a nested item after its parent, and the items after it become its children', () => {
    const tree = list(false, 'a', 'b', 'c', 'd')
    for (const item of ['b', 'c', 'd']) tree.apply(planIndent(tree, item))
    tree.apply(planOutdent(tree, 'c'))
    expect(tree.outline()).toBe(
      [
        'list {"ordered":false}',
        '  list_item "a"',
        '    list {"ordered":false,"spread":false}',
        '      list_item "b"',
        '  list_item "c"',
        '    list {"ordered":false,"spread":false}',
        '      list_item "d"',
      ].join('\n'),
    )
  })

  it('Shift+Tab on a top-level item makes it a paragraph', () => {
    const tree = list(false, 'a')
    tree.apply(planOutdent(tree, 'a'))
    expect(tree.outline()).toBe('paragraph "a"')
  })
})
