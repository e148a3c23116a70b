from .codes import CodeMethod, ResponseCode, RetryPolicy, Status
from .notes import Alias, Context, RelatedCode, TroubleshootingNote
from .sources import Citation, CitationRole, Source, SourceKind
from .vocabulary import Method, ResponseClass, Sender

__all__ = [
    "Alias",
    "Citation",
    "CitationRole",
    "CodeMethod",
    "Context",
    "Method",
    "RelatedCode",
    "ResponseClass",
    "ResponseCode",
    "RetryPolicy",
    "Sender",
    "Source",
    "SourceKind",
    "Status",
    "TroubleshootingNote",
]
