/**
 * The editor of one document: it knows the room and every text surface on screen, runs the
 * structural commands (plans) the surfaces and menus ask for, puts the caret where a command
 * leaves it (once the block it names is rendered), moves the caret between blocks, and tells
 * the others where this user's caret is.
 */
import type { Room } from '@markdownsync/sdk'
import type { KindChoice } from './block-kinds.js'
import {
  planAddColumn,
  planAddRow,
  planDelete,
  planDrop,
  planInsertAfter,
  planMove,
  planTurnInto,
} from './block-plans.js'
import { CaretPlacer } from './caret-placer.js'
import { planIndent, planOutdent } from './list-plans.js'
import type { CaretTarget, Plan } from './plan.js'
import { roomTree } from './room-tree.js'
import { runPlan } from './run-plan.js'
import type { TextIntent } from './text-input.js'
import { planBackspaceAtStart, planDeleteAtEnd, planEnter } from './text-plans.js'
import type { SurfaceHost, TextSurface } from './text-surface.js'
import type { TreeReader } from './tree.js'

/** Where the caret is: which block, and the selection in it. */
export interface FocusState {
  readonly block: string
  readonly anchor: number
  readonly focus: number
}

type Selection = { start: number; end: number }

export class DocumentEditor {
  readonly tree: TreeReader
  private readonly surfaces = new Map<string, TextSurface>()
  private readonly caret = new CaretPlacer((block) => this.surfaces.get(block))
  private focusState: FocusState | null = null
  private readonly focusListeners = new Set<(state: FocusState | null) => void>()
  private clearCaret: ReturnType<typeof setTimeout> | undefined

  constructor(
    readonly room: Room,
    /** The element holding every block of the document, to walk surfaces in order. */
    private readonly root: () => HTMLElement | undefined,
  ) {
    this.tree = roomTree(room, (id) => this.surfaces.get(id)?.text.length)
  }

  // ------------------------------------------------------------ surfaces

  /** The host a block's text surface talks to. */
  hostFor(block: string): SurfaceHost {
    return {
      edit: (delta) => this.room.editText(block, delta),
      intent: (intent) => this.onIntent(block, intent),
      key: (event, selection) => this.onKey(block, event, selection),
      caret: (selection) => this.onCaret(block, selection),
      divert: (inputType, data) => this.caret.divert(block, inputType, data),
    }
  }

  /** A rendered block's surface; returns the function that forgets it. */
  register(block: string, surface: TextSurface): () => void {
    this.surfaces.set(block, surface)
    return () => {
      if (this.surfaces.get(block) === surface) this.surfaces.delete(block)
    }
  }

  /** Called after a surface renders: a caret waiting for this block lands now. */
  surfaceRendered(block: string): void {
    this.caret.rendered(block)
  }

  surface(block: string): TextSurface | undefined {
    return this.surfaces.get(block)
  }

  /** Puts the caret in `block`: now if it is rendered, else as soon as it is. */
  placeCaret(target: CaretTarget): void {
    this.caret.place(target)
  }

  // ------------------------------------------------------------ commands

  /** Runs a structural plan and places the caret where it says. */
  run(plan: Plan): void {
    for (const edit of plan.edits) {
      const named =
        edit.kind === 'merge'
          ? [edit.into, edit.from]
          : edit.kind === 'split' || edit.kind === 'text'
            ? [edit.id]
            : []
      for (const block of named) this.surfaces.get(block)?.settle()
    }
    const caret = runPlan(this.room, plan)
    if (caret !== undefined) this.placeCaret(caret)
  }

  turnInto(block: string, kind: KindChoice): void {
    this.run(planTurnInto(this.tree, block, kind))
  }

  deleteBlock(block: string): void {
    this.run(planDelete(this.tree, block))
  }

  moveBlock(block: string, direction: 'up' | 'down'): void {
    const caret = this.surfaces.get(block)?.selection()
    this.run(planMove(this.tree, block, direction))
    if (caret !== undefined) this.placeCaret({ block, offset: caret.focus })
  }

  drop(dragged: string, target: string, where: 'before' | 'after'): void {
    this.run(planDrop(this.tree, dragged, target, where))
  }

  insertAfter(block: string, type: string): void {
    this.run(planInsertAfter(this.tree, block, type))
  }

  addRow(table: string): void {
    this.run(planAddRow(this.tree, table))
  }

  addColumn(table: string): void {
    this.run(planAddColumn(this.tree, table))
  }

  toggleChecked(item: string, checked: boolean): void {
    this.room.setProperty(item, 'checked', checked)
  }

  // ------------------------------------------------------------ focus and carets

