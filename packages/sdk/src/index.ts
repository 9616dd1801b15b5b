/**
 * @markdownsync/sdk — the client of MarkdownSync for the browser and Node: `createClient`,
 * rooms with nanostores for everything reactive (blocks, child lists, presence, status),
 * optimistic edits with rollback, undo/redo, viewport subscriptions, and an outbox that
 * survives reconnects (and, with IndexedDB, reloads).
 */

export type {
  AuthEndpoint,
  DevTokenOptions,
  FetchLike,
  KeyValueStorage,
  TokenRequest,
  TokenSource,
} from './auth/token-source.js'
export { type Client, type ClientOptions, createClient } from './client.js'
export type { BackoffOptions } from './connection/backoff.js'
export type { WebSocketConstructor } from './connection/connection.js'
export {
  type BlockRect,
  type CaretPlace,
  type CaretRect,
  type CursorCanvas,
  type CursorCanvasOptions,
  type CursorCanvasStats,
  type CursorSource,
  createCursorCanvas,
  type MountedCursorCanvas,
  type ReadableValue,
  type RectLike,
} from './cursors/index.js'
export type {
  BlockView,
  DocumentEngine,
  EncodedCursor,
  EngineAnswers,
  EngineCommand,
  EngineEvent,
  EngineFactory,
  EngineIdentity,
  EngineOptions,
  EngineQuery,
  LocalEdit,
  TextAttributes,
  TextDelta,
  TextDeltaOp,
} from './engine/engine.js'
export type { EngineChoice } from './engine/engine-choice.js'
export type { HistoryOptions } from './engine/history.js'
export { createEngineWorker, createWorkerEngine, workerEngine } from './engine/worker-engine.js'
export { ROOM_ERROR_CODES, type RoomError, type RoomErrorCode } from './errors.js'
export {
  createIndexedDbOutboxStore,
  type IndexedDbOutboxOptions,
} from './outbox/indexeddb-store.js'
export { createMemoryOutboxStore } from './outbox/memory-store.js'
export type { OutboxRecord, OutboxStore } from './outbox/store.js'
export {
  type EnterRoomOptions,
  type InsertBlockInput,
  Room,
  type RoomEvents,
  type RoomHistory,
} from './room/room.js'
export type {
  CursorPosition,
  Other,
  OtherCursor,
  Outline,
  PresenceData,
  PresenceUpdate,
  RejectionEvent,
  RoomEvent,
  RoomStatus,
  Self,
} from './room/types.js'
export { SDK_VERSION } from './version.js'
export type { ObserveViewportOptions } from './viewport/viewport.js'
