/** Labels and colours of content and broadcast states, shared by the library, broadcasts and the plan calendar. */
export const statusLabel: Record<string, { text: string; color: string }> = {
  draft: { text: 'Bản nháp', color: 'default' },
  submitted: { text: 'Chờ duyệt', color: 'gold' },
  approved: { text: 'Đã duyệt', color: 'green' },
  rejected: { text: 'Bị từ chối', color: 'red' },
  scheduled: { text: 'Đã lên lịch', color: 'blue' },
  sending: { text: 'Đang gửi', color: 'processing' },
  sent: { text: 'Đã gửi', color: 'success' },
  partly_failed: { text: 'Gửi lỗi một phần', color: 'orange' },
  cancelled: { text: 'Đã huỷ', color: 'default' },
};

/** Runs a change, tells the outcome and reloads the list; true when it worked. */
export type RunChange = (fn: () => Promise<unknown>, ok: string) => Promise<boolean>;
