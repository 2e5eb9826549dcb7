"""OSS's error convention: an HTTP status plus an ``<Error>`` XML body.

Shape as OSS sends it: Code, Message, RequestId, HostId, then code-specific extras
(e.g. OSSAccessKeyId/SignatureProvided/StringToSign for SignatureDoesNotMatch).
HEAD responses carry no body, so the XML also goes base64 into ``x-oss-err`` (oss2 reads it).
"""

from __future__ import annotations

import base64
import secrets
from xml.sax.saxutils import escape

# Message wording as OSS sends it, per code (OSSDOC "HTTP 4xx errors").
MESSAGES: dict[str, tuple[int, str]] = {
    "AccessDenied": (403, "You have no right to access this object because of bucket acl."),
    "SignatureDoesNotMatch": (
        403,
        "The request signature we calculated does not match the signature you provided. "
        "Check your key and signing method.",
    ),
    "InvalidAccessKeyId": (403, "The OSS Access Key Id you provided does not exist in our records."),
    "InvalidSecurityToken": (403, "The security token you provided is invalid."),
    "SecurityTokenExpired": (403, "The security token you provided has expired."),
    "RequestTimeTooSkewed": (
        403,
        "The difference between the request time and the current time is too large.",
    ),
    "NoSuchBucket": (404, "The specified bucket does not exist."),
    "NoSuchKey": (404, "The specified key does not exist."),
    "InvalidArgument": (400, "Invalid argument."),
    "InvalidDigest": (400, "The Content-MD5 you specified is not valid."),
    "MissingArgument": (400, "Missing Some Required Arguments."),
    "MalformedXML": (
        400,
        "The XML you provided was not well-formed or did not validate against our published schema.",
    ),
    "InvalidObjectName": (400, "The specified object is not valid."),
    "EntityTooLarge": (400, "Your proposed upload exceeds the maximum allowed size."),
    "EntityTooSmall": (400, "Your proposed upload smaller than the minimum allowed size."),
    "InvalidPolicyDocument": (400, "Invalid Policy"),
    "MalformedPOSTRequest": (
        400,
        "The body of your POST request is not well-formed multipart/form-data.",
    ),
    "FileAlreadyExists": (409, "The object you specified already exists and can not be overwritten."),
    "InvalidRange": (416, "The requested range cannot be satisfied."),
    "CallbackFailed": (203, "Error status : -1."),
    "InternalError": (500, "We encountered an internal error. Please try again."),
    "ServiceUnavailable": (503, "Please reduce your request rate."),
}


def new_request_id() -> str:
    # Real ids are 24 upper-case hex digits; clients must not parse them.
    return secrets.token_hex(12).upper()


class OssError(Exception):
    """Raised anywhere in the emulator; rendered as OSS error XML by the API blueprint."""

    def __init__(
        self,
        code: str,
        message: str | None = None,
        status: int | None = None,
        **extra: str,
    ) -> None:
        default_status, default_message = MESSAGES.get(code, (400, code))
        super().__init__(code, message or default_message)
        self.code = code
        self.message = message or default_message
        self.status = status or default_status
        self.extra = extra  # additional child elements, in order


def error_xml(error: OssError, request_id: str, host_id: str) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n',
        f"  <Code>{escape(error.code)}</Code>\n",
        f"  <Message>{escape(error.message)}</Message>\n",
        f"  <RequestId>{escape(request_id)}</RequestId>\n",
        f"  <HostId>{escape(host_id)}</HostId>\n",
    ]
    parts += [f"  <{name}>{escape(value)}</{name}>\n" for name, value in error.extra.items()]
    parts.append("</Error>\n")
    return "".join(parts).encode("utf-8")


def x_oss_err(body: bytes) -> str:
    return base64.b64encode(body).decode("ascii")
