// Hostile arguments for the public API. Every string the fuzzer makes up carries a *marker* (a
// token no message would contain by itself: `Qz` + base-36 digits, or an 11-digit number shaped
// like a mobile number), so an error that echoes caller input, or something parsed out of it,
// is caught by searching its text for markers. Words from the API's own vocabulary (enum values,
// option names) are not markers: an error may list them (`channel must be one of app, …`).
import fc from 'fast-check';

/** Every marker made in this process, so the checker can search an error's text for them. */
export const markers = new Set<string>();
const remember = (m: string): string => (markers.add(m), m);

const wordMarker = fc.integer({ min: 36 ** 3, max: 36 ** 5 }).map((n) => remember(`Qz${n.toString(36)}`));
const digitMarker = fc.integer({ min: 0, max: 99_999_999 }).map((n) => remember(`139${String(n).padStart(8, '0')}`));
export const marker = fc.oneof(wordMarker, digitMarker);

/** The API's words, valid where an enum or option name is expected; combined with markers to get past first checks. */
export const VOCAB = [
  'phone', 'mobile', 'email', 'name', 'id_number', 'idCard', 'address', 'bankCard', 'plate', 'passport', 'landline',
  'cn_mobile', 'cn_resident_id', 'bank_card', 'digits', 'alphanumeric', 'sha256', 'sm3', 'js', 'wasm', 'native', 'auto',
  'app', 'website', 'given', 'withdrawn', 'click', 'consent', 'read', 'marketing', 'crm', 'identity.name',
  'contact.mobile', 'identity.residentId', 'P1Y', 'P30D', 'k', 'fields', 'category', 'keyring', 'purpose', 'format',
  'alphabet', 'subject', 'purposes', 'channel', 'event', 'at', 'store', 'log', 'quasiIdentifiers', 'columns', 'rows',
  'table', 'types', 'minConfidence', 'key', 'nonce', 'aad', 'memoryCost', 'timeCost', 'parallelism', 'passphrase',
  'kek', 'insecurePlaintext', 'namespace', 'ttlMs', 'now', 'version', 'notice', 'retention', 'action', 'actor',
  'sensitive', 'role', 'schema', 'prefix', 'path', 'connectionString', 'pool', 'tweak', 'radix', 'length', 'mode',
];

const vocab = fc.constantFrom(...VOCAB);
const longString = fc.tuple(marker, fc.constantFrom(1_000, 100_000, 1_000_000)).map(([m, n]) => m.repeat(Math.ceil(n / m.length)));
const strings = fc.oneof(
  marker,
  vocab,
  fc.constantFrom('', ' ', '\u0000', '\ud800', '.', '*'),
  fc.tuple(vocab, marker).map(([v, m]) => `${v}${m}`),
  fc.tuple(vocab, marker).map(([v, m]) => `${v}.${m}`),
  // shapes of tokens and envelopes with data inside, e.g. open('phone', 'cs1.x.13912345678.AAAA')
  fc.tuple(fc.constantFrom('cs1', 'vt', 'tk1', 'k1a2b3c4d', 'v1'), digitMarker, marker).map(([p, d, m]) => `${p}.${m}.${d}.AAAA`),
  fc.tuple(fc.constantFrom('vt_', 'k', '$argon2id$v=19$m=', 'P'), digitMarker).map(([p, d]) => `${p}${d}`),
  longString,
);

const throwing = (what: string) => () => {
  throw new TypeError(`hostile ${what}`);
};
/** A proxy whose every trap throws: reading, testing, listing or calling it fails. */
const trapProxy = (): object =>
  new Proxy(function () {}, {
    get: throwing('get'), has: throwing('has'), ownKeys: throwing('ownKeys'), getPrototypeOf: throwing('getPrototypeOf'),
    apply: throwing('apply'), construct: throwing('construct'), getOwnPropertyDescriptor: throwing('descriptor'),
  });
