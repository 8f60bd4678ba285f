// Epoch keys of the vault: data written before epochs (layout 1, and layout 2 keys wrapped under
// the key ring) still reads, moves to an epoch on the first rotation, and each rotation destroys
// the older epoch key while every live token keeps resolving.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/store/index.js';
import { createVault, KeyRing } from '../../src/tokenize/index.js';
import { rejects } from './_rejects.js';
import { createVault as createLayout1Vault } from './_vault-layout1.js';

const subjects = async (store: ReturnType<typeof memoryStore>) => {
  const out: { ep?: string; w?: string }[] = [];
  for await (const r of store.scan('custodia.vault.subjects')) out.push(JSON.parse(r.value) as { ep?: string });
  return out;
};

describe('S7 vault epoch rotation', () => {
  it('S7: layout-1 data reads before and after rotateEpoch, which moves its key to the new epoch', async () => {
    const ring = KeyRing.generate();
    const store = memoryStore();
    const epochStore = memoryStore();
    const old = createLayout1Vault({ keyring: ring, store });
    const t = await old.tokenize('phone', '13812345678', { subject: 'cust-1' });
    const vault = createVault({ keyring: ring, store, epochStore });
    expect(await vault.detokenize(t)).toBe('13812345678');
    expect((await subjects(store))[0]!.ep).toBe(undefined);
    expect(await vault.rotateEpoch()).toEqual({ epoch: '0000000001', rewrapped: 1, destroyed: 0 });
    expect((await subjects(store))[0]!.ep).toBe('0000000001');
    expect(await vault.detokenize(t)).toBe('13812345678');
    expect(await vault.tokenize('phone', '13812345678', { subject: 'cust-1' })).toBe(t);
  });

  it('S7: each rotation leaves exactly one epoch key, live tokens resolve, forgotten subjects stay forgotten', async () => {
    const ring = KeyRing.generate();
    const store = memoryStore();
    const epochStore = memoryStore();
    const vault = createVault({ keyring: ring, store, epochStore });
    const a = await vault.tokenize('phone', '13812345678', { subject: 'a' });
    const b = await vault.tokenize('phone', '13900001111', { subject: 'b' });
    await vault.forgetSubject('a');
    for (let i = 2; i <= 4; i++) {
      expect(await vault.rotateEpoch()).toEqual({ epoch: String(i).padStart(10, '0'), rewrapped: 1, destroyed: 1 });
      const epochs: string[] = [];
      for await (const r of epochStore.scan('custodia.vault.epochs')) epochs.push(r.key);
      expect(epochs).toEqual([String(i).padStart(10, '0')]);
      expect(await vault.detokenize(b)).toBe('13900001111');
      expect(((await rejects(vault.detokenize(a))) as { code: string }).code).toBe('SUBJECT_FORGOTTEN');
    }
    // A second vault object on the same stores (another process) reads the new epoch.
    expect(await createVault({ keyring: ring, store, epochStore }).detokenize(b)).toBe('13900001111');
  });
});

describe('S7 vault epoch rotation racing a new subject', () => {
  it('S7: a subject whose key was wrapped under the old epoch while a rotation ran moves itself to the new one, and stays readable', async () => {
    const ring = KeyRing.generate();
    const inner = memoryStore();
    const epochStore = memoryStore();
    // Holds the first subject-record write until the rotation (in "another process") has finished.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held = false;
    const store = {
      ...inner,
      put: async (ns: string, key: string, value: string, o?: { ifVersion?: number }) => {
        if (ns === 'custodia.vault.subjects' && !held) {
          held = true;
          await gate;
        }
        return inner.put(ns, key, value, o);
      },
    };
    const writer = createVault({ keyring: ring, store, epochStore });
    const maintenance = createVault({ keyring: ring, store: inner, epochStore });
    await maintenance.tokenize('phone', '13900001111', { subject: 'old' }); // epoch 1 exists
    const pending = writer.tokenize('phone', '13812345678', { subject: 'new' }); // reads epoch 1, then waits
    await new Promise((r) => setTimeout(r, 20));
    expect(await maintenance.rotateEpoch()).toEqual({ epoch: '0000000002', rewrapped: 1, destroyed: 1 });
    release();
    const t = await pending;
    expect(await maintenance.detokenize(t)).toBe('13812345678');
    expect((await subjects(inner)).map((s) => s.ep)).toEqual(['0000000002', '0000000002']);
  });
});
