// `node --import` this to let plain Node load .svelte components and .svelte.js rune modules
// (compiled for the server, as SSR would), so the package test can import the build through
// its exports map the way a bundler would.
import { register } from 'node:module'

register('./svelte-hooks.mjs', import.meta.url)
