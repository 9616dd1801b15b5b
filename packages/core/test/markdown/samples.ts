/** Hand-written Markdown covering every construct the importer maps, one sample per construct. */
export const SAMPLES: Record<string, string> = {
  headings: '# One\n\n## Two *em*\n\n###### Six\n\nSetext\n======\n',
  paragraphs: 'First line\nsoft-broken.\n\nHard  \nbreak and a backslash\\\nbreak.\n',
  inline:
    'Some **bold**, *italic*, ***both***, `code`, ~~struck~~, [a link](https://example.com "T") and <https://auto.link>.\n',
  emptyLinks: 'Empty [](/a) and [](</b> "t") links, and an empty [][ref] reference.\n\n[ref]: /r\n',
  nestedInline: '*a **b** c* and **[bold link](/x)** and [**link bold**](/y).\n',
  inlineImages:
    'Text with ![alt](/i.png "title") and ![](/empty-alt.png)![](/empty-alt.png) twice.\n',
  inlineHtml: 'An <kbd>Esc</kbd> key and <br> break.\n',
  references:
    'A [full][ref], a [collapsed][], a [shortcut] and ![img][ref].\n\n[ref]: https://example.com "Title"\n[collapsed]: /c\n[shortcut]: /s\n',
  bulletList: '- one\n- two\n  - nested\n    - deeper\n- three\n',
  orderedList: '3. three\n4. four\n\n<!-- -->\n\n1) paren\n2) style\n',
  looseList: '- one\n\n- two\n\n  second paragraph of two\n',
  taskList: '- [ ] todo\n- [x] done\n  - [ ] nested todo\n',
  itemWithoutParagraph: '- ```js\n  code first\n  ```\n- # heading item\n-\n',
  code: '```ts title="a.ts"\nconst a: number = 1\n```\n\n    indented code\n\n```\n```\n',
  quotes: '> quoted\n> > nested *quote*\n>\n> - list in quote\n',
  table:
    '| Left | Center | Right | None |\n| :--- | :----: | ----: | ---- |\n| *a* | `b` | c \\| pipe | |\n',
  images: '![A block image](https://example.com/a.png "Title")\n\n![](/no-alt.png)\n',
  thematicBreaks: 'Above\n\n***\n\nBelow\n\n---\n\nEnd\n',
  html: '<div align="center">\n  <b>html block</b>\n</div>\n\n<!-- a comment -->\n',
  footnotes:
    'Text with a note[^1] and another[^note].\n\n[^1]: The note.\n\n[^note]: A longer note.\n\n    With a second paragraph.\n',
  escapes: 'Not \\*emphasis\\*, not \\# heading, 1\\. not a list, a \\<tag> & an &amp; entity.\n',
  unicode: 'Ünïcödé, 中文, emoji 🎉, and a zero-width joiner 👩‍💻.\n',
  frontMatter: '---\ntitle: Hello\ntags: [a, b]\n---\n\n# Body\n',
}
