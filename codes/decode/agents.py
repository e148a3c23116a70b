"""Naming the software behind a Server or User-Agent header (RFC 3261 §20.35, §20.41), so a
reader knows whether a PBX, a proxy, a gateway or a phone answered."""

import re

# (pattern, product, what it is). Products are matched by the name they put in the header.
PRODUCTS = [
    (r"\bAsterisk\b|\bFPBX\b|FreePBX", "Asterisk", "PBX"),
    (r"FreeSWITCH", "FreeSWITCH", "softswitch or PBX"),
    (r"3CX", "3CX", "PBX"),
    (r"\bkamailio\b", "Kamailio", "SIP proxy"),
    (r"OpenSIPS", "OpenSIPS", "SIP proxy"),
    (r"Cisco-SIPGateway|Cisco-CUCM|\bCUCM\b", "Cisco", "call manager or gateway"),
    (r"AudioCodes", "AudioCodes", "SBC or gateway"),
    (r"Ribbon|Sonus", "Ribbon (Sonus)", "SBC"),
    (r"Acme Packet|Oracle.*SBC", "Oracle (Acme Packet)", "SBC"),
    (r"Microsoft\.PSTNHub|Microsoft", "Microsoft", "Teams or Skype for Business service"),
    (r"Yealink", "Yealink", "phone"),
    (r"Polycom|\bPoly\b", "Poly (Polycom)", "phone"),
    (r"Grandstream", "Grandstream", "phone or gateway"),
    (r"\bsnom", "Snom", "phone"),
    (r"Fanvil", "Fanvil", "phone"),
    (r"Zoiper", "Zoiper", "softphone"),
    (r"Linphone", "Linphone", "softphone"),
    (r"MicroSIP", "MicroSIP", "softphone"),
    (r"Bria|CounterPath", "Bria (CounterPath)", "softphone"),
    (r"Obihai|\bOBi\d", "Obihai", "adapter"),
    (r"friendly-scanner|sipvicious|sipcli|VaxSIPUserAgent", "a SIP scanner", "scanner probing for open accounts"),
]
PATTERNS = [(re.compile(pattern, re.IGNORECASE), product, role) for pattern, product, role in PRODUCTS]


def identify(value: str) -> tuple[str, str]:
    """The product and what it is, or ("", "") when the header names nothing sipref knows."""
    for pattern, product, role in PATTERNS:
        if pattern.search(value[:500]):
            return product, role
    return "", ""
