// The Merkle tree under the consent ledger and the audit log (issue 18): signed checkpoints over
// today's chain records, receipts a person checks offline, verification against a signed checkpoint,
// and a rewritten history reported as a split view. Real engines: memory store, real keys.
import { describe, expect, it } from 'vitest';
import { createAuditLog, type DataSetInput } from '../../src/audit/index.js';
import { createLedger, toConsentReceipt } from '../../src/consent/index.js';
import { compareCheckpoints, generateNoteKey, noteSigner, openCheckpoint, treeRoot } from '../../src/merkle/index.js';
import {
  consistencyProofOf, proveRecord, signCheckpointOf, verifyCheckpointOf, verifyConsentReceipt, verifyRecordProof, verifyRecordsAgainst,
} from '../../src/receipt/index.js';
import { memoryStore } from '../../src/store/index.js';
import { event, notice1 } from './_fixtures.js';

const ORIGIN = 'consent.example.cn/member-ledger';
const key = generateNoteKey(ORIGIN);
const gm = generateNoteKey(`${ORIGIN}/sm2`, 'sm2');
const sign = { origin: ORIGIN, signer: noteSigner([key.signerKey]) };
const trust = { verifierKeys: [key.verifierKey], origin: ORIGIN };

async function withdrawnLedger(hash: 'sha256' | 'sm3' = 'sha256') {
  const store = memoryStore();
  const ledger = createLedger({ store, hash });
  for (let i = 0; i < 30; i++) await ledger.append(event({ subject: `u_${String(i).padStart(4, '0')}`, purposes: ['marketing', 'analytics'] }));
  const withdrawal = await ledger.append(event({ subject: 'u_0007', event: 'withdrawn', purposes: ['marketing'], at: '2024-08-01T09:00:00+08:00' }));
  for (let i = 30; i < 45; i++) await ledger.append(event({ subject: `u_${i}` }));
  return { store, ledger, withdrawal };
}

describe('P8.2 / S5.5: a receipt the subject checks offline', () => {
  it('P8.2 / S5.5: "prove my withdrawal is on record": the receipt carries the entry, its inclusion proof and a signed checkpoint', async () => {
    const { ledger, withdrawal } = await withdrawnLedger();
    const receipt = toConsentReceipt(withdrawal, notice1, { proof: await proveRecord(ledger, withdrawal, sign) });
    // What the person keeps is plain JSON; checking it needs only the published verifier key.
    const kept = JSON.parse(JSON.stringify(receipt)) as typeof receipt;
    const r = verifyConsentReceipt(kept, trust);
    expect(r).toMatchObject({ ok: true, treeSize: 46 });
    if (r.ok) expect([r.record.seq, r.record.data.event, r.record.data.subject]).toEqual([30, 'withdrawn', 'u_0007']);
    expect(kept.proof!.proof.length).toBeLessThanOrEqual(6);

    const edited = { ...kept, proof: { ...kept.proof!, entry: kept.proof!.entry.replace('"withdrawn"', '"given"') } };
    expect(verifyConsentReceipt(edited, trust)).toEqual({ ok: false, code: 'NOT_INCLUDED' });
    expect(verifyConsentReceipt(kept, { verifierKeys: [generateNoteKey(ORIGIN).verifierKey] })).toEqual({ ok: false, code: 'CHECKPOINT_INVALID' });
    expect(verifyConsentReceipt(kept, { verifierKeys: [key.verifierKey], origin: 'other.example.cn/log' })).toEqual({ ok: false, code: 'CHECKPOINT_INVALID' });
    expect(verifyConsentReceipt({ ...kept, piiPrincipalId: 'u_0008' }, trust)).toEqual({ ok: false, code: 'RECEIPT_MISMATCH' });
    expect(verifyConsentReceipt({ ...kept, proof: { ...kept.proof!, index: 29 } }, trust)).toEqual({ ok: false, code: 'BAD_PROOF' });
    const { proof: _omit, ...bare } = kept;
    expect(verifyConsentReceipt(bare, trust)).toEqual({ ok: false, code: 'NO_PROOF' });
  });

  it('S5.5: an SM3 ledger cosigned with SM2 (国密) proves its records the same way', async () => {
    const { ledger, withdrawal } = await withdrawnLedger('sm3');
    const p = await proveRecord(ledger, withdrawal, { origin: ORIGIN, signer: noteSigner([gm.signerKey]) });
    expect(p.hash).toBe('sm3');
    expect(verifyRecordProof(p, { verifierKeys: [gm.verifierKey], origin: ORIGIN }).ok).toBe(true);
    expect(verifyRecordProof({ ...p, hash: 'sha256' }, { verifierKeys: [gm.verifierKey] })).toEqual({ ok: false, code: 'NOT_INCLUDED' });
  });

  it('S5.5: a record that is not in this log (edited copy, or another ledger\'s) gets no proof', async () => {
    const { ledger, withdrawal } = await withdrawnLedger();
    const other = await withdrawnLedger();
    await expect(proveRecord(ledger, { ...withdrawal, data: { ...withdrawal.data, event: 'given' } }, sign)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'record' });
    const foreign = (await other.ledger.export())[44]!;
    await expect(proveRecord(ledger, { ...foreign, seq: 46 }, sign)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'record' });
  });
});

