/**
 * One block's editable text: a contenteditable element whose DOM the browser never changes.
 * Every `beforeinput` is prevented and interpreted (text-input.ts); text edits are applied here
 * at once (so the caret moves with the keystroke) and handed to the host, which sends them;
 * the block re-renders from the store, and a remote change moves the caret with the text
 * around it. IME composition is the exception: the browser composes, and the result is read
 * back from the DOM when it ends.
 */
import type { TextDelta } from '@markdownsync/sdk'
import {
  caretBox,
  rangeOffsets,
  readSelection,
  renderRuns,
  textOf,
  writeSelection,
} from './dom-text.js'
import { LocalEcho } from './local-echo.js'
import {
  diffText,
  hasMark,
  MARKS,
  type Mark,
  mapCaret,
  plainText,
  type TextRun,
  typingAttributes,
} from './runs.js'
import { type InputContext, interpretInput, type TextIntent, toggleMark } from './text-input.js'

export type BlockKind = InputContext['blockKind']

/** What the surface asks of the editor around it. */
export interface SurfaceHost {
  /** Sends a text edit; false when the room refused it (the text is rendered back). */
  edit(delta: TextDelta): boolean
  /** A structural intent (split, merge, undo, redo). */
  intent(intent: TextIntent): void
  /** A key the surface does not handle itself; true when the host did something with it. */
  key(event: KeyboardEvent, selection: { start: number; end: number; length: number }): boolean
  /** The caret moved (focus end first), or left the text (null). */
  caret(selection: { anchor: number; focus: number } | null): void
  /** True when the input belongs elsewhere (the caret is on its way to another block). */
  divert(inputType: string, data: string | null): boolean
}

const SHORTCUT_MARKS: Readonly<Record<string, Mark>> = { b: 'bold', i: 'italic', e: 'code' }

export class TextSurface {
  private readonly echo = new LocalEcho()
  private rendered = false
  private composing = false
  private deferred: readonly TextRun[] | undefined
  private pendingMarks: Partial<Record<Mark, boolean>> = {}
  private readonly stops: Array<() => void> = []

  constructor(
    readonly element: HTMLElement,
    private readonly host: SurfaceHost,
    private kind: BlockKind,
  ) {
    element.contentEditable = 'true'
    element.spellcheck = kind !== 'code'
    const on = <K extends keyof HTMLElementEventMap>(
      type: K,
      listener: (event: HTMLElementEventMap[K]) => void,
    ) => {
      element.addEventListener(type, listener)
      this.stops.push(() => element.removeEventListener(type, listener))
    }
    on('beforeinput', (event) => this.onBeforeInput(event))
    on('keydown', (event) => this.onKeyDown(event))
    on('compositionstart', () => {
      this.composing = true
    })
    on('compositionend', () => this.onCompositionEnd())
    on('blur', () => {
      this.pendingMarks = {}
      this.host.caret(null)
    })
    on('focus', () => this.reportCaret())
    const onSelection = () => {
      if (element.ownerDocument.activeElement === element) this.reportCaret()
    }
    element.ownerDocument.addEventListener('selectionchange', onSelection)
    this.stops.push(() => element.ownerDocument.removeEventListener('selectionchange', onSelection))
  }

  destroy(): void {
    for (const stop of this.stops) stop()
  }

  setKind(kind: BlockKind): void {
    this.kind = kind
    this.element.spellcheck = kind !== 'code'
  }

  get text(): string {
    return plainText(this.echo.model)
  }

  get focused(): boolean {
    return this.element.ownerDocument.activeElement === this.element
  }

  /** The selection as ordered offsets, when it is in this block. */
  selection(): { start: number; end: number; anchor: number; focus: number } | undefined {
    const selection = readSelection(this.element)
    if (selection === undefined) return undefined
    const { anchor, focus } = selection
    return { anchor, focus, start: Math.min(anchor, focus), end: Math.max(anchor, focus) }
  }

  /** Shows `runs` (the store's text); a caret here moves with the change around it. */
  render(runs: readonly TextRun[]): void {
    if (this.composing) {
      this.deferred = runs
      return
    }
    const before = this.echo.model
    const next = this.echo.receive(runs, Date.now())
    if (next === before && this.rendered) return
    this.rendered = true
    const selection = this.focused ? this.selection() : undefined
    renderRuns(this.element, next)
    if (selection === undefined) return
    const [from, to] = [plainText(before), plainText(next)]
    writeSelection(
      this.element,
      mapCaret(from, to, selection.anchor),
      mapCaret(from, to, selection.focus),
    )
  }

  /**
   * A split or merge of this block was sent after its pending text edits: the store's next
   * text shows all of them, whatever its shape, so it is taken as it comes.
   */
  settle(): void {
    this.echo.settle()
  }

  /** Puts the caret at `offset` (clamped) and focuses the text. */
  focusAt(offset: number | 'end', focusEnd?: number): void {
    const length = this.text.length
    const at = offset === 'end' ? length : Math.min(offset, length)
    this.element.focus({ preventScroll: true })
    writeSelection(this.element, at, focusEnd === undefined ? at : Math.min(focusEnd, length))
    this.scrollIntoView()
  }

