/**
 * The document HTTP API (`/v1/documents…`). Route schemas and TypeScript types come from one
 * TypeBox source; every error has the shape of http/errors.ts.
 */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Permission } from '@markdownsync/core'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { DocumentService } from '../documents.js'
import type { DocumentRecord } from '../storage/storage.js'
import { ERROR_SCHEMA, HttpErrors } from './errors.js'
import type { RequestAuth } from './request-auth.js'

const DocumentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) })

const DocumentBody = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  kind: Type.Optional(Type.Union([Type.Literal('doc'), Type.Literal('slides')])),
  markdown: Type.Optional(Type.String()),
})

const DocumentReply = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  seq: Type.Integer(),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  sessions: Type.Integer(),
})

const HistoryQuery = Type.Object({
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
})

const HistoryReply = Type.Object({
  entries: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      opId: Type.String(),
      kind: Type.String(),
      userId: Type.String(),
      createdAt: Type.String(),
    }),
  ),
})

const errors = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA }

const newDocumentId = (): string =>
  `doc-${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 6).toString(36)}`

export const registerDocumentRoutes = (
  parent: FastifyInstance,
  deps: { documents: DocumentService; auth: RequestAuth; sessionsOf: (id: string) => number },
): void => {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>()
  const { documents, auth } = deps

  const describe = (record: DocumentRecord) => ({
    id: record.id,
    kind: record.kind,
    seq: record.seq,
    metadata: { ...record.metadata },
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    sessions: deps.sessionsOf(record.id),
  })

  const existing = async (request: FastifyRequest, id: string, permission: Permission) => {
    await auth.require(request, id, permission)
    const record = await documents.get(id)
    if (record === undefined) throw new HttpErrors.NotFound(id)
    return record
  }

  app.post(
    '/v1/documents',
    {
      schema: {
        summary: 'Create a document, empty or from Markdown',
        body: DocumentBody,
        response: { 201: DocumentReply, 409: ERROR_SCHEMA, 422: ERROR_SCHEMA, ...errors },
      },
    },
    async (request, reply) => {
      const id = request.body.id ?? newDocumentId()
      const user = await auth.require(request, id, 'write')
      const created = await documents.create({
        id,
        kind: request.body.kind ?? 'doc',
        ...(request.body.markdown === undefined ? {} : { markdown: request.body.markdown }),
        userId: user.id,
      })
      if (!created.ok) {
        switch (created.code) {
          case 'document_exists':
            throw new HttpErrors.Exists(id)
          case 'invalid_id':
            throw new HttpErrors.InvalidId()
          case 'invalid_markdown':
            throw new HttpErrors.InvalidMarkdown(created.error.code, created.error.message)
        }
      }
      return reply.status(201).send(describe(created.document))
    },
  )

  app.get(
    '/v1/documents/:id',
    {
      schema: {
        summary: "A document's metadata",
        params: DocumentParams,
        response: { 200: DocumentReply, ...errors },
      },
    },
    async (request) => describe(await existing(request, request.params.id, 'read')),
  )

  app.get(
    '/v1/documents/:id/markdown',
    {
      schema: {
        summary: 'Export as Markdown',
        params: DocumentParams,
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      await existing(request, request.params.id, 'read')
      const markdown = await documents.exportMarkdown(request.params.id)
      if (markdown === undefined) throw new HttpErrors.NotFound(request.params.id)
      return reply.type('text/markdown; charset=utf-8').send(markdown)
    },
  )

  app.get(
    '/v1/documents/:id/history',
    {
      schema: {
        summary: 'The op log, newest first',
        params: DocumentParams,
        querystring: HistoryQuery,
        response: { 200: HistoryReply, ...errors },
      },
    },
    async (request) => {
      await existing(request, request.params.id, 'read')
      const entries = await documents.history(request.params.id, {
        ...(request.query.before === undefined ? {} : { beforeSeq: request.query.before }),
        limit: request.query.limit ?? 100,
      })
      return { entries: entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })) }
    },
  )

  app.post(
    '/v1/documents/:id/snapshot',
    {
      schema: {
        summary: 'Write a snapshot now',
        params: DocumentParams,
        response: { 200: Type.Object({ seq: Type.Integer() }), ...errors },
      },
    },
    async (request) => {
      await existing(request, request.params.id, 'write')
      const seq = await documents.snapshot(request.params.id)
      if (seq === undefined) throw new HttpErrors.NotFound(request.params.id)
      return { seq }
    },
  )
}
