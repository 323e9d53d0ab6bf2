import { Router } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from './console.deps.ts';
import type { ConsoleIntegrations } from './console.integrations.ts';
import { permit } from './console.auth.ts';
import { audit, auditActor } from './audit.service.ts';
import { unavailable } from './followers.routes.ts';
import { AppError } from '../http/errors.ts';
import { ZaloReauthRequiredError } from '../zalo/token.service.ts';

const reauthSchema = z.object({
  refreshToken: z.string().trim().min(20, 'Refresh token không hợp lệ (quá ngắn).').max(2000),
});

/** How to get a new refresh token when Zalo no longer accepts ours (shown on the settings page). */
export function reauthorisationSteps(canReauthorise: boolean): string[] {
  return [
    'Cách mặc định: bấm "Kết nối OA qua Zalo", đăng nhập bằng tài khoản quản trị OA, chọn đúng OA và đồng ý cấp quyền; hệ thống tự nhận mã truy cập. Cách dự phòng là các bước dưới đây.',
    'Quản trị viên của ứng dụng Zalo gắn với OA đăng nhập Zalo for Developers (developers.zalo.me) và thực hiện lại bước cấp quyền cho Official Account theo hướng dẫn chính thức của Zalo.',
    'Nhận Refresh Token mới: mỗi token chỉ dùng được một lần và có hiệu lực khoảng 3 tháng.',
    canReauthorise
      ? 'Dán Refresh Token vào ô bên dưới và bấm "Lưu"; hệ thống tự làm mới Access Token từ đó.'
      : 'Chuyển Refresh Token cho người quản trị máy chủ để nạp vào hệ thống, qua kênh bảo mật (không gửi qua tin nhắn hay thư điện tử thông thường).',
  ];
}

/** Settings: the OA connection state and re-authorisation. */
export function settingsRoutes(deps: ConsoleDeps, integrations: ConsoleIntegrations): Router {
  const router = Router();
  router.get('/', permit('settings.manage'), async (_req, res) => {
    const oa = integrations.oa
      ? await integrations.oa.state().catch(() => ({
          status: 'unknown' as const,
          expiresAt: null,
          detail: 'Không đọc được trạng thái.',
        }))
      : { status: 'unknown' as const, expiresAt: null, detail: 'Mô-đun kết nối Zalo chưa được cấu hình.' };
    res.json({
      oa: {
        ...oa,
        oaId: deps.config.ZALO_OA_ID ?? null,
        appId: deps.config.ZALO_APP_ID ?? null,
        canReauthorise: Boolean(integrations.oa?.reauthorise),
      },
      reauthorisationSteps: reauthorisationSteps(Boolean(integrations.oa?.reauthorise)),
      session: {
        idleMinutes: deps.config.CONSOLE_SESSION_IDLE_MINUTES,
        maxHours: deps.config.CONSOLE_SESSION_MAX_HOURS,
        lockoutAttempts: deps.config.CONSOLE_LOCKOUT_ATTEMPTS,
        lockoutMinutes: deps.config.CONSOLE_LOCKOUT_MINUTES,
      },
    });
  });
  router.post('/oa/reauthorise', permit('settings.manage'), async (req, res) => {
    const { refreshToken } = reauthSchema.parse(req.body);
    if (!integrations.oa?.reauthorise) throw unavailable('oa.reauthorise');
    let failure: unknown;
    try {
      await integrations.oa.reauthorise(refreshToken);
    } catch (err) {
      failure = err;
    }
    // Audited either way: replacing the OA's credentials is sensitive even when Zalo turns the token down.
    await audit(deps, {
      ...auditActor(req),
      action: 'settings.change',
      targetType: 'setting',
      targetId: 'zalo.refresh_token',
      details: { accepted: failure === undefined },
    });
    if (failure instanceof ZaloReauthRequiredError) {
      throw new AppError(
        'bad_request',
        `refresh token rejected: ${failure.reason}`,
        'Zalo không chấp nhận Refresh Token này (sai, đã dùng hoặc đã hết hạn). Hãy cấp quyền lại cho OA và dán token mới.',
      );
    }
    if (failure) {
      deps.logger.warn({ err: failure }, 'refresh token stored, exchange failed');
      throw new AppError(
        'unavailable',
        'refresh token stored, exchange failed',
        'Đã lưu Refresh Token nhưng chưa liên lạc được với Zalo để kiểm tra; hệ thống sẽ tự thử lại.',
      );
    }
    res.status(204).end();
  });
  return router;
}
