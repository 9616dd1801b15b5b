/** Notices shown in the corner: rejected changes, errors, confirmations. */

export type ToastKind = 'info' | 'warning' | 'error'

export interface Toast {
  readonly id: number
  readonly kind: ToastKind
  readonly title: string
  readonly detail?: string
}

const LIFETIME_MS = 7000
const MAX_TOASTS = 4

let next = 1
export const toasts = $state<Toast[]>([])

export const dismissToast = (id: number): void => {
  const at = toasts.findIndex((toast) => toast.id === id)
  if (at >= 0) toasts.splice(at, 1)
}

export const showToast = (kind: ToastKind, title: string, detail?: string): void => {
  const id = next++
  toasts.push({ id, kind, title, ...(detail === undefined ? {} : { detail }) })
  if (toasts.length > MAX_TOASTS) toasts.splice(0, toasts.length - MAX_TOASTS)
  setTimeout(() => dismissToast(id), kind === 'error' ? LIFETIME_MS * 2 : LIFETIME_MS)
}
