// An ESM consumer of the installed tarball: typechecked with skipLibCheck false, then run by node.
import { sha256, hmac } from 'custodia/hash';
import { mask } from 'custodia/mask';
import { redact } from 'custodia/detect';
import { createLedger } from 'custodia/consent';
import { memoryStore } from 'custodia/store';
import { toHex, isCustodiaError } from 'custodia';

const out: string[] = [];
out.push(toHex(sha256('abc')));
out.push(toHex(hmac('sm3', new Uint8Array(32), 'x')).length === 64 ? 'hmac ok' : 'hmac bad');
out.push(mask.phone('13812345678'));
out.push(redact('电话13812345678'));
const ledger = createLedger({ store: memoryStore() });
out.push(typeof ledger.append === 'function' ? 'ledger ok' : 'ledger bad');
out.push(isCustodiaError(new Error('x')) ? 'bad' : 'errors ok');
console.log(JSON.stringify(out));
