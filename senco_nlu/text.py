"""The one text layer every reader shares: a blank English spaCy pipeline, built once, and the normalised tokens
of a message, made once per message.

Why one layer: the date finder and the fact readers used to tokenize each message twice, with two pipelines that
split text differently, so a date and the fact it belongs to could disagree about where a clause ends. Now both
read the same `Doc`, whose tokens carry one normalised form (`Token.norm_`): months, terms and "academic" with
their abbreviations and typos ("Sept", "septmber" -> "september"; see `dates.vocabulary.norm_of`), contractions
as spaCy writes them ("n't" -> "not"), everything else lower case.

The tokenizer additionally splits brackets ("(long story)"), digits from letters and from date separators ("6/1/25"
-> 6 / 1 / 25, "jan24" -> jan 24, "18months" -> 18 months), so that dates, durations and phrases match the way
spaced text does. No model is loaded: none can be downloaded here, and none is needed for rule-based reading.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from .encodable import encodable
from .normalise import INFIXES, norm_of

__all__ = ["CONTRACTIONS", "document", "norm", "pipeline"]

# spaCy's own norms leave these as typed; the readers want one form ("I'm", "I am" and "Im" all read "i am").
CONTRACTIONS = {"'ve": "have", "'m": "am", "'re": "are", "'ll": "will", "n't": "not", "nt": "not"}
_BRACKETS = r"[()\[\]]"
_UNITS = r"(?<=[0-9])(?:months?|mths?|mnths?|years?|yrs?|terms?|weeks?|wks?)"


def norm(word: str) -> str:
    """The normalised form of a word typed on its own (a vocabulary entry, say), as `document` gives it."""
    lowered = word.lower()
    return norm_of(lowered) or CONTRACTIONS.get(lowered, lowered)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The blank English pipeline with this project's tokenizer rules. Built once per process, lazily (about a
    second); every reader and every vocabulary phrase is tokenized by it, so phrases match as typed."""
    nlp = spacy.blank("en")
    infixes = [*(nlp.Defaults.infixes or []), _BRACKETS, *INFIXES]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.suffix_search = compile_suffix_regex([*(nlp.Defaults.suffixes or []), _UNITS]).search
    return nlp


@lru_cache(maxsize=512)
def document(text: str) -> Doc:
    """The message as tokens with normalised `norm_`. Cached: the date finder, the fact readers and the date
    roles all read the same message, and a `Doc` is never changed after this."""
    doc = pipeline().make_doc(encodable(text))
    for token in doc:
        lowered = token.lower_
        token.norm_ = norm_of(lowered) or CONTRACTIONS.get(token.norm_, token.norm_)
    return doc
