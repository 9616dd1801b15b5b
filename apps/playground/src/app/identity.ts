/**
 * Who this tab is in dev mode: a friendly random name, kept in the given storage (the app passes
 * sessionStorage) so it stays the same across reloads (the server's dev token keeps the user id
 * and colour).
 */

const ADJECTIVES = [
  'Curious',
  'Brave',
  'Quiet',
  'Swift',
  'Clever',
  'Gentle',
  'Bold',
  'Merry',
  'Calm',
  'Keen',
]
const ANIMALS = [
  'Otter',
  'Heron',
  'Lynx',
  'Panda',
  'Falcon',
  'Badger',
  'Koala',
  'Marten',
  'Orca',
  'Wren',
]

const KEY = 'markdownsync-playground:name'

const pick = <T>(list: readonly T[], random: () => number): T =>
  list[Math.floor(random() * list.length)] as T

export const randomName = (random: () => number = Math.random): string =>
  `${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)}`

/** This browser's display name (made up once). */
export const displayName = (storage: Storage | undefined = globalThis.localStorage): string => {
  const kept = storage?.getItem(KEY)
  if (kept) return kept
  const name = randomName()
  storage?.setItem(KEY, name)
  return name
}

/** Initials for an avatar: "Curious Otter" → "CO". */
export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .slice(0, 2)
    .map((word) => (word[0] as string).toUpperCase())
    .join('')
