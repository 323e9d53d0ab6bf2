import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { loadReferenceData } from '../../src/areas/areas.service.ts';
import { loadSurveyFiles } from '../../src/surveys/surveys.definitions.ts';
import { surveyResponses } from '../../src/surveys/surveys.schema.ts';
import { followers } from '../../src/followers/followers.schema.ts';
import { SessionSigner } from '../../src/miniapp/miniapp.session.ts';
import { citizenAnswers } from './fixtures.ts';
import type { OutboundMessage } from '../../src/zalo/zalo.port.ts';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  await loadReferenceData(app.database.db, 'content');
  await loadSurveyFiles(app.database.db, 'content');
});
afterAll(() => app.close());

/** One chat turn through the simulator (same pipeline as the webhook); returns the replies. */
async function say(userId: string, text: string): Promise<OutboundMessage[]> {
  const res = await request(app.express).post('/dev/simulator/messages').send({ userId, text });
  expect(res.status).toBe(200);
  return res.body.replies as OutboundMessage[];
}
const textOf = (replies: OutboundMessage[]) =>
  replies.map((r) => ('text' in r ? (r.text ?? '') : '')).join('\n');
const buttonsOf = (replies: OutboundMessage[]) =>
  replies.flatMap((r) => ('buttons' in r ? (r.buttons ?? []) : []));
/** The payload of the quick reply whose option text contains `label`. */
const buttonFor = (replies: OutboundMessage[], label: string) => {
  const button = buttonsOf(replies).find((b) => b.payload.includes(label));
  expect(button, label).toBeDefined();
  return button!.payload;
};
/** The number the list shows in front of the option containing `label`. */
const shownNumber = (replies: OutboundMessage[], label: string) => {
  const line = textOf(replies)
    .split('\n')
    .find((l) => /^\d+\. /.test(l) && l.includes(label));
  expect(line, label).toBeDefined();
  return line!.split('.')[0]!;
};

async function communeOf(userId: string): Promise<string | null> {
  const [row] = await app.database.db.select().from(followers).where(eq(followers.zaloUserId, userId));
  return row?.areaCode ?? null;
}

/** Answers every remaining question with its first choice (or skips it), up to the thanks; returns the last replies. */
async function answerRest(userId: string, replies: OutboundMessage[]): Promise<OutboundMessage[]> {
  for (let turn = 0; turn < 40 && !textOf(replies).includes('Cảm ơn bạn đã hoàn thành'); turn++) {
    const buttons = buttonsOf(replies).map((b) => b.payload);
    replies = await say(userId, buttons.find((p) => p !== 'Bỏ qua') ?? buttons[0] ?? '1');
  }
  expect(textOf(replies)).toContain('Cảm ơn bạn đã hoàn thành');
  return replies;
}

