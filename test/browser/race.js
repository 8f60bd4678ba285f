/* global window, location, document, URLSearchParams */
// One of several tabs appending to the same IndexedDB log at once, each entry chained on the
// length it read (`ifLength`); the test opens this page in several tabs and reads the result.
import { indexedDbStore } from 'custodia/store/indexeddb';

const params = new URLSearchParams(location.search);
const tab = params.get('tab');
const count = Number(params.get('count'));
window.__go = async () => {
  const store = await indexedDbStore({ name: params.get('db') });
  let conflicts = 0;
  for (let i = 0; i < count; i++)
    for (;;) {
      const n = await store.length('chain');
      try {
        await store.append('chain', `${tab}:${i}:${n}`, { ifLength: n });
        break;
      } catch (e) {
        if (e.code !== 'STORE_CONFLICT') throw e;
        conflicts++;
      }
    }
  const entries = [];
  for await (const e of store.read('chain')) entries.push(e);
  await store.close();
  document.getElementById('out').textContent = `done, ${conflicts} conflicts`;
  return { conflicts, entries };
};
