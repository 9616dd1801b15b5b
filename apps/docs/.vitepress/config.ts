import { existsSync, readFileSync } from 'node:fs'
import { type DefaultTheme, defineConfig } from 'vitepress'

// The API reference is generated from the packages' sources by TypeDoc (`pnpm api`, run by
// `dev` and `build`), so it cannot drift from the code. Without it (a bare `vitepress dev`)
// the section is left out.
const apiSidebarFile = new URL('../api/typedoc-sidebar.json', import.meta.url)
const apiSidebar: DefaultTheme.SidebarItem[] = existsSync(apiSidebarFile)
  ? JSON.parse(readFileSync(apiSidebarFile, 'utf8'))
  : []

// The spec pages are written by the issues that build what they specify, so one may not exist
// yet. A missing page is left out of the sidebar rather than linked to a 404, and links to it
// from other pages are tolerated only while it is missing.
const specPages = [
  { text: 'Conflict rules', page: 'rules' },
  { text: 'Wire protocol', page: 'protocol' },
]
const specExists = (page: string) => existsSync(new URL(`../spec/${page}.md`, import.meta.url))
const presentSpecs = specPages.filter((spec) => specExists(spec.page))
const missingSpecs = specPages.filter((spec) => !specExists(spec.page))
const specLinks = presentSpecs.map((spec) => ({ text: spec.text, link: `/spec/${spec.page}` }))
const linksToMissingSpec = (url: string) =>
  missingSpecs.some((spec) => new RegExp(`(^|/)${spec.page}$`).test(url))

export default defineConfig({
  title: 'MarkdownSync',
  description:
    'Realtime collaboration on structured Markdown documents, for 1000 editors per document.',
  cleanUrls: true,
  lastUpdated: false,
  ignoreDeadLinks: missingSpecs.length > 0 ? [linksToMissingSpec] : false,
  themeConfig: {
    nav: [
      { text: 'Home', link: '/' },
      { text: 'Quickstart', link: '/quickstart' },
      { text: 'Concepts', link: '/concepts' },
      { text: 'Server', link: '/server' },
      { text: 'Spec', items: specLinks },
      { text: 'Benchmarks', link: '/benchmarks' },
      { text: 'Status', link: '/status' },
    ],
    sidebar: [
      {
        text: 'Introduction',
        items: [
          { text: 'What is MarkdownSync', link: '/' },
          { text: 'Quickstart', link: '/quickstart' },
          { text: 'Concepts', link: '/concepts' },
          { text: 'Compared with Liveblocks, Hocuspocus, tldraw sync', link: '/comparison' },
          { text: 'The core library', link: '/core' },
          { text: 'Markdown import and export', link: '/markdown' },
        ],
      },
      {
        text: 'Server',
        items: [{ text: 'Running the server', link: '/server' }],
      },
      {
        text: 'Client',
        items: [
          { text: 'The client SDK', link: '/sdk' },
          { text: 'Svelte bindings', link: '/svelte' },
        ],
      },
      {
        text: 'Guides',
        items: [
          { text: 'Auth and permissions', link: '/guides/auth' },
          { text: 'Deploying', link: '/guides/deploying' },
          { text: 'Limits and errors', link: '/guides/limits' },
        ],
      },
      {
        text: 'Spec',
        items: specLinks,
      },
      ...(apiSidebar.length > 0
        ? [{ text: 'API reference', collapsed: true, items: apiSidebar }]
        : []),
      {
        text: 'Project',
        items: [
          { text: 'Benchmarks', link: '/benchmarks' },
          { text: 'Load benchmark', link: '/benchmarks-load' },
          { text: 'Status and roadmap', link: '/status' },
        ],
      },
    ],
    search: { provider: 'local' },
  },
})
