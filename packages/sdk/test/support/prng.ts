export * from '../../../../test-support/prng.js'
