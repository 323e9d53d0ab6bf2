import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from 'pino';

/** The app's one error type: a stable code for programs, an internal message for logs, and an optional message for people. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly userMessage?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export type AppErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const statusByCode: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const defaultUserMessage: Record<AppErrorCode, string> = {
  bad_request: 'Yêu cầu không hợp lệ.',
  validation: 'Dữ liệu gửi lên chưa đúng. Vui lòng kiểm tra các trường được nêu.',
  unauthorized: 'Bạn cần đăng nhập để tiếp tục.',
  forbidden: 'Bạn không có quyền thực hiện thao tác này.',
  not_found: 'Không tìm thấy nội dung yêu cầu.',
  conflict: 'Thao tác bị trùng hoặc xung đột với dữ liệu hiện có.',
  gone: 'Nội dung này không còn hiệu lực.',
  payload_too_large: 'Dữ liệu gửi lên quá lớn.',
  unsupported_media_type: 'Định dạng dữ liệu không được hỗ trợ. Vui lòng gửi JSON.',
  rate_limited: 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.',
  unavailable: 'Hệ thống tạm thời chưa sẵn sàng. Vui lòng thử lại sau.',
  internal: 'Đã có lỗi xảy ra. Vui lòng thử lại sau.',
};

/** One field problem in a 400 answer: where and what, in words a person understands. */
export interface FieldProblem {
  path: string;
  message: string;
}

export function zodProblems(error: ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

/** Shapes any thrown value into the JSON error answer; never leaks a stack or an internal message on 500. */
export function toErrorBody(err: unknown): { status: number; body: { error: Record<string, unknown> } } {
  if (err instanceof ZodError) {
    return {
      status: 400,
      body: {
        error: { code: 'validation', message: defaultUserMessage.validation, fields: zodProblems(err) },
      },
    };
  }
  if (err instanceof AppError) {
    const error: Record<string, unknown> = {
      code: err.code,
      message: err.userMessage ?? defaultUserMessage[err.code],
    };
    if (err.details !== undefined) error.details = err.details;
    return { status: statusByCode[err.code], body: { error } };
  }
  const bodyParser = bodyParserError(err);
  if (bodyParser) return bodyParser;
  const client = clientStatusError(err);
  if (client) return client;
  return { status: 500, body: { error: { code: 'internal', message: defaultUserMessage.internal } } };
}

/**
 * Library errors that carry a 4xx status (Express's "Failed to decode param" URIError, send's 400/403/404/416):
 * the caller's fault, so a 4xx with a generic message, never a 500.
 */
function clientStatusError(err: unknown): ReturnType<typeof toErrorBody> | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const status =
    (err as { status?: unknown; statusCode?: unknown }).status ??
    (err as { statusCode?: unknown }).statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (err instanceof URIError || status === 400) {
    return {
      status: 400,
      body: {
        error: { code: 'bad_request', message: 'Địa chỉ yêu cầu có ký tự không hợp lệ (mã %-escape sai).' },
      },
    };
  }
  if (status === 404)
    return { status, body: { error: { code: 'not_found', message: defaultUserMessage.not_found } } };
  if (status === 403)
    return { status, body: { error: { code: 'forbidden', message: defaultUserMessage.forbidden } } };
  return { status, body: { error: { code: 'bad_request', message: defaultUserMessage.bad_request } } };
}

/** Errors thrown by express.json() carry a `type` and a `status`; map the ones a client can cause. */
function bodyParserError(err: unknown): ReturnType<typeof toErrorBody> | undefined {
  if (typeof err !== 'object' || err === null || !('type' in err)) return undefined;
  const type = (err as { type: unknown }).type;
  const make = (status: number, code: AppErrorCode, message: string) => ({
    status,
    body: { error: { code, message } },
  });
  switch (type) {
    case 'entity.parse.failed':
      return make(400, 'bad_request', 'Nội dung JSON không đọc được (sai cú pháp).');
    case 'entity.too.large':
      return make(413, 'payload_too_large', defaultUserMessage.payload_too_large);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return make(415, 'unsupported_media_type', 'Bảng mã ký tự không được hỗ trợ. Vui lòng dùng UTF-8.');
    case 'request.aborted':
      return make(400, 'bad_request', 'Yêu cầu bị ngắt giữa chừng.');
    default:
      return undefined;
  }
}

/** Told about every 5xx; answers true when the error was a storage fault (then the answer is a 503, not a 500). */
export interface StorageFaultReporter {
  report(err: unknown): boolean;
}

export function errorHandler(logger: Logger, storage?: StorageFaultReporter): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const mapped = toErrorBody(err);
    const storageFault = mapped.status >= 500 && storage?.report(err) === true;
    const { status, body } = storageFault
      ? {
          status: 503,
          body: {
            error: {
              code: 'unavailable',
              message: 'Hệ thống lưu trữ dữ liệu đang gặp sự cố. Vui lòng thử lại sau ít phút.',
            },
          },
        }
      : mapped;
    if (status >= 500) logger.error({ err, reqId: req.id, storageFault }, 'request failed');
    else logger.debug({ code: body.error.code, reqId: req.id }, 'request rejected');
    if (res.headersSent) return;
    res.status(status).json(body);
  };
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'Không tìm thấy địa chỉ này.' } });
};

/** Refuses bodies that are not JSON on routes that only take JSON (a form post must not arrive as `{}`). */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    next(new AppError('unsupported_media_type', `content-type ${req.headers['content-type'] ?? 'none'}`));
    return;
  }
  next();
};
