// `node --import ./yjs-build-register.mjs`: installs yjs-build-hook.mjs (see there why).
import { register } from 'node:module'

register('./yjs-build-hook.mjs', import.meta.url)