describe('survey in chat (simulator)', () => {
  const user = 'chat-survey-user-1';

  it('invites from the menu word, asks consent, then one question at a time with quick replies', async () => {
    const invite = await say(user, 'khảo sát');
    expect(textOf(invite)).toContain('Chọn một khảo sát');
    expect(buttonsOf(invite).map((b) => b.payload)).toEqual([
      '#survey:citizen-cchc-2025',
      '#survey:civil-servant-cchc-2025',
    ]);

    const consent = await say(user, '#survey:citizen-cchc-2025');
    expect(textOf(consent)).toContain('Nghị định số 13/2023/NĐ-CP');
    expect(buttonsOf(consent).map((b) => b.title)).toEqual(['Đồng ý', 'Không đồng ý']);

    // No commune in the follower profile: asked, typed without "phường" and without diacritics.
    expect(textOf(await say(user, 'Đồng ý'))).toContain('xã, phường nào');
    expect(textOf(await say(user, 'Atlantis'))).toContain('Chưa tìm thấy xã, phường "Atlantis"');
    // Answered the commune question without a commune in the profile: asked once whether to keep it; "Không" keeps none.
    const remember = await say(user, 'khanh hoa');
    expect(textOf(remember)).toContain('Lưu xã/phường này cho các tin sau?');
    expect(buttonsOf(remember).map((b) => b.title)).toEqual(['Có', 'Không']);
    const r1 = await say(user, 'Không');
    expect(textOf(r1)).toContain('Câu 1/11: Bạn trả lời với tư cách nào?');
    expect(await communeOf(user)).toBeNull();
    expect(buttonsOf(r1).map((b) => b.payload)).toEqual([
      '1. Người dân',
      '2. Đại diện tổ chức, doanh nghiệp',
    ]);

    expect(textOf(await say(user, '1. Người dân'))).toContain('Câu 2/11');
    const k1 = await say(user, '5');
    expect(textOf(k1)).toContain('Câu 3/11');
    // Knowledge options come in this respondent's order: answer by the button that carries the wanted option.
    const k2 = await say(user, buttonFor(k1, 'Chính quyền thân thiện'));
    expect(textOf(k2)).toContain('Câu 4/11');
    const k3 = await say(user, buttonFor(k2, 'Góp ý, tham gia giám sát'));
    expect(textOf(k3)).toContain('Câu 5/11');
    // By the number shown in the list, as people type it.
    const k4 = await say(user, shownNumber(k3, 'Có thể nộp hồ sơ'));
    expect(textOf(k4)).toContain('Câu 6/11');
    // Text where a choice is expected: refused with the reason, the same question asked again.
    const bad = await say(user, 'không biết nữa');
    expect(textOf(bad)).toContain('Câu trả lời chưa hợp lệ: không có phương án');
    expect(buttonsOf(bad)).toHaveLength(4);
    const u1 = await say(user, shownNumber(k4, 'Bỏ, không làm thủ tục'));
    expect(textOf(u1)).toContain('Câu 7/11');
    expect(buttonsOf(u1).map((b) => b.title)).toEqual(['Có', 'Không']);
    expect(textOf(await say(user, 'Có'))).toContain('Câu 8/11'); // u2 shown because u1 = yes
  });

  it('pauses, lets other messages through, and resumes where it stopped', async () => {
    expect(textOf(await say(user, 'dừng khảo sát'))).toContain('Đã tạm dừng khảo sát');
    const other = await say(user, 'menu');
    expect(textOf(other)).not.toContain('Câu 8/11');
    const resumed = await say(user, 'khảo sát');
    expect(textOf(resumed)).toContain('Tiếp tục khảo sát');
    expect(textOf(resumed)).toContain('Câu 8/11');
    expect(textOf(await say(user, '6'))).toContain('điểm 6 nằm ngoài thang 1–5');
    expect(textOf(await say(user, '4'))).toContain('Câu 10/11'); // u3 skipped by the skip logic
    const t1 = await say(user, '1, 3');
    expect(textOf(t1)).toContain('Câu 11/11');
    expect(buttonsOf(t1).map((b) => b.title)).toEqual(['Bỏ qua']);
    const done = await say(user, 'bỏ qua');
    expect(textOf(done)).toContain('Cảm ơn bạn đã hoàn thành khảo sát');
  });

  it('stored one anonymous response with the answers and commune, and refuses a second', async () => {
    const rows = await app.database.db.select().from(surveyResponses);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      surveyId: 'citizen-cchc-2025',
      channel: 'chat',
      respondentZaloId: null,
      understands: true,
      knowledgeCorrect: 3,
    });
    expect(row.areaCode).toMatch(/khanh-hoa/);
    // The order shown is kept with the response: a permutation of each knowledge question's options.
    const order = row.optionOrder as Record<string, string[]>;
    expect(Object.keys(order)).toEqual(['k1', 'k2', 'k3', 'k4']);
    expect([...order.k1!].sort()).toEqual(['a', 'b', 'c', 'dk']);
    expect(row.answers).toEqual({
      r1: 'a',
      s1: 5,
      k1: 'b',
      k2: 'b',
      k3: 'b',
      k4: 'c',
      u1: 'yes',
      u2: 4,
      c1: ['a', 'c'],
    });
    expect(JSON.stringify(rows)).not.toContain(user);
    expect(textOf(await say(user, '#survey:citizen-cchc-2025'))).toContain('đã trả lời khảo sát này');
  });

  it('offers the remaining survey directly; declining consent stores nothing', async () => {
    const consent = await say(user, 'khảo sát');
    expect(textOf(consent)).toContain('cán bộ, công chức, viên chức');
    expect(textOf(await say(user, 'Không đồng ý'))).toContain('không ghi nhận thông tin nào');
    const [count] = await app.database.db.select({ n: sql<number>`count(*)::int` }).from(surveyResponses);
    expect(count!.n).toBe(1);
  });

  it('one response per person across channels: answered in the mini-app, refused in chat', async () => {
    const chatUser = 'chat-survey-user-cross';
    await say(chatUser, 'xin chào');
    // Zalo's OA events carry the app-scoped id (user_id_by_app): the id the mini-app session knows.
    await app.database.db
      .update(followers)
      .set({ userIdByApp: 'app-person-1' })
      .where(eq(followers.zaloUserId, chatUser));
    const signer = new SessionSigner(app.config.SESSION_SECRET, app.clock);
    const token = signer.sign({ zaloUserId: 'app-person-1', name: 'Người thử', kind: 'dev' }).token;
    const submitted = await request(app.express)
      .post('/api/miniapp/surveys/citizen-cchc-2025')
      .set('authorization', `Bearer ${token}`)
      .send({ consent: true, answers: citizenAnswers(), areaCode: 'phuong-vinh-phuoc', language: 'vi' });
    expect(submitted.status).toBe(201);
    expect(textOf(await say(chatUser, '#survey:citizen-cchc-2025'))).toContain('đã trả lời khảo sát này');
  });

  it('speaks the follower language (English) and refuses to skip a required question', async () => {
    const en = 'chat-survey-user-en';
    await say(en, '#lang en');
    const consent = await say(en, '#survey:civil-servant-cchc-2025');
    expect(textOf(consent)).toContain('Decree 13/2023/NĐ-CP');
    const q1 = await say(en, 'I agree'); // no commune asked in the civil-servant survey
    expect(textOf(q1)).toContain('Question 1/10: Where do you work?');
    expect(textOf(await say(en, 'skip'))).toContain('This question is required');
    expect(textOf(await say(en, 'cancel survey'))).toContain('Survey cancelled');
  });

  it('on 2026-12-01 offers the 2026 surveys, which cite the law in force', async () => {
    app.clock.set('2026-12-01T03:00:00Z');
    const person = 'chat-survey-user-2026';
    const invite = await say(person, 'khảo sát');
    expect(buttonsOf(invite).map((b) => b.payload)).toEqual([
      '#survey:citizen-cchc-2026',
      '#survey:civil-servant-cchc-2026',
    ]);
    const consent = await say(person, '#survey:civil-servant-cchc-2026');
    expect(textOf(consent)).toContain('Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15');
    const r1 = await say(person, 'Đồng ý');
    expect(textOf(r1)).toContain('Bạn đang công tác tại đâu?');
    expect(textOf(r1)).not.toContain('huyện');
  });

  describe("the follower's commune (issue 18)", () => {
    it('a follower with a commune answers without being asked; the response carries that commune', async () => {
      const person = 'chat-survey-commune-known';
      await say(person, 'xin chào');
      await app.database.db
        .update(followers)
        .set({ areaCode: 'phuong-vinh-phuoc' })
        .where(eq(followers.zaloUserId, person));
      await say(person, '#survey:citizen-cchc-2026');
      const q1 = await say(person, 'Đồng ý');
      expect(textOf(q1)).toMatch(/Xã\/phường: Phường Vĩnh Phước \(gõ "đổi xã" để đổi\)/);
      expect(textOf(q1)).not.toContain('xã, phường nào');
      expect(textOf(q1)).not.toContain('Lưu xã/phường');
      expect(textOf(q1)).toContain('Câu 1/');
      await answerRest(person, q1);
      const [row] = await app.database.db
        .select()
        .from(surveyResponses)
        .where(eq(surveyResponses.surveyId, 'citizen-cchc-2026'));
      expect(row!.areaCode).toBe('phuong-vinh-phuoc');
    });

    it('one without a commune answers the question, says "Có": the follower row then has the commune', async () => {
      const person = 'chat-survey-commune-yes';
      await say(person, '#survey:citizen-cchc-2026');
      expect(textOf(await say(person, 'Đồng ý'))).toContain('xã, phường nào');
      expect(await communeOf(person)).toBeNull();
      expect(textOf(await say(person, 'phu loi'))).toContain('Lưu xã/phường này cho các tin sau?');
      // Neither yes nor no: the same question again, nothing saved.
      const again = await say(person, 'để tôi nghĩ');
      expect(textOf(again)).toContain('Lưu xã/phường này cho các tin sau?');
      expect(await communeOf(person)).toBeNull();
      const q1 = await say(person, 'Có');
      expect(textOf(q1)).toContain('Đã lưu xã/phường của bạn');
      expect(textOf(q1)).toContain('Câu 1/');
      expect(await communeOf(person)).toMatch(/phu-loi/);
      // A later survey uses the saved commune without asking.
      expect(textOf(await say(person, 'hủy khảo sát'))).toContain('Đã hủy');
      await say(person, '#survey:citizen-cchc-2026');
      const next = await say(person, 'Đồng ý');
      expect(textOf(next)).toContain('Xã/phường: Phường Phú Lợi');
      expect(textOf(next)).toContain('Câu 1/');
    });

    it('says "Không": the follower stays without a commune, the response still has it', async () => {
      const person = 'chat-survey-commune-no';
      await say(person, '#survey:citizen-cchc-2026');
      await say(person, 'Đồng ý');
      await say(person, 'vinh phuoc');
      const q1 = await say(person, 'Không');
      expect(textOf(q1)).toContain('Câu 1/');
      expect(textOf(q1)).not.toContain('Đã lưu');
      await answerRest(person, q1);
      expect(await communeOf(person)).toBeNull();
      const rows = await app.database.db
        .select()
        .from(surveyResponses)
        .where(eq(surveyResponses.surveyId, 'citizen-cchc-2026'));
      expect(rows.map((r) => r.areaCode)).toEqual(['phuong-vinh-phuoc', 'phuong-vinh-phuoc']);
    });

    it('"đổi xã" typed during the survey: the response is for the commune just given', async () => {
      const person = 'chat-survey-commune-change';
      await say(person, 'xin chào');
      await app.database.db
        .update(followers)
        .set({ areaCode: 'phuong-vinh-phuoc' })
        .where(eq(followers.zaloUserId, person));
      await say(person, '#survey:citizen-cchc-2026');
      expect(textOf(await say(person, 'Đồng ý'))).toContain('Xã/phường: Phường Vĩnh Phước');
      await say(person, 'đổi xã');
      expect(textOf(await say(person, 'phu loi'))).toContain('Đã lưu: Phường Phú Lợi');
      await answerRest(person, []);
      const rows = await app.database.db
        .select()
        .from(surveyResponses)
        .where(eq(surveyResponses.surveyId, 'citizen-cchc-2026'));
      expect(rows.map((r) => r.areaCode)).toEqual([
        'phuong-vinh-phuoc',
        'phuong-vinh-phuoc',
        'phuong-phu-loi',
      ]);
    });
  });
});
