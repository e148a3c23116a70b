"""The decoder reads pastes as people really make them: excerpts from public issue threads
(tests/data/decode/field/SOURCES.md says where each comes from) and output of Debian's
kamailio, sngrep and tcpdump. What each excerpt holds was written by reading it, in expected.json."""

import json
from pathlib import Path

import pytest

from codes.decode import decode
from codes.decode.findings import ReasonFinding, WarningFinding

pytestmark = pytest.mark.django_db
FIELD = Path(__file__).resolve().parent / "data" / "decode" / "field"
EXPECTED = json.loads((FIELD / "expected.json").read_text(encoding="utf-8"))


def excerpt(name: str) -> str:
    return (FIELD / name).read_bytes().decode()  # line ends as posted


def seen(decoded) -> list[dict]:
    """Each message as expected.json writes it: start line, CSeq method, Reason causes, warn-codes."""
    messages = []
    for item in decoded.messages:
        message = item.message
        start = message.method if message.kind == "request" else f"{message.code} {message.phrase}".strip()
        cseq = message.header("CSeq")
        method = cseq.value.split()[-1] if cseq and cseq.value.split() else ""
        method = method or (message.report.method if message.report else "")
        entry = {"start": start if message.kind in ("request", "response") else message.kind, "cseq": method,
                 "reasons": [f"{f.value.protocol} {f.value.cause_text}" for f in item.findings
                             if isinstance(f, ReasonFinding)],
                 "warnings": [f.value.code for f in item.findings if isinstance(f, WarningFinding)]}
        messages.append(entry)
    return messages


def written(expected: list[dict]) -> list[dict]:
    return [{"start": m["start"], "cseq": m.get("cseq", ""), "reasons": m.get("reasons", []),
             "warnings": m.get("warnings", [])} for m in expected]


def test_every_excerpt_has_a_source_and_an_expectation():
    excerpts = {path.name for path in FIELD.glob("*.txt")}
    sources = (FIELD / "SOURCES.md").read_text(encoding="utf-8")
    assert excerpts == set(EXPECTED)
    assert all(f"`{name}`" in sources for name in excerpts)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_excerpt_reads_as_a_person_reads_it(name):
    assert seen(decode(excerpt(name))) == written(EXPECTED[name])
