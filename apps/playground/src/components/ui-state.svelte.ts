/**
 * Page-wide UI state shared by every block: which block menu is open, and which block is being
 * dragged (a drop target cannot read the drag's data before the drop).
 */

export const ui = $state<{ menu: string | null; dragging: string | null }>({
  menu: null,
  dragging: null,
})
