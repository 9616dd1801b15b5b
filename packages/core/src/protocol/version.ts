/**
 * The wire protocol's version. Every frame starts with it (a varuint), and that first varuint
 * keeps its meaning in every future version, so a peer can always tell an incompatible frame
 * from garbage. A peer that sees another version closes with `CLOSE_CODES.unsupported_version`
 * ("please reload"); it never tries to read the rest.
 *
 * Bump it whenever the schema hash test fails (any change to a message, a field, an enum list,
 * a limit's name or the encoding of a primitive).
 */
export const PROTOCOL_VERSION = 1
