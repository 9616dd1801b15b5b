/**
 * `createServer(options)`: a Fastify instance with MarkdownSync registered, not listening yet
 * (Fastify's buildServer habit: tests use `inject`, the CLI calls `listen`).
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { installNotFoundHandler } from './http/errors.js'
import { resolveOptions } from './options.js'
import { type MarkdownSyncPluginOptions, markdownsyncPlugin } from './plugin.js'

export const createServer = async (
  input: MarkdownSyncPluginOptions = {},
): Promise<FastifyInstance> => {
  const options = resolveOptions(input)
  const app = Fastify({
    logger: typeof options.logger === 'string' ? { level: options.logger } : options.logger,
    bodyLimit: options.limits.maxImportBytes + 64 * 1024,
    forceCloseConnections: true,
  })
  installNotFoundHandler(app)
  await app.register(markdownsyncPlugin, input)
  await app.ready()
  return app
}
