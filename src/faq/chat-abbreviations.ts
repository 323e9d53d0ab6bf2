/**
 * Chat abbreviations the normaliser (normalise.ts) expands, keyed by bare form, and the two whose expansion depends on
 * the neighbouring words.
 */

/**
 * Chat abbreviations keyed by bare form. Only keys that are not the bare form of an ordinary Vietnamese word, so
 * "hỏng" (broken) is never read as "không" and the bare key stays a function of the stripped token.
 */
const ABBREVIATIONS: Record<string, string> = {
  ko: 'không',
  k: 'không',
  kg: 'không',
  hok: 'không',
  hk: 'không',
  khum: 'không',
  hem: 'không',
  khong: 'không',
  dc: 'được',
  dk: 'đăng ký',
  dky: 'đăng ký',
  mk: 'mật khẩu',
  pass: 'mật khẩu',
  password: 'mật khẩu',
  tk: 'tài khoản',
  cccd: 'căn cước công dân',
  cmnd: 'chứng minh nhân dân',
  cmt: 'chứng minh nhân dân',
  lltp: 'lý lịch tư pháp',
  dvc: 'dịch vụ công',
  dvctt: 'dịch vụ công trực tuyến',
  dvcqg: 'dịch vụ công quốc gia',
  bhyt: 'bảo hiểm y tế',
  bhxh: 'bảo hiểm xã hội',
  sdt: 'số điện thoại',
  dt: 'điện thoại',
  dthoai: 'điện thoại',
  gplx: 'giấy phép lái xe',
  gpxd: 'giấy phép xây dựng',
  gpkd: 'giấy phép kinh doanh',
  dkkd: 'đăng ký kinh doanh',
  gcn: 'giấy chứng nhận',
  qsdd: 'quyền sử dụng đất',
  z: 'vậy',
  v: 'vậy',
  dzay: 'vậy',
  j: 'gì',
  ntn: 'như thế nào',
  tthc: 'thủ tục hành chính',
  hs: 'hồ sơ',
  cchc: 'cải cách hành chính',
  cds: 'chuyển đổi số',
  ubnd: 'ủy ban nhân dân',
  hdnd: 'hội đồng nhân dân',
  hkd: 'hộ kinh doanh',
  cty: 'công ty',
  dn: 'doanh nghiệp',
  kq: 'kết quả',
  cb: 'cán bộ',
  cq: 'cơ quan',
  bn: 'bao nhiêu',
  bnhieu: 'bao nhiêu',
  ng: 'người',
  trc: 'trước',
  ms: 'mới',
  r: 'rồi',
  e: 'em',
  mik: 'mình',
  mjk: 'mình',
  mn: 'mọi người',
  vs: 'với',
  wa: 'qua',
  bik: 'biết',
  hc: 'hành chính',
  ktx: 'không',
  nd: 'nội dung',
  cks: 'chữ ký số',
  ks: 'khai sinh',
  kd: 'kinh doanh',
  xn: 'xác nhận',
  gp: 'giấy phép',
  vh: 'văn hoá',
  cns: 'công nghệ số',
  qg: 'quốc gia',
  dddt: 'định danh điện tử',
  ddt: 'định danh điện tử',
  cn: 'chủ nhật',
  t2: 'thứ hai',
  t3: 'thứ ba',
  t4: 'thứ tư',
  t5: 'thứ năm',
  t6: 'thứ sáu',
  t7: 'thứ bảy',
  bp: 'bộ phận',
  ttpvhcc: 'trung tâm phục vụ hành chính công',
  cf: 'cà phê',
  gd: 'giao dịch',
  tt: 'thông tin',
  ttin: 'thông tin',
  dki: 'đăng ký',
  online: 'trực tuyến',
  onl: 'trực tuyến',
  app: 'ứng dụng',
  // Southern and chat spellings; z is no Vietnamese onset, so none of these is an ordinary word stripped of marks.
  zay: 'vậy',
  zi: 'vậy',
  dzi: 'vậy',
  zo: 'vào',
  dzo: 'vào',
  zia: 'về',
  dzia: 'về',
  lm: 'làm',
  bg: 'bây giờ',
  bjo: 'bao giờ',
  bgio: 'bao giờ',
  ktra: 'kiểm tra',
  tgian: 'thời gian',
  hso: 'hồ sơ',
  ngta: 'người ta',
  mng: 'mọi người',
  stk: 'số tài khoản',
  kb: 'không biết',
  shk: 'sổ hộ khẩu',
  ntnao: 'như thế nào',
  vnied: 'vneid',
  vneld: 'vneid',
  vnid: 'vneid',
};

/** "kh" is "không" in chat but "kế hoạch" in document numbers and before a year or "cchc" (e.g. "196/KH-UBND"). */
function expandKh(prev: string | undefined, next: string | undefined): string {
  const planContext = (t: string | undefined) =>
    t !== undefined && (/^\d/.test(t) || ['cchc', 'ubnd', 'chc'].includes(t));
  return planContext(prev) || planContext(next) ? 'kế hoạch' : 'không';
}

/** "đk" is "đăng ký" except after "đủ"/"có" where it means "điều kiện". */
function expandDk(prev: string | undefined): string {
  return prev === 'du' ? 'điều kiện' : 'đăng ký';
}

/** The expansion of one bare word given its neighbours' bare forms, or undefined when it abbreviates nothing. */
export function expandAbbreviation(
  bare: string,
  prev: string | undefined,
  next: string | undefined,
): string | undefined {
  if (bare === 'kh') return expandKh(prev, next);
  if (bare === 'dk') return expandDk(prev);
  return Object.hasOwn(ABBREVIATIONS, bare) ? ABBREVIATIONS[bare] : undefined;
}
