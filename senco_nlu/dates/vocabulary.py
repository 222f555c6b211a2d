"""The words around dates: numbers, ordinals, relative words ("last", "next"), the cue words that say a clause
speaks of the past or the future, and the words that make a number not a date ("Year 6", "2000 pupils").
Month and term names and their typos are normalised by the shared text layer (`senco_nlu.normalise`).
"""

from __future__ import annotations

ORDINALS = ["st", "nd", "rd", "th"]
RELATIVE = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30}
MONTH_ANCHORS = [
    "in", "since", "from", "during", "until", "till", "til", "by", "before", "after", "around", "about", "early",
    "late", "mid", "of", "end", "start", "beginning", "middle", "on", "for", "at", "started", "starts", "starting",
    "began", "begins", "enrolled", "booked", "joined", "appointed",
]  # fmt: skip
# A relative expression after one of these is a duration or a description, not a date ("over the last year",
# "my last term").
DETERMINERS = {"the", "my", "your", "his", "her", "our", "their", "its", "a", "an", "that", "each", "every"}
QUALIFIERS = {"over", "than", "nearly", "almost", "under", "within"}  # "over a year ago" is not a date
DAY_BLOCKERS = {"year", "years", "yr", "yrs", "y", "ks", "stage", "room", "group", "set", "class", "no", "number"}
YEAR_BLOCKERS = {"£", "$", "€", "#", "room", "no", "no.", "number", "ext", "tel", "page", "code", "ref", "id", "x"}
HOLIDAY_WORDS = {"holiday", "holidays", "hols", "break", "half", "half-term", "halfterm", "vacation", "fair", "fete"}
COUNT_NOUNS = {
    "pupil", "pupils", "student", "students", "child", "children", "kids", "staff", "people", "teacher", "teachers",
    "senco", "sencos", "sendco", "sendcos", "pound", "pounds", "quid", "k", "hours", "hrs", "words", "miles",
    "members", "places", "schools", "families", "parents", "classes", "days", "weeks", "months", "years", "minutes",
    "mins", "times", "percent", "%", "pence", "p", "per", "x", "ehcps", "plans", "ehcp",
}  # fmt: skip
NOT_PLURALS = {
    "was", "has", "is", "his", "its", "as", "us", "this", "thus", "plus", "yes", "does", "always", "perhaps",
    "unless", "besides", "towards", "afterwards", "onwards", "whereas", "thanks", "cheers", "ours", "yours",
    "hers", "theirs", "becomes", "starts", "begins", "across", "nevertheless", "less", "process",
}  # fmt: skip
CLAUSE_BREAK_WORDS = {"and", "but", "then", "while", "whilst", "although", "though", "so", "because", "however"}
FUTURE_CUES = {
    "will", "'ll", "ll", "shall", "going", "gonna", "start", "starts", "starting", "begin", "begins", "beginning",
    "commence", "commences", "commencing", "plan", "plans", "planning", "intend", "intends", "intending", "hope",
    "hoping", "due", "upcoming", "confirmed", "agreed", "becoming", "stepping", "taking", "takes", "offered",
    "accepted", "contract", "signed", "given", "booked", "enrolled", "cohort",
}  # fmt: skip
# Right before a date (skipping "the", "in", "early"...), these decide its direction whatever the verb.
FORWARD_WORDS = {"from", "starting", "commencing", "effective", "until", "till", "til", "for"}
BACKWARD_WORDS = {"since", "ago"}
NOUN_CUES = {"start", "beginning", "begin"}  # "at the start of January" is not a future cue
PAST_CUES = {
    "since", "started", "began", "begun", "became", "joined", "was", "were", "been", "did", "got", "took", "had",
    "appointed", "finished", "completed", "went", "moved", "qualified", "passed", "gained", "enrolled", "ago",
}  # fmt: skip
# Lower-case "may"/"march" ending a match count as months only before one of these (or punctuation, or nothing).
AFTER_MONTH_WORDS = {
    "and", "but", "or", "i", "we", "when", "as", "so", "then", "after", "before", "until", "till", "of", "last",
    "this", "next", "for", "at", "in", "on", "with", "the", "my", "our", "year", "onwards", "time", "half",
}  # fmt: skip
ANSWER_FILLERS = {"in", "since", "from", "around", "about", "roughly", "approx", "approximately", "it", "was"}
