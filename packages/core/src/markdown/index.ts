export {
  DEFAULT_MARKDOWN_LIMITS,
  MARKDOWN_ERROR_CODES,
  type MarkdownError,
  type MarkdownErrorCode,
  type MarkdownLimits,
  type MarkdownResult,
} from './errors.js'
export { type ExportOptions, exportMarkdown, type MarkdownSource } from './export.js'
export {
  applyBlockPlan,
  type ImportedDocument,
  type ImportOptions,
  importMarkdown,
} from './import.js'
export { INLINE_OBJECT, phrasingToRuns, runsToPhrasing } from './inline.js'
export { type ParseOptions, parseMarkdown } from './parse.js'
export type { BlockPlan, DocumentKind, FrontMatter, MarkdownPlan } from './plan.js'
export { type HeadingSection, headingSections, type SectionOptions } from './sections.js'