  /** Where a caret at `index` is drawn (for others' carets on the canvas). */
  caretRect(index: number) {
    return caretBox(this.element, Math.min(index, this.text.length))
  }

  private scrollIntoView(): void {
    const box = this.element.getBoundingClientRect()
    if (box.top < 0 || box.bottom > window.innerHeight)
      this.element.scrollIntoView({ block: 'nearest' })
  }

  private reportCaret(): void {
    const selection = readSelection(this.element)
    this.host.caret(selection ?? null)
  }

  /** Applies a text edit here at once and sends it. */
  private edit(delta: TextDelta, caret: number): void {
    if (delta.length === 0) return
    const next = this.echo.local(delta, Date.now())
    if (!this.host.edit(delta)) {
      renderRuns(this.element, this.echo.undoLast())
      return
    }
    renderRuns(this.element, next)
    writeSelection(this.element, caret)
    this.scrollIntoView()
  }

  private onBeforeInput(event: InputEvent): void {
    if (event.inputType === 'insertCompositionText') return // the browser composes; see compositionend
    event.preventDefault()
    if (this.host.divert(event.inputType, event.data)) return
    const selection = this.selection() ?? { start: this.text.length, end: this.text.length }
    const target = event.getTargetRanges()[0]
    const intent = interpretInput({
      inputType: event.inputType,
      data: event.data ?? event.dataTransfer?.getData('text/plain') ?? null,
      runs: this.echo.model,
      selection,
      target: target === undefined ? undefined : rangeOffsets(this.element, target),
      blockKind: this.kind,
      pendingMarks: this.pendingMarks,
    })
    this.apply(intent)
  }

  private apply(intent: TextIntent): void {
    if (intent.kind === 'none') return
    if (intent.kind === 'edit') {
      this.pendingMarks = {}
      this.edit(intent.delta, intent.caret)
    } else this.host.intent(intent)
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.isComposing) return
    const selection = this.selection() ?? { start: 0, end: 0 }
    const mod = event.ctrlKey || event.metaKey
    const key = event.key.toLowerCase()
    const mark = mod && !event.altKey && !event.shiftKey ? SHORTCUT_MARKS[key] : undefined
    if (mark !== undefined) {
      event.preventDefault()
      this.toggle(mark)
      return
    }
    if (mod && key === 's' && event.shiftKey) {
      event.preventDefault()
      this.toggle('strike')
      return
    }
    if (mod && !event.altKey && (key === 'z' || key === 'y')) {
      event.preventDefault()
      const redo = key === 'y' || event.shiftKey
      this.host.intent({ kind: redo ? 'redo' : 'undo' })
      return
    }
    if (this.host.key(event, { ...selection, length: this.text.length })) event.preventDefault()
  }

  /** The marks the selection has (or the next typed character would get). */
  activeMarks(): Set<Mark> {
    const selection = this.selection()
    const active = new Set<Mark>()
    if (selection === undefined) return active
    for (const mark of MARKS) {
      const pending = selection.start === selection.end ? this.pendingMarks[mark] : undefined
      if (pending ?? hasMark(this.echo.model, selection.start, selection.end, mark))
        active.add(mark)
    }
    return active
  }

  /** Types `text` at the selection, as if typed. */
  insert(text: string): void {
    const selection = this.selection()
    if (selection === undefined) return
    const context = {
      runs: this.echo.model,
      selection,
      blockKind: this.kind,
      pendingMarks: this.pendingMarks,
    }
    this.apply(interpretInput({ ...context, inputType: 'insertText', data: text }))
  }

  /** Toggles a mark on the selection, or for the next characters typed when it is empty. */
  toggle(mark: Mark): void {
    const selection = this.selection()
    if (selection === undefined) return
    if (selection.start === selection.end) {
      const current =
        this.pendingMarks[mark] ?? typingAttributes(this.echo.model, selection.start)[mark] === true
      this.pendingMarks = { ...this.pendingMarks, [mark]: !current }
      return
    }
    const intent = toggleMark(this.echo.model, selection, mark)
    if (intent.kind === 'edit') {
      this.edit(intent.delta, selection.end)
      writeSelection(this.element, selection.anchor, selection.focus)
    }
  }

  /** Reads what the IME composed back from the DOM, and sends it as an edit. */
  private onCompositionEnd(): void {
    this.composing = false
    const composed = textOf(this.element)
    const change = diffText(this.text, composed)
    const caret = this.selection()?.focus ?? composed.length
    const first = change[0]
    const attributes = typingAttributes(
      this.echo.model,
      first !== undefined && 'retain' in first ? first.retain : 0,
    )
    const delta = change.map((op) => ('insert' in op ? { insert: op.insert, attributes } : op))
    this.edit(delta, caret)
    const deferred = this.deferred
    this.deferred = undefined
    if (deferred !== undefined) this.render(deferred)
  }
}
