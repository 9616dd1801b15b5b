/**
 * An in-memory block tree for the structural plans: built from a compact outline, it answers
 * the TreeReader questions and applies a plan's edits the way the room would, so a test can
 * compare the tree before and after.
 */
import type { Props } from '../../src/editor/block-kinds.js'
import type { Plan, StructureEdit } from '../../src/editor/plan.js'
import { applyDelta, plainText, type TextRun } from '../../src/editor/runs.js'
import { ROOT, type TreeReader } from '../../src/editor/tree.js'

export interface Spec {
  readonly id: string
  readonly type: string
  readonly text?: string
  readonly props?: Props
  readonly children?: readonly Spec[]
}

interface Node {
  type: string
  props: Record<string, Props[string]>
  parent: string
  text: TextRun[]
  children: string[]
}

export class FakeTree implements TreeReader {
  private readonly nodes = new Map<string, Node>()
  private readonly roots: string[] = []
  private created = 0

  constructor(specs: readonly Spec[]) {
    for (const spec of specs) this.add(spec, ROOT)
  }

  private add(spec: Spec, parent: string): void {
    this.nodes.set(spec.id, {
      type: spec.type,
      props: { ...spec.props },
      parent,
      text: spec.text ? [{ insert: spec.text }] : [],
      children: [],
    })
    this.childList(parent).push(spec.id)
    for (const child of spec.children ?? []) this.add(child, spec.id)
  }

  private childList(id: string): string[] {
    if (id === ROOT) return this.roots
    const node = this.nodes.get(id)
    if (node === undefined) throw new Error(`no block ${id}`)
    return node.children
  }

  block(id: string) {
    const node = this.nodes.get(id)
    if (node === undefined) return undefined
    return {
      type: node.type,
      props: node.props,
      parent: node.parent,
      textLength: plainText(node.text).length,
    }
  }

  children(id: string): readonly string[] {
    return id === ROOT ? this.roots : (this.nodes.get(id)?.children ?? [])
  }

  text(id: string): string {
    return plainText(this.nodes.get(id)?.text ?? [])
  }

  /** Applies a plan; placeholders become `new1`, `new2`…; returns the placeholder map. */
  apply(plan: Plan): Map<string, string> {
    const names = new Map<string, string>()
    const id = (name: string) => names.get(name) ?? name
    for (const edit of plan.edits) this.applyEdit(edit, id, names)
    return names
  }

  private place(block: string, parent: string, after: string | null): void {
    const list = this.childList(parent)
    const at = after === null ? 0 : list.indexOf(after) + 1
    if (after !== null && at === 0) throw new Error(`${after} is not a child of ${parent}`)
    list.splice(at, 0, block)
    const node = this.nodes.get(block)
    if (node) node.parent = parent
  }

  private detach(block: string): void {
    const node = this.nodes.get(block) as Node
    const list = this.childList(node.parent)
    list.splice(list.indexOf(block), 1)
  }

  private applyEdit(
    edit: StructureEdit,
    id: (name: string) => string,
    names: Map<string, string>,
  ): void {
    switch (edit.kind) {
      case 'insert': {
        const made = `new${++this.created}`
        names.set(edit.id, made)
        this.nodes.set(made, {
          type: edit.type,
          props: { ...edit.props },
          parent: id(edit.parent),
          text: [],
          children: [],
        })
        this.place(made, id(edit.parent), edit.after === null ? null : id(edit.after))
        return
      }
      case 'move':
        this.detach(id(edit.id))
        this.place(id(edit.id), id(edit.parent), edit.after === null ? null : id(edit.after))
        return
      case 'delete':
        this.detach(id(edit.id))
        this.nodes.delete(id(edit.id))
        return
      case 'set': {
        const node = this.nodes.get(id(edit.id)) as Node
        if (edit.key === 'type') node.type = String(edit.value)
        else if (edit.value === null) delete node.props[edit.key]
        else node.props[edit.key] = edit.value
        return
      }
      case 'split': {
        const node = this.nodes.get(id(edit.id)) as Node
        const text = plainText(node.text)
        const made = `new${++this.created}`
        names.set(edit.newId, made)
        this.nodes.set(made, {
          type: edit.type ?? node.type,
          props: {},
          parent: node.parent,
          text: text.slice(edit.offset) ? [{ insert: text.slice(edit.offset) }] : [],
          children: [],
        })
        node.text = text.slice(0, edit.offset) ? [{ insert: text.slice(0, edit.offset) }] : []
        this.place(made, node.parent, id(edit.id))
        return
      }
      case 'merge': {
        const into = this.nodes.get(id(edit.into)) as Node
        const from = this.nodes.get(id(edit.from)) as Node
        into.text = applyDelta(into.text, [
          { retain: plainText(into.text).length },
          { insert: plainText(from.text) },
        ])
        for (const child of [...from.children]) {
          this.detach(child)
          this.place(child, id(edit.into), into.children[into.children.length - 1] ?? null)
        }
        this.detach(id(edit.from))
        this.nodes.delete(id(edit.from))
        return
      }
      case 'text': {
        const node = this.nodes.get(id(edit.id)) as Node
        node.text = applyDelta(node.text, edit.delta)
        return
      }
    }
  }

  /** The tree as an indented outline: `type id "text" {props}`, one block a line. */
  outline(parent: string = ROOT, depth = 0): string {
    return this.children(parent)
      .map((child) => {
        const node = this.nodes.get(child) as Node
        const props = Object.keys(node.props).length > 0 ? ` ${JSON.stringify(node.props)}` : ''
        const text = plainText(node.text) ? ` "${plainText(node.text)}"` : ''
        const line = `${'  '.repeat(depth)}${node.type}${text}${props}`
        const below = this.outline(child, depth + 1)
        return below ? `${line}\n${below}` : line
      })
      .join('\n')
  }
}
