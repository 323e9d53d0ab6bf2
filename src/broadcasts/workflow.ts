import { AppError } from '../http/errors.ts';
import type { ItemStatus } from './broadcasts.schema.ts';

/** What a person does to an item; each action moves it along one edge of the workflow. */
export type ItemAction =
  | 'edit'
  | 'submit'
  | 'approve'
  | 'reject'
  | 'schedule'
  | 'unschedule'
  | 'start_sending'
  | 'finish'
  | 'finish_partly'
  | 'cancel';

/** The workflow as data: from which states each action is allowed, and where it leads. */
const edges: Record<ItemAction, { from: readonly ItemStatus[]; to: ItemStatus }> = {
  // editing an approved (or submitted) item sends it back to draft: the approval was for other words
  edit: { from: ['draft', 'submitted', 'approved', 'rejected'], to: 'draft' },
  submit: { from: ['draft', 'rejected'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  schedule: { from: ['approved'], to: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'approved' },
  start_sending: { from: ['scheduled'], to: 'sending' },
  finish: { from: ['sending'], to: 'sent' },
  finish_partly: { from: ['sending'], to: 'partly_failed' },
  cancel: { from: ['draft', 'submitted', 'approved', 'rejected', 'scheduled', 'sending'], to: 'cancelled' },
};

export const statusLabels: Record<ItemStatus, string> = {
  draft: 'bản nháp',
  submitted: 'chờ duyệt',
  approved: 'đã duyệt',
  rejected: 'bị từ chối',
  scheduled: 'đã lên lịch',
  sending: 'đang gửi',
  sent: 'đã gửi',
  partly_failed: 'gửi lỗi một phần',
  cancelled: 'đã huỷ',
};

const actionLabels: Record<ItemAction, string> = {
  edit: 'sửa',
  submit: 'gửi duyệt',
  approve: 'duyệt',
  reject: 'từ chối',
  schedule: 'lên lịch gửi',
  unschedule: 'bỏ lịch gửi',
  start_sending: 'bắt đầu gửi',
  finish: 'hoàn tất',
  finish_partly: 'hoàn tất',
  cancel: 'huỷ',
};

export function canTransition(from: ItemStatus, action: ItemAction): boolean {
  return edges[action].from.includes(from);
}

/** The next status, or a 409 with a Vietnamese message saying why the action is not possible now. */
export function nextStatus(from: ItemStatus, action: ItemAction): ItemStatus {
  if (canTransition(from, action)) return edges[action].to;
  const hint =
    from === 'cancelled'
      ? ' Tin đã huỷ không thể tiếp tục; hãy tạo tin mới (sao chép nội dung) nếu cần gửi lại.'
      : '';
  throw new AppError(
    'conflict',
    `transition ${action} not allowed from ${from}`,
    `Không thể ${actionLabels[action]} tin đang ở trạng thái “${statusLabels[from]}”.${hint}`,
    { status: from, action },
  );
}
