"""Short pastes to try the decoder on, offered on its page and when a paste has no SIP in it.
Titles are written to read well in the middle of a sentence."""

EXAMPLES = {
    "busy": (
        "a busy callee, with the ISDN cause",
        """SIP/2.0 486 Busy Here
Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-ex1
From: <sip:2001@pbx.example.com>;tag=e1
To: <sip:+15557654321@carrier.example.net>;tag=e2
Call-ID: example-busy@pbx.example.com
CSeq: 102 INVITE
Reason: Q.850;cause=17;text="User busy"
Server: CarrierSBC/4.2
Content-Length: 0
""",
    ),
    "challenge": (
        "a phone registering: the 401 challenge",
        """REGISTER sip:pbx.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bK-ex2
From: <sip:1001@pbx.example.com>;tag=r1
To: <sip:1001@pbx.example.com>
Call-ID: example-register@192.0.2.21
CSeq: 1 REGISTER
User-Agent: Yealink SIP-T46U 108.86.0.45
Content-Length: 0

SIP/2.0 401 Unauthorized
Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bK-ex2
From: <sip:1001@pbx.example.com>;tag=r1
To: <sip:1001@pbx.example.com>;tag=r2
Call-ID: example-register@192.0.2.21
CSeq: 1 REGISTER
WWW-Authenticate: Digest realm="pbx.example.com", nonce="6a1f", algorithm=MD5
Content-Length: 0
""",
    ),
    "disagree": (
        "a Reason that disagrees with the status line",
        """SIP/2.0 480 Temporarily Unavailable
Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-ex3
From: <sip:2001@pbx.example.com>;tag=d1
To: <sip:+15557654321@carrier.example.net>;tag=d2
Call-ID: example-disagree@pbx.example.com
CSeq: 7 INVITE
Reason: Q.850;cause=17;text="User busy"
Content-Length: 0
""",
    ),
}
