// What validating and previewing a topic needs: the local details and the chat's own answer builder.
import type { i18n } from 'i18next';
import type { Language } from '../chat/chat.types.ts';
import { loadLocalDetailsSync, type FaqTopic } from './knowledge-base.ts';
import { citizenAnswer } from './faq.feature.ts';
import type { ContentContext } from './kb.validation.ts';

/** Local details (read once) and the chat's own answer builder, for validation and the console's preview. */
export function contentContext(contentDir: string, i18nInstance: i18n): ContentContext {
  let local: Record<string, string> | undefined;
  return {
    local: () => (local ??= loadLocalDetailsSync(contentDir)),
    message: (topic: FaqTopic, lang: Language) =>
      citizenAnswer(
        topic,
        lang,
        (key, options) => i18nInstance.getFixedT(lang, 'chat')(key, options) as string,
      ),
  };
}
