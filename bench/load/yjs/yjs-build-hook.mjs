/**
 * A module resolve hook for the Yjs reference server. The installed @y/websocket-server 0.1.5
 * imports `yjs` (resolved to yjs 14.0.0-16) while its @y/protocols imports `@y/y`
 * (14.0.0-rc.7): two Yjs builds in one process, so every update it receives fails inside Yjs
 * ("store.getClock is not a function") and nothing syncs. This hook makes the server's `yjs`
 * the same @y/y build its protocols use. The server's code is not changed.
 */
let protocolsUrl

export async function resolve(specifier, context, next) {
  const parent = context.parentURL ?? ''
  if (specifier === 'yjs' && parent.includes('/@y/websocket-server/')) {
    protocolsUrl ??= (await next('@y/protocols/sync', context)).url
    return next('@y/y', { ...context, parentURL: protocolsUrl })
  }
  return next(specifier, context)
}
