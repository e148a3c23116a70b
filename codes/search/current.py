"""The search index for the current content, held per process."""

import threading
from dataclasses import dataclass

from ..models import ContentVersion
from .documents import Content, load_content
from .index import Index
from .spelling import warm_up


@dataclass
class Engine:
    token: str
    content: Content
    index: Index


_engine: Engine | None = None
_lock = threading.Lock()


def engine() -> Engine:
    """The index for the current content, rebuilt when the content has changed."""
    global _engine
    token = ContentVersion.current()
    if _engine is None or _engine.token != token:
        with _lock:
            if _engine is None or _engine.token != token:
                content = load_content()
                warm_up()
                _engine = Engine(token, content, Index(content.documents))
    return _engine
