// A CommonJS consumer of the installed tarball: the same checks through require().
import hash = require('custodia/hash');
import maskMod = require('custodia/mask');
import root = require('custodia');

const out: string[] = [];
out.push(root.toHex(hash.sha256('abc')));
out.push(maskMod.mask.phone('13812345678'));
console.log(JSON.stringify(out));
