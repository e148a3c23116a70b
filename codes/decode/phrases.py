"""The reason phrases the reader recognises next to a bare number in a log line.

A number in a log is a status code only when a phrase it is known by stands beside it
("407 Proxy Authentication Required"), so timestamps, ports, byte counts and CSeq numbers never
become codes. The phrases are the IANA "Response Codes" registry's (RFC 3261 §21 and the RFCs
that added codes since), and a few variants that SIP stacks print and that fixtures/aliases.json
documents. The database stays the reference for what a code means; this table only recognises.
"""

import re

PHRASES: dict[int, tuple[str, ...]] = {
    100: ("Trying", "Giving a try"),  # belle-sip (linphone) answers "100 Giving a try"
    180: ("Ringing",), 181: ("Call Is Being Forwarded",), 182: ("Queued",),
    183: ("Session Progress", "Session in Progress"), 199: ("Early Dialog Terminated",),
    200: ("OK",), 202: ("Accepted",), 204: ("No Notification",),
    300: ("Multiple Choices",), 301: ("Moved Permanently",), 302: ("Moved Temporarily",), 305: ("Use Proxy",),
    380: ("Alternative Service",),
    400: ("Bad Request",), 401: ("Unauthorized",), 402: ("Payment Required",), 403: ("Forbidden",),
    404: ("Not Found",), 405: ("Method Not Allowed",), 406: ("Not Acceptable",),
    407: ("Proxy Authentication Required",), 408: ("Request Timeout",), 410: ("Gone",),
    412: ("Conditional Request Failed",), 413: ("Request Entity Too Large",), 414: ("Request-URI Too Long",),
    415: ("Unsupported Media Type",), 416: ("Unsupported URI Scheme",), 417: ("Unknown Resource-Priority",),
    420: ("Bad Extension",), 421: ("Extension Required",), 422: ("Session Interval Too Small",),
    423: ("Interval Too Brief",), 424: ("Bad Location Information",), 425: ("Bad Alert Message",),
    428: ("Use Identity Header",), 429: ("Provide Referrer Identity",), 430: ("Flow Failed",),
    433: ("Anonymity Disallowed",), 436: ("Bad Identity Info",), 437: ("Unsupported Credential",),
    438: ("Invalid Identity Header",), 439: ("First Hop Lacks Outbound Support",), 440: ("Max-Breadth Exceeded",),
    469: ("Bad Info Package",), 470: ("Consent Needed",), 480: ("Temporarily Unavailable",),
    481: ("Call/Transaction Does Not Exist", "Call Leg/Transaction Does Not Exist"), 482: ("Loop Detected",),
    483: ("Too Many Hops",), 484: ("Address Incomplete",), 485: ("Ambiguous",), 486: ("Busy Here",),
    487: ("Request Terminated", "Request Cancelled", "Request Canceled"), 488: ("Not Acceptable Here",),
    489: ("Bad Event",), 491: ("Request Pending",), 493: ("Undecipherable",),
    494: ("Security Agreement Required",),
    500: ("Server Internal Error", "Internal Server Error"), 501: ("Not Implemented",), 502: ("Bad Gateway",),
    503: ("Service Unavailable",), 504: ("Server Time-out", "Server Timeout"), 505: ("Version Not Supported",),
    513: ("Message Too Large",), 555: ("Push Notification Service Not Supported",), 580: ("Precondition Failure",),
    600: ("Busy Everywhere",), 603: ("Decline",), 604: ("Does Not Exist Anywhere",), 606: ("Not Acceptable",),
    607: ("Unwanted",), 608: ("Rejected",),
}


def known_phrase(code: int, text: str) -> str:
    """The phrase `code` is known by, as `text` starts with it ("Trying New dialog…" → "Trying"), or ""."""
    for phrase in sorted(PHRASES.get(code, ()), key=len, reverse=True):
        if re.match(re.escape(phrase) + r"(?![\w-])", text, re.IGNORECASE):
            return text[:len(phrase)]
    return ""
