import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
// One source of truth for the words: the backend's locale files (content/locales/<lng>/quiz.json).
import vi from '../../content/locales/vi/quiz.json';
import km from '../../content/locales/km/quiz.json';
import en from '../../content/locales/en/quiz.json';

export const languages = [
  { code: 'vi', label: 'Tiếng Việt' },
  { code: 'km', label: 'ភាសាខ្មែរ' },
  { code: 'en', label: 'English' },
] as const;

const saved = localStorage.getItem('miniapp_lang');
void i18next.use(initReactI18next).init({
  resources: { vi: { quiz: vi }, km: { quiz: km }, en: { quiz: en } },
  lng: saved && ['vi', 'km', 'en'].includes(saved) ? saved : 'vi',
  fallbackLng: 'vi',
  ns: ['quiz'],
  defaultNS: 'quiz',
  interpolation: { escapeValue: false },
});

export function setLanguage(code: string) {
  localStorage.setItem('miniapp_lang', code);
  void i18next.changeLanguage(code);
  document.documentElement.lang = code;
}

/** Dates in the contest's time zone, whatever the phone's setting. */
export function formatTime(iso: string, lng: string): string {
  return new Intl.DateTimeFormat(lng === 'km' ? 'km-KH' : lng === 'en' ? 'en-GB' : 'vi-VN', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(iso));
}

export default i18next;
