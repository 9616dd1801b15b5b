/** The replica factories the simulator drives: the real `DocumentReplica`, and the naive model. */
import { DocumentReplica } from '../../src/replica/replica.js'
import type { ReplicaFactory } from './contract.js'

export const documentReplicaFactory: ReplicaFactory = {
  create: (options) => new DocumentReplica(options),
  fromSnapshot: (bytes, options) => DocumentReplica.fromSnapshot(bytes, options),
}

export { modelReplicaFactory } from './model-replica.js'
