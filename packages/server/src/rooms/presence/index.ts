/** Presence and cursors of a room: the server, its contract with the room, the client's rules. */
export {
  applyCursorBatch,
  applyPresenceDiff,
  type CursorState,
  dropPartition,
  EMPTY_PARTITION_VIEW,
  type PartitionCursorView,
  type PresenceEntry,
  type PresenceState,
} from '@markdownsync/core'
export {
  PRESENCE_DEFAULTS,
  type PresenceOptions,
  type PresenceRecipient,
  type PresenceStats,
  type PresenceWorld,
} from './contract.js'
export { PresenceServer } from './presence-server.js'
