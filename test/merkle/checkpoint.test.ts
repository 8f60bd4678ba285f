// Signed notes and checkpoints against Go's implementation, golang.org/x/mod at commit
// fe2ec04f7c3c3aa6fad97631aafcff6e49e2d1db: sumdb/note/note_test.go (TestSign, TestOpen,
// TestNewVerifier: the PeterNeumann and EnochRoot keys, the signed note they give) and
// sumdb/tlog/note_test.go (TestFormatTree, TestParseTree: the tree note golden). The C2SP
// tlog-checkpoint text is the same three lines.
import { describe, expect, it } from 'vitest';
import { toBase64, toHex } from '../../src/bytes/index.js';
import {
  compareCheckpoints, createMerkleLog, formatCheckpoint, generateNoteKey, leafHash, openCheckpoint, openNote, parseCheckpoint, signCheckpoint, signNote, type MerkleLog,
} from '../../src/merkle/index.js';
import { memoryStore } from '../../src/store/index.js';

const PETER_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
const code = (c: string) => expect.objectContaining({ code: c });
const checkpointOf = async (log: MerkleLog, origin: string, keys: string[]) => signCheckpoint({ origin, ...(await log.treeHead()) }, keys);

describe('S5.5: signed notes are byte-compatible with Go\'s sumdb/note', () => {
  it('S5.5: signing TestSign\'s text with PeterNeumann\'s key gives Go\'s note exactly (Ed25519, @noble/curves)', () => {
    expect(signNote(TEXT, [PETER_SIGNER])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('S5.5: TestOpen: known keys verify, unknown ones are listed unverified, none known is refused', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    const one = openNote(note, [PETER]);
    expect(one.text).toBe(TEXT);
    expect(one.signatures).toEqual([{ name: 'PeterNeumann', keyId: 0xc74f20a3 }]);
    expect(one.unverified).toEqual([{ name: 'EnochRoot', keyId: 0xaf0cfe78 }]);
    expect(openNote(note, [PETER, ENOCH]).signatures.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(() => openNote(note, [])).toThrow(code('CHECKPOINT_INVALID'));
    expect(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [ENOCH, PETER, ENOCH])).toThrow(code('CHECKPOINT_INVALID')); // ambiguous key
    expect(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [PETER])).toThrow(code('CHECKPOINT_INVALID'));
    const bad = PETER_SIG.replace('x08go', 'x08gp');
    expect(() => openNote(`${TEXT}\n${bad}`, [PETER])).toThrow(code('CHECKPOINT_INVALID'));
    expect(() => openNote(`${TEXT.replace('answer', 'Answer')}\n${PETER_SIG}`, [PETER])).toThrow(code('CHECKPOINT_INVALID'));
  });

  it('S5.5: TestNewVerifier: every one-byte change of a verifier key is refused as INVALID_KEY', () => {
    for (let i = 0; i < PETER.length; i++) {
      const c = PETER.charCodeAt(i);
      const mangled = PETER.slice(0, i) + String.fromCharCode(c + 1) + PETER.slice(i + 1);
      expect(() => openNote(`${TEXT}\n${PETER_SIG}`, [mangled]), mangled).toThrow(code('INVALID_KEY'));
    }
    expect(() => signNote(TEXT, [PETER])).toThrow(code('INVALID_KEY')); // a verifier key is no signer key
  });
});

describe('S5.5: checkpoints (C2SP tlog-checkpoint)', () => {
  it('S5.5: the text matches Go\'s tlog FormatTree golden and parses back; TestParseTree\'s bad trees are refused', () => {
    const golden = 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n';
    const root = leafHash('sha256', 'hello world'); // tlog.RecordHash = SHA-256(0x00 ‖ data)
    expect(formatCheckpoint({ origin: 'go.sum database tree', size: 123456789012, root })).toBe(golden);
    const back = parseCheckpoint(golden);
    expect([back.origin, back.size, toHex(back.root)]).toEqual(['go.sum database tree', 123456789012, toHex(root)]);
    expect(() => parseCheckpoint('go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n')).toThrow(code('CHECKPOINT_INVALID'));
    expect(() => parseCheckpoint('go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n')).toThrow(code('CHECKPOINT_INVALID'));
    expect(parseCheckpoint(`${golden}JOE\n`).extensions).toEqual(['JOE']);
  });

  it('S5.5: Ed25519 and SM2 cosign one checkpoint; each verifies alone, a wrong origin is refused', async () => {
    const log = createMerkleLog({ store: memoryStore(), log: 'consent', hash: 'sm3' });
    await log.appendMany(['{"a":1}', '{"a":2}', '{"a":3}']);
    const ed = generateNoteKey('consent.example.com/log');
    const gm = generateNoteKey('consent.example.com/log-sm2', 'sm2');
    const note = await checkpointOf(log, 'consent.example.com/log', [ed.signerKey, gm.signerKey]);
    const { size, root } = await log.treeHead();
    for (const key of [ed.verifierKey, gm.verifierKey]) {
      const cp = openCheckpoint(note, [key], { origin: 'consent.example.com/log' });
      expect([cp.size, toBase64(cp.root)]).toEqual([size, toBase64(root)]);
    }
    expect(() => openCheckpoint(note, [ed.verifierKey], { origin: 'other.example.com/log' })).toThrow(code('CHECKPOINT_INVALID'));
    expect(() => openCheckpoint(note, [generateNoteKey('consent.example.com/log-sm2', 'sm2').verifierKey])).toThrow(code('CHECKPOINT_INVALID'));
    // An SM2 signature line edited by one character fails under its key.
    const lines = note.split('\n');
    const i = lines.findIndex((l) => l.startsWith('— consent.example.com/log-sm2 '));
    const at = lines[i]!.length - 10;
    lines[i] = lines[i]!.slice(0, at) + (lines[i]![at] === 'A' ? 'B' : 'A') + lines[i]!.slice(at + 1);
    expect(() => openCheckpoint(lines.join('\n'), [gm.verifierKey])).toThrow(code('CHECKPOINT_INVALID'));
  });

  it('S5.5 / P8.2: a later checkpoint is proven to extend a kept one; a forked history is reported as a split view', async () => {
    const key = generateNoteKey('consent.example.com/log');
    const store = memoryStore();
    const log = createMerkleLog({ store, log: 'consent' });
    const events = Array.from({ length: 40 }, (_, i) => JSON.stringify({ subject: `u_${i}`, event: i % 3 ? 'given' : 'withdrawn' }));
    await log.appendMany(events.slice(0, 17));
    const kept = openCheckpoint(await checkpointOf(log, 'consent.example.com/log', [key.signerKey]), [key.verifierKey]);
    await log.appendMany(events.slice(17));
    const latest = openCheckpoint(await checkpointOf(log, 'consent.example.com/log', [key.signerKey]), [key.verifierKey]);
    expect(compareCheckpoints(kept, latest, await log.consistencyProof(kept.size, latest.size))).toEqual({ consistent: true });

    // The operator rewrites history: the withdrawal at 15 is dropped from a second log it signs with the same key.
    const forked = createMerkleLog({ store: memoryStore(), log: 'consent' });
    await forked.appendMany([...events.slice(0, 15), ...events.slice(16)]);
    await forked.appendMany(['{"subject":"u_x","event":"given"}']);
    const shown = openCheckpoint(await checkpointOf(forked, 'consent.example.com/log', [key.signerKey]), [key.verifierKey]);
    expect(shown.size).toBe(latest.size);
    expect(compareCheckpoints(latest, shown, [])).toMatchObject({ consistent: false, code: 'SPLIT_VIEW' });
    expect(compareCheckpoints(kept, shown, await forked.consistencyProof(kept.size, shown.size))).toMatchObject({ consistent: false, code: 'SPLIT_VIEW' });
    expect(compareCheckpoints(kept, shown, await log.consistencyProof(kept.size, shown.size))).toMatchObject({ consistent: false, code: 'SPLIT_VIEW' });
    expect(() => compareCheckpoints(kept, { ...latest, origin: 'x' }, [])).toThrow(code('INVALID_ARGUMENT'));
  });
});