  /** Follows where the caret is (for the toolbar); returns the function that stops. */
  onFocusChange(listener: (state: FocusState | null) => void): () => void {
    this.focusListeners.add(listener)
    listener(this.focusState)
    return () => this.focusListeners.delete(listener)
  }

  get focused(): FocusState | null {
    return this.focusState
  }

  private setFocus(state: FocusState | null): void {
    this.focusState = state
    for (const listener of this.focusListeners) listener(state)
  }

  private onCaret(block: string, selection: { anchor: number; focus: number } | null): void {
    clearTimeout(this.clearCaret)
    if (selection === null) {
      // focus may be moving to another block: clear only if nothing took it
      this.clearCaret = setTimeout(() => {
        if (this.focusState?.block !== block) return
        this.setFocus(null)
        this.room.updatePresence({ cursor: null })
      }, 50)
      return
    }
    this.setFocus({ block, ...selection })
    this.room.updatePresence({
      cursor: {
        block,
        index: selection.focus,
        ...(selection.anchor === selection.focus ? {} : { head: selection.anchor }),
      },
    })
  }

  private onIntent(block: string, intent: TextIntent): void {
    switch (intent.kind) {
      case 'split':
        this.run(planEnter(this.tree, block, intent.offset, intent.deleteLength))
        return
      case 'merge_backward':
        this.run(planBackspaceAtStart(this.tree, block))
        return
      case 'merge_forward':
        this.run(planDeleteAtEnd(this.tree, block))
        return
      case 'undo':
        this.room.history.undo()
        return
      case 'redo':
        this.room.history.redo()
        return
      case 'edit':
      case 'none':
        return
    }
  }

  /** The text surfaces on screen, in document order. */
  private orderedSurfaces(): TextSurface[] {
    const root = this.root()
    if (root === undefined) return []
    const byElement = new Map([...this.surfaces.values()].map((s) => [s.element, s]))
    const out: TextSurface[] = []
    for (const element of root.querySelectorAll<HTMLElement>('[data-text-block]')) {
      const surface = byElement.get(element)
      if (surface !== undefined) out.push(surface)
    }
    return out
  }

  /** Moves the caret to the surface before or after `block`'s; false at the document's edge. */
  private step(block: string, direction: -1 | 1, where: number | 'end'): boolean {
    const current = this.surfaces.get(block)
    const ordered = this.orderedSurfaces()
    const index = current === undefined ? -1 : ordered.indexOf(current)
    const next = ordered[index + direction]
    if (index < 0 || next === undefined) return false
    next.focusAt(where)
    return true
  }

  /** Whether the caret at `offset` is on the first (or last) line of the block's text. */
  private onEdgeLine(surface: TextSurface, offset: number, edge: 'first' | 'last'): boolean {
    const caret = surface.caretRect(offset)
    const end = surface.caretRect(edge === 'first' ? 0 : surface.text.length)
    if (caret === null || end === null) return true
    return Math.abs(caret.top - end.top) < Math.max(4, caret.height / 2)
  }

  private onKey(
    block: string,
    event: KeyboardEvent,
    selection: Selection & { length: number },
  ): boolean {
    const type = this.tree.block(block)?.type
    const surface = this.surfaces.get(block)
    const collapsed = selection.start === selection.end
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey
    switch (event.key) {
      case 'Tab':
        if (type === 'list_item') {
          this.run(event.shiftKey ? planOutdent(this.tree, block) : planIndent(this.tree, block))
          this.placeCaret({ block, offset: selection.start })
          return true
        }
        if (type === 'cell') return this.step(block, event.shiftKey ? -1 : 1, 'end')
        if (type === 'code' && !event.shiftKey && surface !== undefined) {
          surface.insert('  ')
          return true
        }
        return false
      case 'ArrowUp':
      case 'ArrowDown':
        if (event.altKey && !event.ctrlKey && !event.metaKey) {
          this.moveBlock(block, event.key === 'ArrowUp' ? 'up' : 'down')
          return true
        }
        if (!plain || event.shiftKey || surface === undefined || !collapsed) return false
        if (event.key === 'ArrowUp' && this.onEdgeLine(surface, selection.start, 'first'))
          return this.step(block, -1, 'end')
        if (event.key === 'ArrowDown' && this.onEdgeLine(surface, selection.start, 'last'))
          return this.step(block, 1, 0)
        return false
      case 'ArrowLeft':
        if (plain && !event.shiftKey && collapsed && selection.start === 0)
          return this.step(block, -1, 'end')
        return false
      case 'ArrowRight':
        if (plain && !event.shiftKey && collapsed && selection.start === selection.length)
          return this.step(block, 1, 0)
        return false
      case 'Escape':
        surface?.element.blur()
        return true
      default:
        return false
    }
  }
}
