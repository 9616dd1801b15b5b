/**
 * Markdown import errors are values with codes (STYLE: errors at boundaries), never thrown
 * past `importMarkdown`: a bad upload is an expected input, not a bug.
 */

export const MARKDOWN_ERROR_CODES = ['invalid_utf8', 'too_large', 'too_deep'] as const
export type MarkdownErrorCode = (typeof MARKDOWN_ERROR_CODES)[number]

export interface MarkdownError {
  readonly code: MarkdownErrorCode
  readonly message: string
}

export type MarkdownResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: MarkdownError }

export interface MarkdownLimits {
  /** Largest input accepted, in UTF-8 bytes. */
  readonly maxBytes: number
  /** Deepest nesting of Markdown nodes (blocks and inline formatting together) accepted. */
  readonly maxDepth: number
}

/**
 * 4 MiB holds a book-length document; 64 levels is far beyond any real list or quote nesting
 * (the READMEs corpus stays under 15) yet keeps the recursive exporter far from the stack limit.
 */
export const DEFAULT_MARKDOWN_LIMITS: MarkdownLimits = { maxBytes: 4 * 1024 * 1024, maxDepth: 64 }

export const markdownError = (code: MarkdownErrorCode, message: string): MarkdownError => ({
  code,
  message,
})
