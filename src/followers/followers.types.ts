/** Languages the bot speaks; Vietnamese is the default and the fallback. */
export type Language = 'vi' | 'km' | 'en';

/** The citizen as the chat pipeline sees them (a row of the followers table, trimmed). */
export interface ChatFollower {
  id: string; // internal id
  zaloUserId: string;
  /** The same person's id as the Zalo app (and its mini-app) sees it, when Zalo's events told us. */
  userIdByApp?: string | null;
  displayName: string | null;
  language: Language;
  areaCode: string | null;
  optedOut: boolean;
}
