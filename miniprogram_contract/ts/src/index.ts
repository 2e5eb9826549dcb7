export {
  MirrorClient,
  METHOD_OVERRIDE_HEADER,
  memoryTokens,
  wxStorageTokens,
  type BuyArgs,
  type CallArgs,
  type CallResult,
  type ClientOptions,
  type Order,
  type Schemas,
  type TokenPair,
  type TokenStore,
  type UploadForm,
  type UploadPhotoArgs,
  type UploadResult,
} from "./client";
export {
  ApiError,
  PaymentError,
  TransportError,
  UploadError,
  isApiError,
  isKnownReason,
  type CallReason,
  type ErrorBody,
} from "./errors";
export {
  ERROR_REASONS,
  GENERIC_REASONS,
  OPERATIONS,
  type ErrorReason,
  type GenericReason,
  type OperationId,
  type OperationReason,
} from "./generated/operations";
export type { components, operations, paths } from "./generated/schema";
export type * from "./wx";
