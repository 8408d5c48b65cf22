"""Citation-first answers on the benefits of international collaboration for Pakistan's
higher education sector. Pure Python: load corpus -> tokenize -> index -> retrieve -> compose.

    >>> from qa import ask
    >>> answer = ask("Does partnering with a German university help our PhD programme?")
    >>> answer.status, [c.passage.id for c in answer.citations]
"""

from .compose import ask
from .conversation import Conversation
from .corpus import CorpusError, load_corpus
from .index import Index, build_index, get_index
from .records import Answer, Citation, Corpus, Passage, Source, Topic

__all__ = [
    "Answer", "Citation", "Conversation", "Corpus", "CorpusError", "Index", "Passage", "Source", "Topic",
    "ask", "build_index", "get_index", "load_corpus",
]