describe('S5.5: signed checkpoints over the chain, and split views', () => {
  it('S5.5: an existing chain-format ledger gains a tree on first use; its checkpoint carries the chain head; verifyCheckpointOf checks it', async () => {
    const { store, ledger } = await withdrawnLedger();
    expect(await store.get('consent.merkle', 'head')).toBeUndefined(); // appends alone write no tiles
    const note = await signCheckpointOf(ledger, sign);
    const cp = openCheckpoint(note, [key.verifierKey], { origin: ORIGIN });
    const chain = await ledger.checkpoint();
    expect(cp.size).toBe(46);
    expect(cp.extensions).toEqual([`custodia-chain ${chain.alg} ${chain.hash}`]);
    // The root is the tree over the stored entries exactly, which an auditor recomputes from an export.
    expect(treeRoot('sha256', (await ledger.export()).map((r) => JSON.stringify(r)))).toEqual(cp.root);
    expect(await verifyCheckpointOf(ledger, cp)).toEqual({ ok: true });
    await ledger.append(event({ subject: 'u_late' }));
    expect(await verifyCheckpointOf(ledger, cp)).toEqual({ ok: true });
    expect(verifyRecordsAgainst(await ledger.export(), cp)).toEqual({ ok: true });
    await expect(verifyCheckpointOf(ledger, { ...cp, root: 'x' as never })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'checkpoint' });
    await expect(signCheckpointOf(ledger, { origin: ORIGIN, signer: () => 'not a note' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'signer' });
    await expect(signCheckpointOf({}, sign)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'log' });
    // The old chain checkpoint keeps working.
    expect(await ledger.verify({ checkpoint: chain })).toEqual({ ok: true });
  });

  it('S5.5 / P8.2: a history rewritten without the withdrawal is a valid chain, yet SPLIT_VIEW against the signed checkpoint and by consistency proof', async () => {
    const { ledger } = await withdrawnLedger();
    const kept = await signCheckpointOf(ledger, sign);
    // The operator rebuilds the ledger without u_0007's withdrawal: the chain is self-consistent.
    const rewritten = createLedger({ store: memoryStore() });
    for (const r of await ledger.export()) if (r.data.event !== 'withdrawn') await rewritten.append(r.data);
    await rewritten.append(event({ subject: 'u_pad' }));
    expect(await rewritten.verify()).toEqual({ ok: true });
    expect(await verifyCheckpointOf(rewritten, openCheckpoint(kept, [key.verifierKey]))).toEqual({ ok: false, index: 45, code: 'SPLIT_VIEW' });
    const shown = await signCheckpointOf(rewritten, sign);
    const a = openCheckpoint(kept, [key.verifierKey]);
    const b = openCheckpoint(shown, [key.verifierKey]);
    expect(compareCheckpoints(a, b, await consistencyProofOf(rewritten, a.size, b.size))).toMatchObject({ consistent: false, code: 'SPLIT_VIEW' });
    // The honest ledger, grown since, proves it only appended.
    await ledger.append(event({ subject: 'u_new' }));
    const later = openCheckpoint(await signCheckpointOf(ledger, sign), [key.verifierKey]);
    expect(compareCheckpoints(a, later, await consistencyProofOf(ledger, a.size, later.size))).toEqual({ consistent: true });
    // Records cut from the end are TRUNCATED against the checkpoint that counted them.
    expect(verifyRecordsAgainst((await ledger.export()).slice(0, 40), a)).toEqual({ ok: false, index: 40, code: 'TRUNCATED' });
  });
});

describe('S5.2 / S5.5: the audit log under the same tree', () => {
  const members: DataSetInput = {
    id: 'ds-members', name: '会员主数据', location: 'pg://crm/members', categories: ['identity.name', 'contact.mobile'], purposes: ['membership'],
    responsible: { name: '李经理', role: '数据保管负责人', contact: 'data-owner@example.cn' }, custodians: ['crm'], encrypted: true,
    registeredBy: 'staff_01', registeredAt: '2024-06-01T09:00:00+08:00',
  };

  it('S5.2 / S5.5: a data set registration is proven in a signed audit checkpoint; verifyCheckpointOf checks the checkpoint', async () => {
    const audit = createAuditLog({ store: memoryStore(), hash: 'sm3' });
    const reg = await audit.registerDataSet(members);
    for (let i = 0; i < 20; i++) await audit.append({ operator: 'staff_17', role: 'crm', purpose: 'membership', action: 'read', fields: ['contact.mobile'], subject: `u_${i}`, decision: 'allow', at: '2024-09-01T10:00:00+08:00' });
    const auditSign = { origin: 'audit.example.cn/log', signer: noteSigner([gm.signerKey]) };
    const p = await proveRecord(audit, reg, auditSign);
    const r = verifyRecordProof(p, { verifierKeys: [gm.verifierKey], origin: 'audit.example.cn/log' });
    expect(r.ok && r.record.kind === 'audit' && (r.record.data as { dataSet?: string }).dataSet).toBe('ds-members');
    expect(await verifyCheckpointOf(audit, openCheckpoint(p.checkpoint, [gm.verifierKey]))).toEqual({ ok: true });
    const note = await signCheckpointOf(audit, auditSign);
    const a = openCheckpoint(p.checkpoint, [gm.verifierKey]);
    const b = openCheckpoint(note, [gm.verifierKey]);
    expect(compareCheckpoints(a, b, await consistencyProofOf(audit, a.size, b.size), { hash: 'sm3' })).toEqual({ consistent: true });
  });
});
