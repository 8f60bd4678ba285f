/**
 * The verifiable log under the consent ledger and the audit log: a Merkle tree (RFC 9162 §2.1
 * hashing, SHA-256 or SM3) over a store log, kept in C2SP tlog-tiles so that inclusion and
 * consistency proofs need O(log n) reads at any size, plus standalone verifiers that need no
 * store and run on every runtime (mini-programs included).
 * @module
 */
export { verifyInclusion, verifyConsistency } from './_verify.js';
export { tilePath } from './_tiles.js';
export { generateNoteKey, signNote, openNote, type NoteKeyAlg, type NoteSignature, type OpenedNote } from './_note.js';
export { formatCheckpoint, parseCheckpoint, type Checkpoint } from './_checkpointText.js';
export { signCheckpoint, openCheckpoint, compareCheckpoints, noteSigner, type VerifiedCheckpoint, type CheckpointComparison } from './_checkpoint.js';
export { leafHash, nodeHash, createMerkleLog, emptyRoot, treeRoot, type MerkleLogOptions, type TreeHead, type MerkleLog } from './_api.js';
