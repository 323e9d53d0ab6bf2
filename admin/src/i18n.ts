import vi from '../../content/locales/vi/console.json';

/** The console speaks Vietnamese; labels live in content/locales/vi/console.json beside the other namespaces. */
export const t = vi;
export type RoleName = keyof typeof vi.roles;
export const roleLabel = (role: string) => (vi.roles as Record<string, string>)[role] ?? role;
