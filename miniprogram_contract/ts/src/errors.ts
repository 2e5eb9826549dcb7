import {
  ERROR_REASONS,
  type ErrorReason,
  type OPERATIONS,
  type OperationId,
  type OperationReason,
} from "./generated/operations";

/**
 * The reasons a call of operation `O` may fail with: those it declares, those of any route, and for
 * an operation that needs login those of `auth_refresh` (a failed refresh ends the call with them).
 */
export type CallReason<O extends OperationId> =
  | OperationReason<O>
  | ((typeof OPERATIONS)[O]["auth"] extends true ? OperationReason<"auth_refresh"> : never);

/** The error envelope every non-2xx answer of the server carries. */
export interface ErrorBody {
  code: number;
  status: string;
  message: string;
  reason: string;
  errors?: Record<string, unknown>;
}

/**
 * The server answered with its error envelope. `reason` is stable and machine-readable; branch on
 * it (`isApiError(err, "orders_create")` narrows it to that operation's reasons). `message` is
 * Chinese, for people.
 */
export class ApiError<R extends string = ErrorReason> extends Error {
  readonly name = "ApiError";
  readonly status: number;
  readonly reason: R;
  /** Field errors of a 422 `validation_error`, keyed by field name (Chinese messages). */
  readonly errors: Record<string, unknown>;
  readonly operationId: OperationId;
  /** Seconds to wait before trying again (429, 503), from the Retry-After header. */
  readonly retryAfter: number | null;
  readonly body: ErrorBody;

  constructor(operationId: OperationId, status: number, body: ErrorBody, retryAfter: number | null = null) {
    super(body.message);
    this.operationId = operationId;
    this.status = status;
    this.reason = body.reason as R;
    this.errors = body.errors ?? {};
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

/** A wx call failed (network, timeout, domain not allowed), or the answer was not the API's. */
export class TransportError extends Error {
  readonly name = "TransportError";
  constructor(
    readonly api: "request" | "uploadFile" | "requestPayment",
    readonly errMsg: string,
    readonly statusCode: number | null = null,
  ) {
    super(`wx.${api}: ${errMsg}`);
  }
}

/** OSS refused the upload (expired form, wrong type or size, object already there). */
export class UploadError extends Error {
  readonly name = "UploadError";
  constructor(
    readonly statusCode: number,
    /** OSS's own error code, e.g. `AccessDenied`, `EntityTooLarge`, `FileAlreadyExists`. */
    readonly ossCode: string | null,
    readonly ticketId: string,
    readonly responseText: string,
  ) {
    super(`upload refused by OSS: ${statusCode} ${ossCode ?? ""}`.trim());
  }
}

/**
 * The payment did not end paid: `cancelled` (the user closed the sheet), `failed` (wx.requestPayment
 * failed otherwise), `closed` (the order expired or was closed), `pending` (still unpaid when polling
 * gave up: poll `orders_get` again later, the server settles it from WeChat Pay's notification).
 */
export class PaymentError extends Error {
  readonly name = "PaymentError";
  constructor(
    readonly kind: "cancelled" | "failed" | "closed" | "pending",
    readonly orderId: string,
    readonly errMsg: string | null = null,
  ) {
    super(`payment ${kind}: order ${orderId}${errMsg ? ` (${errMsg})` : ""}`);
  }
}

/** True when `err` is an ApiError; with an operationId, its `reason` is narrowed to that operation's. */
export function isApiError<O extends OperationId>(err: unknown, operationId?: O): err is ApiError<CallReason<O>> {
  return err instanceof ApiError && (operationId === undefined || err.operationId === operationId);
}

/** True for a reason the OpenAPI document declares (a newer server may send one this build lacks). */
export function isKnownReason(reason: string): reason is ErrorReason {
  return Object.prototype.hasOwnProperty.call(ERROR_REASONS, reason);
}

export function isErrorBody(data: unknown): data is ErrorBody {
  if (typeof data !== "object" || data === null) return false;
  const body = data as Record<string, unknown>;
  return typeof body.reason === "string" && typeof body.message === "string" && typeof body.code === "number";
}
