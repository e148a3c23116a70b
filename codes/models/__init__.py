from .codes import CodeMethod, ResponseCode, RetryPolicy, Status, fallback_code
from .mapping import Direction
from .notes import Alias, Context, RelatedCode, TroubleshootingNote
from .q850 import Q850Cause, Q850Mapping
from .search import SearchSynonym
from .sources import Citation, CitationRole, Source, SourceKind
from .symptoms import Symptom, SymptomCitation, SymptomCode, SymptomGroup
from .unfound import UnfoundSearch
from .version import ContentVersion, LoadedBundle
from .vocabulary import Method, ResponseClass, Sender
from .warnings import WarningCode

__all__ = [
    "Alias",
    "Citation",
    "CitationRole",
    "CodeMethod",
    "ContentVersion",
    "Context",
    "Direction",
    "LoadedBundle",
    "Method",
    "Q850Cause",
    "Q850Mapping",
    "RelatedCode",
    "ResponseClass",
    "ResponseCode",
    "RetryPolicy",
    "SearchSynonym",
    "Sender",
    "Source",
    "SourceKind",
    "Status",
    "Symptom",
    "SymptomCitation",
    "SymptomCode",
    "SymptomGroup",
    "TroubleshootingNote",
    "UnfoundSearch",
    "WarningCode",
    "fallback_code",
]
