import { describe, expect, test } from 'vitest'
import { importMarkdown, parseMarkdown } from '../../src/index.js'

describe('Markdown import errors are typed values', () => {
  test('bytes that are not UTF-8 are refused with invalid_utf8', () => {
    const result = importMarkdown(new Uint8Array([0x23, 0x20, 0xff, 0xfe, 0x41]))
    expect(result.ok ? null : result.error.code).toBe('invalid_utf8')
  })

  test('valid UTF-8 bytes import like the string', () => {
    const result = parseMarkdown(new TextEncoder().encode('# Ünïcödé'))
    expect(result.ok && result.value.blocks[0]?.text).toEqual([{ insert: 'Ünïcödé' }])
  })

  test('input at the size limit passes and one byte more fails with too_large', () => {
    const limits = { maxBytes: 10 }
    expect(parseMarkdown('a'.repeat(10), { limits }).ok).toBe(true)
    const over = parseMarkdown('a'.repeat(11), { limits })
    expect(over.ok ? null : over.error.code).toBe('too_large')
    const bytes = parseMarkdown(new Uint8Array(11).fill(0x61), { limits })
    expect(bytes.ok ? null : bytes.error.code).toBe('too_large')
  })

  test('the size limit counts UTF-8 bytes, not characters', () => {
    const result = parseMarkdown('é'.repeat(6), { limits: { maxBytes: 10 } })
    expect(result.ok ? null : result.error.code).toBe('too_large')
  })

  test('nesting deeper than the limit fails with too_deep', () => {
    const deep = `${'> '.repeat(100)}x`
    const result = importMarkdown(deep)
    expect(result.ok ? null : result.error.code).toBe('too_deep')
    expect(parseMarkdown(`${'> '.repeat(10)}x`, { limits: { maxDepth: 12 } }).ok).toBe(true)
  })

  test('deeply nested lists fail with too_deep rather than overflowing the stack', () => {
    const deep = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')
    const result = parseMarkdown(deep)
    expect(result.ok ? null : result.error.code).toBe('too_deep')
  })

  test('pathological nesting (100 KB of `>`) is refused with too_deep before parsing', () => {
    const result = parseMarkdown('>'.repeat(100_000))
    expect(result.ok ? null : result.error.code).toBe('too_deep')
  })
})
