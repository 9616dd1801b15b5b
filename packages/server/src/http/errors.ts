/**
 * Every HTTP error has one JSON shape, `{ error: { code, message } }`, and a stable code
 * (Fastify's way: errors made with @fastify/error, mapped once in the error handler).
 */
import createError from '@fastify/error'
import type { FastifyError, FastifyInstance } from 'fastify'

export const HttpErrors = {
  NotFound: createError<[string]>('not_found', 'document %s does not exist', 404),
  Exists: createError<[string]>('document_exists', 'document %s exists already', 409),
  InvalidId: createError(
    'invalid_id',
    'document ids are 1–128 characters of A–Z a–z 0–9 . _ : - and start with a letter or digit',
    400,
  ),
  InvalidMarkdown: createError<[string, string]>('invalid_markdown', '%s: %s', 422),
  Unauthorized: createError<[string]>('unauthorized', '%s', 401),
  Forbidden: createError<[string]>('forbidden', '%s', 403),
  BadName: createError('invalid_request', 'name must be a string of 1–64 characters', 400),
  BadDevUser: createError(
    'invalid_request',
    'userId must be a dev user id this server handed out (dev-<12 hex digits>)',
    400,
  ),
  DevOnly: createError('dev_only', 'this route exists only in dev mode', 404),
} as const

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string }
}

export const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const

export const installErrorHandler = (app: FastifyInstance): void => {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500
    const code =
      error.validation !== undefined
        ? 'invalid_request'
        : status === 413
          ? 'payload_too_large'
          : status >= 500
            ? 'internal'
            : (error.code ?? 'bad_request').toLowerCase().replace(/^fst_err_/, '')
    const message = status >= 500 ? 'internal server error' : error.message
    if (status >= 500) app.log.error(error)
    const body: ErrorBody = { error: { code, message } }
    void reply.status(status).send(body)
  })
}

/** A JSON 404 for unknown routes: set by `createServer` on its own app, never on a host's. */
export const installNotFoundHandler = (app: FastifyInstance): void => {
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: 'route_not_found', message: `no route ${request.method} ${request.url}` },
    }
    void reply.status(404).send(body)
  })
}
