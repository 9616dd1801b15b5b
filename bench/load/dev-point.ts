import { runPoint } from './run-point.js'
import { parseSettings } from './settings.js'

const [system, n, s, ...rest] = process.argv.slice(2)
const settings = parseSettings(['--no-write', ...rest])
const result = await runPoint(
  system as 'ours',
  Number(n),
  Number(s),
  settings,
  console.log,
  process.env.PROFILE_DIR,
)
console.log(JSON.stringify(result, null, 1))
