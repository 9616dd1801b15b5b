// Shard 1 of 2 of the simulator property test (see ./property-suite.ts); also the pinned
// regression seeds and `SEED=…` replays.
import { defineSimulatorSuite } from './property-suite.js'

defineSimulatorSuite(0, 2)
