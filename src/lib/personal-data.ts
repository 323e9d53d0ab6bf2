/**
 * Masks a phone number for display to roles that may not see it: 0912345678 → 091****678. Used by the followers
 * list, quiz registrations and survey exports; the logger never sees a phone number in the first place.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 6)}${digits.slice(-3)}`;
}
