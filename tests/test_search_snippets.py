"""Snippets and marks, worked out from what each process keeps of the content, are those a plain pass gives."""

import gc
import time

import pytest
from django.utils.html import escape

from codes.search import search
from codes.search.records import Kind, Record, passages
from codes.search.snippets import best_passage, highlight, snippet, word_spans
from codes.search.text import WORD, normalize, stem

pytestmark = pytest.mark.django_db


def marked_word_by_word(text: str, stems) -> str:
    """Every word of `text` looked at in turn: the slow way the marks were first worked out."""
    pieces, last = [], 0
    for word in WORD.finditer(text):
        if stem(normalize(word.group())) in stems:
            pieces += [escape(text[last : word.start()]), f"<mark>{escape(word.group())}</mark>"]
            last = word.end()
    return "".join(pieces + [escape(text[last:])])


@pytest.mark.parametrize("query", ["registering phone", "codec mismatch", "busy here everywhere", "one way audio",
                                   "cause 17 user busy", "calls drop after 30 seconds", "unauthorised REGISTER"])
def test_marks_are_those_a_word_by_word_pass_gives(query):
    results = search(query).results
    assert results
    for result in results:
        name = result.record.name if result.kind == Kind.CODE else result.record.title
        assert result.name_html == marked_word_by_word(name, result.stems)
        assert result.snippet.html == marked_word_by_word(result.snippet.text, result.stems)


def test_text_and_repeated_words_are_escaped_and_marked_each_time():
    text = "Busy <b>here</b> & busy, BUSY again: busy-here"
    assert highlight(text, {"busi"}) == marked_word_by_word(text, {"busi"})
    assert highlight(text, {"busi"}).count("<mark>") == 4 and "&lt;b&gt;" in highlight(text, {"busi"})


def test_the_first_of_equally_good_passages_is_shown():
    """Ties go to the passage that comes first, in every process (a set's order differs between processes)."""
    record = Record(Kind.CODE, 999, 999, "999 Test", "Test", "/codes/999/", "A summary.",
                    passages=passages("The phone rings twice.", "A phone rings once.", "Nothing else."))
    assert best_passage(record, {"phone": 1.0, "ring": 1.0}) == "The phone rings twice."
    assert best_passage(record, {stem("nothing"): 1.0}) == "Nothing else."
    assert best_passage(record, {"absent": 1.0}) == "A summary."
    assert snippet(record, {"ring": 1.0}).html == "The phone <mark>rings</mark> twice."


def untracked_after_a_collection(*objects) -> bool:
    """Whether a full pass of the collector leaves none of `objects` tracked. gc.collect() returns at once, having
    done nothing, while another thread of the process is collecting (a server's, a build's), so it is tried again;
    a list is tracked however often it is tried."""
    for _ in range(20):
        gc.collect()
        if not any(gc.is_tracked(kept) for kept in objects):
            return True
        time.sleep(0.05)
    return False


def test_what_snippets_keep_per_process_is_left_out_of_the_garbage_collectors_passes():
    """Kept as lists, the passages' word positions were thousands of objects that every full pass of the collector
    walked, stalling the requests queued on a worker by 8 to 15 ms."""
    result = search("calls drop after 30 seconds").results[0]
    assert result.snippet.html
    assert untracked_after_a_collection(result.record.passages_with, word_spans(result.snippet.text))
