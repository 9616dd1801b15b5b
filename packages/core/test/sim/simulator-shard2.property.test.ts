// Shard 2 of 2 of the simulator property test (see ./property-suite.ts).
import { defineSimulatorSuite } from './property-suite.js'

defineSimulatorSuite(1, 2)
