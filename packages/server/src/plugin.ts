/**
 * The MarkdownSync plugin: storage, auth, rooms, the document HTTP API and the sync WebSocket
 * endpoint, for an app that already has a Fastify instance. Resources close in `onClose`.
 */
import websocket from '@fastify/websocket'
import { PROTOCOL_LIMITS } from '@markdownsync/core'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import { DEV_USER_ID_PATTERN, devUser } from './auth/dev.js'
import { createTokenAuthority, type TokenAuthority } from './auth/tokens.js'
import { DocumentService } from './documents.js'
import { registerDocumentRoutes } from './http/document-routes.js'
import { ERROR_SCHEMA, HttpErrors, installErrorHandler } from './http/errors.js'
import { createRequestAuth } from './http/request-auth.js'
import { createServerMetrics } from './metrics.js'
import { resolveOptions, type ServerOptions, type ServerOptionsInput } from './options.js'
import { RoomRegistry } from './rooms/registry.js'
import { createAdmission } from './sessions/admission.js'
import { acceptSession } from './sessions/session.js'
import { openStorage } from './storage/index.js'
import type { Storage } from './storage/storage.js'

/** A fixed secret for dev mode, so dev tokens survive a restart. Never for production. */
const DEV_SECRET = 'markdownsync-dev-mode-secret-not-for-production'

export interface MarkdownSyncPluginOptions extends ServerOptionsInput {
  /** A storage to use instead of opening one from `databaseUrl` / `dataDir` (tests, embedding). */
  readonly storage?: Storage
}

declare module 'fastify' {
  interface FastifyInstance {
    markdownsync: {
      readonly options: ServerOptions
      readonly storage: Storage
      readonly rooms: RoomRegistry
      readonly documents: DocumentService
      readonly auth: TokenAuthority
    }
  }
}

const plugin = async (app: FastifyInstance, input: MarkdownSyncPluginOptions): Promise<void> => {
  const options = resolveOptions(input)
  if (!options.dev && options.authSecret === undefined)
    throw new Error('AUTH_SECRET is required outside dev mode')
  // before storage opens: a bad secret must not leave a PGlite data folder locked
  const auth = createTokenAuthority({ secret: options.authSecret ?? DEV_SECRET })
  const storage =
    input.storage ??
    (await openStorage({
      ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
      dataDir: options.dataDir,
    }))
  await storage.migrate()
  const metrics = createServerMetrics()
  const rooms = new RoomRegistry(
    storage,
    options,
    {
      opIn: (result) => metrics.opsIn.inc({ result }),
      committed: (size, latencyMs) => {
        metrics.commitLatency.observe(latencyMs / 1000)
        metrics.ackBatchSize.observe(size)
      },
      flushed: (frames, messages, bytes) => {
        metrics.framesOut.inc(frames)
        metrics.messagesOut.inc(messages)
        metrics.bytesOut.inc(bytes)
      },
      lagging: (delta) => metrics.laggingSessions.inc(delta),
      ephemeralDropped: (count) => metrics.ephemeralDropped.inc(count),
      partitions: (delta) => metrics.partitions.inc(delta),
    },
    (open) => metrics.documentsOpen.set(open),
  )
  const documents = new DocumentService(storage, rooms)
  app.decorate('markdownsync', { options, storage, rooms, documents, auth })

  // Sessions are closed with "going away" before the WebSocket layer drops the sockets.
  app.addHook('preClose', async () => {
    await rooms.closeAll()
  })
  app.addHook('onClose', async () => {
    metrics.close()
    if (input.storage === undefined) await storage.close()
  })

  // Routes live in a child context, so the error handler and the WebSocket plugin stay ours and
  // never replace what a host app has set up for its own routes.
  await app.register(async (scope) => {
    installErrorHandler(scope)
    if (!scope.hasDecorator('websocketServer'))
      await scope.register(websocket, { options: { maxPayload: PROTOCOL_LIMITS.maxFrameBytes } })

    scope.get(
      '/healthz',
      { schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
      async () => ({ ok: true }),
    )
    scope.get(
      '/metrics',
      { schema: { summary: 'Prometheus metrics', response: { 200: Type.String() } } },
      async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()),
    )
    registerDocumentRoutes(scope, {
      documents,
      auth: createRequestAuth(auth, options.dev),
      sessionsOf: (id) => rooms.get(id)?.members.size ?? 0,
    })

    // No body schema: the body is optional (`{ "name": "Ada", "userId": "dev-…" }`), which
    // JSON Schema on a missing body cannot say; the fields are checked here.
    scope.post(
      '/v1/dev/token',
      {
        schema: {
          summary: 'Dev mode only: a token with full access to every document',
          response: {
            200: Type.Object({ token: Type.String(), userId: Type.String() }),
            400: ERROR_SCHEMA,
            404: ERROR_SCHEMA,
          },
        },
      },
      async (request) => {
        if (!options.dev) throw new HttpErrors.DevOnly()
        const body = request.body as { name?: unknown; userId?: unknown } | undefined | null
        const name = body?.name
        if (
          name !== undefined &&
          (typeof name !== 'string' || name.length === 0 || name.length > 64)
        )
          throw new HttpErrors.BadName()
        const userId = body?.userId
        if (
          userId !== undefined &&
          (typeof userId !== 'string' || !DEV_USER_ID_PATTERN.test(userId))
        )
          throw new HttpErrors.BadDevUser()
        const user = devUser(name, userId)
        return { token: await auth.issue(user), userId: user.userId }
      },
    )

    const admit = createAdmission({ auth, documents, dev: options.dev })
    scope.get('/v1/sync', { websocket: true }, (socket) => {
      acceptSession(socket, {
        options,
        admit,
        onProtocolError: (code) => metrics.protocolErrors.inc({ code }),
        onSessionCount: (delta) => metrics.sessions.inc(delta),
      })
    })
  })
}

export const markdownsyncPlugin = fp(plugin, { name: '@markdownsync/server', fastify: '5.x' })
