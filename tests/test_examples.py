"""The content behind pages read at a glance: each code's typical exchange and the notes on its example
message, each guide's classic case, group and sources, and retry advice that adds to its policy."""

import re
from functools import cache

import pytest

from codes.decode import decode
from codes.models import ResponseCode, Symptom, SymptomGroup

pytestmark = pytest.mark.django_db

START_LINE = re.compile(r"^(?:SIP/2\.0 \d{3}\b.*|[A-Z]+ \S+ SIP/2\.0)$", re.MULTILINE)
IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
# Hosts in SIP and HTTP URIs (after any user part), after an @ (Call-ID, Content-ID) and in Via.
HOSTS = re.compile(r"\b(?:sips?:|https?://)(?:[^@\s;>/]*@)?([\w.-]+)|@([\w.-]+)|SIP/2\.0/[A-Z]+ ([\w.-]+)")
# RFC 5737's networks and the names RFC 2606 and RFC 6761 reserve for documentation.
DOCUMENTATION_NETWORKS = ("192.0.2.", "198.51.100.", "203.0.113.")
DOCUMENTATION_DOMAINS = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|invalid)$")


@cache
def decoded(text: str):
    return decode(text)


def codes_with_examples() -> list[ResponseCode]:
    return list(ResponseCode.objects.exclude(example_exchange=""))


def guides_with_examples() -> list[Symptom]:
    return list(Symptom.objects.exclude(example_exchange=""))


def exchanges() -> list[tuple[str, str]]:
    """Every example in the content, named for the assertion messages."""
    return ([(str(code.code), code.example_exchange) for code in codes_with_examples()]
            + [(guide.slug, guide.example_exchange) for guide in guides_with_examples()])


def undocumented_hosts(text: str) -> set[str]:
    addresses = {ip for ip in IPV4.findall(text) if not ip.startswith(DOCUMENTATION_NETWORKS)}
    names = {host.lower().rstrip(".") for match in HOSTS.findall(text) for host in match if host}
    names = {name for name in names if re.search("[a-z]", name) and not DOCUMENTATION_DOMAINS.search(name)}
    return addresses | names


def example_message(code: ResponseCode):
    messages = decoded(code.example_exchange).messages
    return next((m.message for m in messages if m.message.kind == "response" and m.message.code == code.code), None)


# Codes no short, realistic exchange can show: RFC 2543 codes no current stack sends (303, 409, 411), limits that
# take a message of kilobytes to reach (413, 414, 513), a 505 whose request line the decoder cannot read as SIP/2.0,
# S/MIME bodies nobody deploys (493), and a 430 between two proxies that a ladder drawn from the Request-URI would
# credit to the phone.
WITHOUT_EXAMPLE = {303, 409, 411, 413, 414, 430, 493, 505, 513}


def test_every_other_code_has_a_typical_exchange_with_notes():
    codes = codes_with_examples()
    assert set(ResponseCode.objects.values_list("code", flat=True)) - {code.code for code in codes} <= WITHOUT_EXAMPLE
    assert all(code.example_notes.strip() for code in codes)


def test_every_example_reads_as_one_exchange_of_whole_messages():
    for name, text in exchanges():
        decoding = decoded(text)
        assert len(decoding.dialogs) == 1 and decoding.dialogs[0].summary, name
        kinds = [m.message.kind for m in decoding.messages]
        assert set(kinds) <= {"request", "response"}, (name, kinds)
        assert len(kinds) == len(START_LINE.findall(text)) >= 2, name
        call_ids = {m.call_id for m in decoding.messages}
        assert len(call_ids) == 1 and "" not in call_ids, name
        assert all(m.message.header("CSeq") for m in decoding.messages), name


def test_each_code_example_holds_the_response_with_that_code():
    for code in codes_with_examples():
        assert example_message(code) is not None, code.code


def test_the_notes_name_headers_of_the_example_message():
    for code in codes_with_examples():
        message = example_message(code)
        for line in code.example_notes.splitlines():
            name, _, says = line.partition(": ")
            assert says.strip(), f"{code.code}: “{line}” is not “Header-Name: what it says”"
            assert message.header(name) is not None, f"{code.code}: {name} is not in the example message"


def test_examples_use_documentation_addresses_and_names_only():
    for name, text in exchanges():
        assert not undocumented_hosts(text), name


def test_the_address_check_catches_real_addresses_and_names():
    assert undocumented_hosts("Via: SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1") == {"10.0.0.5"}
    assert undocumented_hosts("To: <sip:bob@biloxi.com>\nCall-ID: a@atlanta.com") == {"biloxi.com", "atlanta.com"}
    assert not undocumented_hosts("To: <sip:+12025550147@203.0.113.5>\nFrom: <sip:x@anonymous.invalid>;tag=1\n"
                                  "Call-Info: <https://block.example.net/j>\nVia: SIP/2.0/UDP pbx.example.com")


def test_the_thirty_second_drop_shows_the_200_resent_and_the_bye_from_the_callee():
    guide = Symptom.objects.get(slug="call-drops-after-30-seconds")
    decoding = decoded(guide.example_exchange)
    titles = [m.title for m in decoding.messages]
    assert titles.count("200 OK") >= 4 and not any(title.startswith("ACK") for title in titles)
    assert decoding.dialogs[0].summary.startswith("Call answered (200 OK), ended by BYE from the callee")


def test_every_guide_has_a_group_and_cites_a_source():
    for guide in Symptom.objects.prefetch_related("citations"):
        assert guide.group in SymptomGroup.values, guide.slug
        assert guide.citations.all(), f"{guide.slug} cites no source"
    assert set(Symptom.objects.values_list("group", flat=True)) == set(SymptomGroup.values)


def repeats(advice: str, label: str) -> bool:
    """Does the advice open with words its policy label already says ("Stop: …" under "Stop: do not retry")?"""
    opening = re.split(r"[.:;,]", advice.lower(), maxsplit=1)[0].strip()
    for phrase in (part.strip() for part in label.lower().split(":")):
        shared = next((i for i, (a, b) in enumerate(zip(opening, phrase)) if a != b), min(len(opening), len(phrase)))
        # A whole phrase, or a long shared start ("Follow the redirect" under "Follow the redirection").
        if opening.startswith(phrase) or phrase.startswith(opening) or shared >= 12:
            return True
    return False


def test_retry_advice_adds_to_its_policy_instead_of_repeating_it():
    for code in ResponseCode.objects.exclude(retry_advice=""):
        assert not repeats(code.retry_advice, code.get_retry_policy_display()), code.code


def test_the_repetition_check_catches_the_old_wording():
    assert repeats("Nothing to retry.", "Not a failure: nothing to retry")
    assert repeats("Stop: the same request will be refused again.", "Stop: do not retry")
    assert repeats("Follow the redirect to the Contact once.", "Follow the redirection")
    assert not repeats("Send PRACK if the 183 requires 100rel.", "Not a failure: nothing to retry")
