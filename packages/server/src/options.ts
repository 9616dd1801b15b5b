/**
 * Everything a server deployment can set, with the defaults a zero-configuration start uses.
 * `resolveOptions` fills in defaults; `optionsFromEnv` reads the environment (the CLI merges
 * it under its flags; `createServer` takes options only, so an embedding app decides).
 */
import { join } from 'node:path'

export interface ServerLimits {
  /** Sessions on one document; the next one is refused with "room full". */
  readonly maxSessionsPerDocument: number
  /** Bytes of Markdown accepted by the import route. */
  readonly maxImportBytes: number
  /** Bytes a session may have queued for it (durable) before it is marked lagging. */
  readonly maxQueuedBytes: number
  /** Bytes waiting in a socket's send buffer above which nothing more is written this tick. */
  readonly backpressureBytes: number
  /** How long a session may stay lagging (its socket not draining) before it is closed. */
  readonly maxLaggingMs: number
  /** Bytes waiting in a socket's send buffer above which ephemeral messages are dropped. */
  readonly ephemeralHighWaterBytes: number
  /** Bytes waiting in a socket's send buffer at which a client that does not read is closed. */
  readonly maxSocketBufferBytes: number
  /** HLC-3: how far (ms) an op's stamp may be ahead of the server clock. */
  readonly maxClockDriftMs: number
  /** Rate-limit violations in a row after which a session is closed. */
  readonly maxRateViolations: number
}

export interface ServerOptions {
  readonly port: number
  readonly host: string
  /** Where PGlite keeps its files when no `databaseUrl` is set. */
  readonly dataDir: string
  /** `postgres://…` switches storage to PostgreSQL. */
  readonly databaseUrl?: string
  /** HS256 secret for access tokens. Required unless `dev`. */
  readonly authSecret?: string
  /**
   * Dev mode: sessions without a token get a full-access dev user, and `POST /v1/dev/token`
   * issues tokens. Never for production.
   */
  readonly dev: boolean
  /** Minimum ms between two frames to one session (outbound batching). */
  readonly flushIntervalMs: number
  /**
   * A document snapshot is written after this many ops, but no sooner than
   * `snapshotMinIntervalMs` after the previous one (and every `snapshotIntervalMs` when ops came
   * in). The count bounds the replay when a room reopens; the interval bounds the cost under
   * heavy traffic.
   */
  readonly snapshotEveryOps: number
  readonly snapshotMinIntervalMs: number
  readonly snapshotIntervalMs: number
  /** How often clients should ping (ms); a session silent for three times this is closed. */
  readonly heartbeatMs: number
  readonly limits: ServerLimits
  /**
   * Benchmark only, never for production: the broadcast-everything baseline of the load
   * benchmark. Every op and cursor move goes to every session at once, one frame each, with no
   * viewport filtering and no batching (`rooms/naive-fanout.ts`). Sessions then hold content
   * ops for blocks they never caught up, which the SDK does not expect.
   */
  readonly naiveFanout: boolean
  /** Fastify's logger: false, true or a pino level. */
  readonly logger: boolean | string
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxSessionsPerDocument: 2_000,
  maxImportBytes: 4 * 1024 * 1024,
  maxQueuedBytes: 8 * 1024 * 1024,
  backpressureBytes: 1024 * 1024,
  maxLaggingMs: 30_000,
  ephemeralHighWaterBytes: 256 * 1024,
  maxSocketBufferBytes: 16 * 1024 * 1024,
  maxClockDriftMs: 60_000,
  maxRateViolations: 50,
}

export type ServerOptionsInput = Partial<Omit<ServerOptions, 'limits'>> & {
  readonly limits?: Partial<ServerLimits>
}

/** A port number from text (env or flag), or an error that names the setting. */
export const parsePort = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`${name} must be a port number (0–65535), got ${value}`)
  return n
}

const flag = (value: string | undefined, name: string): boolean | undefined => {
  if (value === undefined || value === '') return undefined
  if (/^(1|true|yes|on)$/i.test(value)) return true
  if (/^(0|false|no|off)$/i.test(value)) return false
  throw new Error(`${name} must be true or false, got ${value}`)
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>

/**
 * Options from the environment (`PORT`, `HOST`, `DATA_DIR`, `DATABASE_URL`, `AUTH_SECRET`,
 * `MARKDOWNSYNC_DEV`, and the benchmark-only `MARKDOWNSYNC_NAIVE_FANOUT`).
 */
export const optionsFromEnv = (env: NodeJS.ProcessEnv = process.env): ServerOptionsInput =>
  defined({
    port: parsePort(env.PORT, 'PORT'),
    host: env.HOST,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    authSecret: env.AUTH_SECRET,
    dev: flag(env.MARKDOWNSYNC_DEV, 'MARKDOWNSYNC_DEV'),
    naiveFanout: flag(env.MARKDOWNSYNC_NAIVE_FANOUT, 'MARKDOWNSYNC_NAIVE_FANOUT'),
  })

export const resolveOptions = (input: ServerOptionsInput = {}): ServerOptions => {
  const dev = input.dev ?? input.authSecret === undefined
  return {
    port: input.port ?? 4455,
    host: input.host ?? '127.0.0.1',
    dataDir: input.dataDir ?? join(process.cwd(), '.markdownsync'),
    ...(input.databaseUrl === undefined ? {} : { databaseUrl: input.databaseUrl }),
    ...(input.authSecret === undefined ? {} : { authSecret: input.authSecret }),
    dev,
    flushIntervalMs: input.flushIntervalMs ?? 16,
    snapshotEveryOps: input.snapshotEveryOps ?? 10_000,
    snapshotMinIntervalMs: input.snapshotMinIntervalMs ?? 10_000,
    snapshotIntervalMs: input.snapshotIntervalMs ?? 10 * 60_000,
    heartbeatMs: input.heartbeatMs ?? 15_000,
    limits: { ...DEFAULT_LIMITS, ...input.limits },
    naiveFanout: input.naiveFanout ?? false,
    logger: input.logger ?? false,
  }
}
