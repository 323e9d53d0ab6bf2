import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ContentFileError } from '../lib/yaml-files.ts';
import { createScanner, numberPattern, sentences } from './citation-scan.ts';
import { parseRegister } from './replaced-law.ts';

const source = [{ url: 'https://example.gov.vn/x', says: 'văn bản mới thay thế văn bản cũ' }];
const register = parseRegister('test.yaml', {
  documents: [
    {
      number: '61/2018/NĐ-CP',
      title: 'Nghị định một cửa',
      replacedBy: 'NĐ 118/2025/NĐ-CP',
      from: '2025-07-01',
      sources: source,
    },
    {
      number: '01/2023/TT-VPCP',
      title: 'Thông tư số hóa',
      replacedBy: 'Thông tư mới',
      from: '2025-01-01',
      sources: source,
    },
    {
      number: '59/2014/QH13',
      title: 'Luật Căn cước công dân',
      names: ['Luật Căn cước công dân'],
      replacedBy: 'Luật Căn cước 26/2023/QH15',
      from: '2024-07-01',
      sources: source,
    },
    {
      number: '45/2020/NĐ-CP',
      title: 'TTHC điện tử',
      replacedBy: 'NĐ 118/2025',
      from: '2025-07-01',
      confirmed: false,
      sources: source,
    },
  ],
  claims: [
    {
      id: 'lltp',
      statement: 'Sở Tư pháp cấp lý lịch tư pháp',
      now: 'Công an cấp Phiếu lý lịch tư pháp',
      from: '2025-03-01',
      terms: [['lý lịch tư pháp'], ['Sở Tư pháp']],
      sources: source,
    },
  ],
});
const scanner = createScanner(register);
const refs = (text: string, asOf = '2026-12-01') => scanner.scan(text, asOf).map((f) => f.ref);

describe('citation scan', () => {
  it('finds a replaced decree cited as current, in its usual spellings', () => {
    expect(refs('Thực hiện theo Nghị định số 61/2018/NĐ-CP.')).toEqual(['61/2018/NĐ-CP']);
    expect(refs('Decree 61/2018/ND-CP applies.')).toEqual(['61/2018/NĐ-CP']);
    expect(refs('theo NĐ 61 / 2018 của Chính phủ')).toEqual(['61/2018/NĐ-CP']);
    expect(refs('Luật Căn cước công dân quy định…')).toEqual(['59/2014/QH13']);
  });

  it('does not take a date or another number for a citation', () => {
    expect(refs('Từ tháng 01/2023 người dân nộp hồ sơ trực tuyến.')).toEqual([]);
    expect(refs('Nghị định 161/2018/NĐ-CP về tuyển dụng.')).toEqual([]);
    expect(refs('Nghị định 61/20180 không tồn tại.')).toEqual([]);
    expect(refs('Thẻ Căn cước công dân còn hạn vẫn dùng được.')).toEqual([]);
    expect(refs('Theo Thông tư 01/2023/TT-VPCP.')).toEqual(['01/2023/TT-VPCP']);
  });

  it('allows a mention marked as history in the same sentence, not in the next one', () => {
    expect(refs('Nghị định 61/2018/NĐ-CP (đã được thay thế bởi Nghị định 118/2025/NĐ-CP).')).toEqual([]);
    expect(refs('Decree 61/2018/ND-CP was replaced on 1 July 2025.')).toEqual([]);
    expect(refs('Nghị định 118/2025 thay thế quy định trước. Nghị định 61/2018/NĐ-CP áp dụng.')).toEqual([
      '61/2018/NĐ-CP',
    ]);
  });

  it('allows what a text said before the replacement day (a 2025 survey)', () => {
    expect(refs('Theo Nghị định số 61/2018/NĐ-CP.', '2025-06-30')).toEqual([]);
    expect(refs('Theo Nghị định số 61/2018/NĐ-CP.', '2025-07-01')).toEqual(['61/2018/NĐ-CP']);
  });

  it('finds an outdated claim only when every term group is in one sentence', () => {
    expect(refs('Hồ sơ lý lịch tư pháp do Sở Tư pháp giải quyết.')).toEqual(['lltp']);
    expect(refs('Xin lý lịch tư pháp trên VNeID. Sở Tư pháp hướng dẫn hộ tịch.')).toEqual([]);
    expect(refs('Trước đây Sở Tư pháp cấp lý lịch tư pháp.')).toEqual([]);
  });

  it('reports an unconfirmed row as not confirmed', () => {
    expect(scanner.scan('Theo Nghị định 45/2020/NĐ-CP.', '2026-12-01')).toMatchObject([
      { ref: '45/2020/NĐ-CP', confirmed: false },
    ]);
  });

  it('finds any number written with a suffix, whatever surrounds it (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 2000, max: 2030 }),
        fc.constantFrom(' ', '(', 'số ', '"'),
        fc.constantFrom('.', ')', ' ', ',', ''),
        (n, y, before, after) => {
          const re = numberPattern(`${n}/${y}/NĐ-CP`);
          const folded = `${before}${n}/${y}/nd-cp${after}`;
          expect(re.test(folded)).toBe(true);
          expect(numberPattern(`${n + 1000}/${y}/NĐ-CP`).test(folded)).toBe(false);
        },
      ),
    );
  });

  it('splits sentences at . ! ? ; and line breaks', () => {
    expect(sentences('Một. Hai; ba!\nBốn')).toEqual(['Một.', 'Hai;', 'ba!', 'Bốn']);
  });
});

describe('register file', () => {
  it('refuses a row without a source, naming the row', () => {
    const bad = () =>
      parseRegister('replaced.yaml', {
        documents: [
          {
            number: '61/2018/NĐ-CP',
            title: 'Nghị định một cửa',
            replacedBy: 'NĐ 118',
            from: '2025-07-01',
            sources: source,
          },
          {
            number: '13/2023/NĐ-CP',
            title: 'Bảo vệ dữ liệu',
            replacedBy: 'Luật 91/2025/QH15',
            from: '2026-01-01',
            sources: [],
          },
        ],
      });
    expect(bad).toThrow(ContentFileError);
    expect(bad).toThrow(/documents\[1\] 13\/2023\/NĐ-CP: sources: cần ít nhất một nguồn/);
  });

  it('refuses a duplicate number and a source without a URL', () => {
    const row = {
      number: '61/2018/NĐ-CP',
      title: 'Nghị định một cửa',
      replacedBy: 'NĐ 118',
      from: '2025-07-01',
      sources: source,
    };
    expect(() => parseRegister('r.yaml', { documents: [row, row] })).toThrow(/61\/2018\/NĐ-CP bị trùng/);
    expect(() =>
      parseRegister('r.yaml', {
        documents: [{ ...row, sources: [{ url: 'thuvienphapluat', says: 'không có địa chỉ' }] }],
      }),
    ).toThrow(/documents\[0\] 61\/2018\/NĐ-CP: sources\.0\.url/);
  });
});
