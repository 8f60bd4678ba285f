// Deterministic synthetic retail customers for the demo: plausible Chinese names, mainland
// mobiles, resident IDs with valid GB 11643 check characters, plates, purchases, store visits and
// free-text reviews. A seeded xorshift32 generator: the same seed gives the same people.

export function rng(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
  return { int: (n) => next() % n, pick: (a) => a[next() % a.length], chance: (p) => next() / 4294967296 < p };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '欧阳', '司马'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '慧', '建国', '欣怡', '子涵', '浩然'];
// GB/T 2260 codes of Shanghai districts (the demo's stores are in Shanghai).
const DISTRICTS = [
  ['310101', '黄浦区'], ['310104', '徐汇区'], ['310105', '长宁区'], ['310106', '静安区'], ['310107', '普陀区'],
  ['310109', '虹口区'], ['310110', '杨浦区'], ['310112', '闵行区'], ['310113', '宝山区'], ['310115', '浦东新区'],
];
export const STORES = ['南京东路店', '徐家汇店', '五角场店', '陆家嘴店'];
const PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '158', '159', '177', '180', '186', '188', '199'];
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const PRODUCTS = ['羊毛围巾', '保温杯', '运动鞋', '蓝牙耳机', '婴儿推车', '茶叶礼盒', '面霜', '行李箱'];
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export function residentId(region, birth, seq) {
  const body = `${region}${birth}${String(seq).padStart(3, '0')}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i];
  return body + '10X98765432'[s % 11];
}

export function customers(n, seed = 20240601) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const [region, district] = r.pick(DISTRICTS);
    // Mostly adults; about 4% under 14 (their consent needs a guardian).
    const year = r.chance(0.04) ? 2013 + r.int(4) : 1950 + r.int(55);
    const month = 1 + r.int(12);
    const day = 1 + r.int(28);
    const sex = r.chance(0.5) ? 'F' : 'M';
    // GB 11643: the sequence code's last digit is odd for men, even for women.
    const seq = r.int(500) * 2 + (sex === 'M' ? 1 : 0);
    const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    out.push({
      no: i + 1,
      name: r.pick(SURNAMES) + r.pick(GIVEN),
      mobile: r.pick(PREFIXES) + String(r.int(1e8)).padStart(8, '0'),
      id: residentId(region, birth, seq),
      sex,
      age: 2026 - year,
      district,
      plate: r.chance(0.35) ? `沪${PLATE_LETTERS[r.int(PLATE_LETTERS.length)]}${String(r.int(1e5)).padStart(5, '0')}` : '',
      purchases: Array.from({ length: 1 + r.int(4) }, () => ({ product: r.pick(PRODUCTS), amount: 20 + r.int(2000) })),
      visits: Array.from({ length: 1 + r.int(3) }, () => ({ store: r.pick(STORES), hour: 9 + r.int(13) })),
      collectedAt: new Date(Date.UTC(2023, r.int(30), 1 + r.int(28))).toISOString(),
    });
  }
  return out;
}

const REVIEW_TEMPLATES = [
  (c) => `${c.purchases[0].product}质量很好，物流也快，五星好评！`,
  (c) => `快递员没打电话就放门口了，我的电话${c.mobile}，请联系我处理。`,
  (c) => `收件人${c.name}，地址上海市${c.district}漕溪北路88号，包装破损了。`,
  (c) => `发票抬头写错了，身份证号${c.id}，麻烦重开。`,
  (c) => `停车场抬杆太慢，车牌${c.plate || '沪A12345'}等了五分钟。`,
  () => '服务员态度很好，下次还来。',
  (c) => `${c.name.slice(0, 1)}先生的会员积分没到账，手机${c.mobile.slice(0, 3)}-${c.mobile.slice(3, 7)}-${c.mobile.slice(7)}。`,
];

export function reviews(people, seed = 7) {
  const r = rng(seed);
  return people.filter(() => r.chance(0.3)).map((c) => REVIEW_TEMPLATES[r.int(REVIEW_TEMPLATES.length)](c));
}