const cyclic = (): object => {
  const o: Record<string, unknown> = { phone: '13900000000' };
  o['self'] = o;
  o['fields'] = o;
  return o;
};
const cyclicArray = (): unknown[] => {
  const a: unknown[] = [];
  a.push(a, a);
  return a;
};
const primitiveTraps = (m: string): object => ({
  toString: throwing('toString'), valueOf: throwing('valueOf'), [Symbol.toPrimitive]: throwing('toPrimitive'), toJSON: () => m,
});
const getterTrap = (): object => Object.defineProperty({}, 'fields', { get: throwing('getter'), enumerable: true });

const special = fc.constantFrom<() => unknown>(
  () => undefined, () => null, () => true, () => false, () => 0, () => -0, () => -1, () => 1, () => 1.5, () => NaN,
  () => Infinity, () => -Infinity, () => 2 ** 31, () => 2 ** 32, () => 2 ** 53, () => Number.MAX_VALUE, () => 1e21, () => -1e9,
  () => 10n, () => -(2n ** 70n), () => ({}), () => [], () => Object.create(null), () => new Uint8Array(0), () => new Uint8Array(32),
  () => new Uint8Array(64).fill(255), () => new Uint8Array(1 << 20), () => new ArrayBuffer(8), () => new Date(NaN), () => new Date(0),
  () => new Map([['k', 'v']]), () => new Set([1]), () => /x/g, () => trapProxy(), () => cyclic(), () => cyclicArray(),
  () => getterTrap(), () => Object.freeze({}), () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}'),
  () => throwing('call'), () => () => undefined, () => async () => { throw new Error('hostile async'); },
  () => new Array(100_000).fill(0), () => [[[[[]]]]],
);

/** A recipe for a value: made fresh for each call (and after generation, since fast-check itself would trip on the proxies). */
export type Make = () => unknown;
const k = <T>(v: T): Make => () => v;

const leaf: fc.Arbitrary<Make> = fc.oneof(
  { weight: 3, arbitrary: strings.map(k) },
  { weight: 4, arbitrary: special },
  { weight: 1, arbitrary: marker.map((m) => () => Symbol(m)) },
  { weight: 1, arbitrary: marker.map((m) => () => primitiveTraps(m)) },
);

/** Any hostile value, including records keyed by API words or markers and arrays of hostile values. */
export const hostile: fc.Arbitrary<Make> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, leaf, tie('record'), tie('array')),
  record: fc
    .array(fc.tuple(fc.oneof(vocab, marker, fc.constant('__proto__')), tie('value') as fc.Arbitrary<Make>), { maxLength: 4 })
    .map((entries) => () => {
      const o: Record<string, unknown> = {};
      for (const [key, make] of entries) Object.defineProperty(o, key, { value: make(), enumerable: true, writable: true, configurable: true });
      return o;
    }),
  array: fc.array(tie('value') as fc.Arbitrary<Make>, { maxLength: 4 }).map((items) => () => items.map((m) => m())),
})).value as fc.Arbitrary<Make>;

/** An argument list: hostile values, or a known valid call with one argument made hostile. */
export function argLists(arity: number, valid: readonly unknown[][] | undefined): fc.Arbitrary<Make[]> {
  const free = fc.array(hostile, { maxLength: Math.max(arity + 1, 2) });
  if (!valid?.length) return free;
  const mutated = fc.tuple(fc.constantFrom(...valid), fc.nat(), hostile).map(([args, i, h]) => {
    const out = args.map((a) => k(a));
    out[i % Math.max(out.length, 1)] = h;
    return out;
  });
  return fc.oneof(free, mutated, mutated);
}

/** The values every parameter of every target meets once, in order, whatever the random run draws. */
export const BASIC: readonly Make[] = [
  () => undefined, () => null, () => NaN, () => -1, () => 2 ** 53, () => '', () => 'Qz7basic', () => Symbol('Qz7sym'),
  () => ({}), () => [], () => trapProxy(), () => cyclic(), () => primitiveTraps('Qz7trap'), () => getterTrap(), () => 'Qz7long'.repeat(150_000),
];
