"""senco_nlu.facts: every fact a teacher states in one message, and short answers to one question.

Each case asserts the exact facts extracted (key -> value), so a new false positive fails as surely as a miss.
Messages are written the way teachers type them: lower case, typos, abbreviations, several facts at once.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rules_engine.facts import CHOICES
from senco_nlu import lexicon as lexicon_module
from senco_nlu.facts import FactMatch, extract_facts, match_answer
from senco_nlu.lexicon import LexiconError

PRIOR = "prior_senco_service_over_12_months"
MM, ACAD, MN = "maintained_mainstream", "academy_mainstream", "maintained_nursery"
INC, COMP, NOQTS, HEAD = "qts_induction_incomplete", "qts_induction_complete", "no_qts", "headteacher"


def facts(text: str) -> dict[str, str | bool]:
    found = extract_facts(text)
    as_dict = {f.key: f.value for f in found}
    assert len(as_dict) == len(found), f"more than one fact for a key: {found}"
    return as_dict


# --------------------------------------------------------------------------------------------------------------
# Whole messages: the exact facts
# --------------------------------------------------------------------------------------------------------------

SETTING_CASES = [
    ("I'm SENCO at a community primary", {"role": "senco", "setting": MM}),
    ("we're a foundation school", {"setting": MM}),
    ("SENDCo at a voluntary aided secondary, started in January", {"role": "senco", "setting": MM}),
    ("I work in a VC school", {"setting": MM}),
    ("New SENCO at a C of E VC primary", {"role": "senco", "setting": MM}),
    ("i teach at a church school", {"setting": MM}),
    ("im the senco at an LA maintained primary", {"role": "senco", "setting": MM}),
    ("we're a maintained primary and I'm the sendco", {"setting": MM, "role": "senco"}),
    ("it's a state primary in Kent", {"setting": MM}),
    ("council school, just become SENCO", {"setting": MM, "role": "senco"}),
    ("local authority school in Leeds", {"setting": MM}),
    ("our school is part of a MAT", {"setting": ACAD}),
    ("I'm the SENCO at a free school", {"role": "senco", "setting": ACAD}),
    ("we are in a multi-academy trust", {"setting": ACAD}),
    ("it's a trust school", {"setting": ACAD}),
    ("I teach at a UTC", {"setting": ACAD}),
    ("studio school SENCO here", {"setting": ACAD, "role": "senco"}),
    ("we're a converter academy", {"setting": ACAD}),
    ("C of E academy in Devon", {"setting": ACAD}),
    ("im senco at an acadmy", {"role": "senco", "setting": ACAD}),
    ("maintained nursery school, I'm the SENCO", {"setting": MN, "role": "senco"}),
    ("I'm SENCO in an LA nursery school", {"role": "senco", "setting": MN}),
    ("I'm SENCO at a special school", {"role": "senco", "setting": "special"}),
    ("special academy for autistic pupils", {"setting": "special"}),
    ("non-maintained special school", {"setting": "special"}),
    ("independent special school", {"setting": "special"}),
    ("I work in a SEN school", {"setting": "special"}),
    ("I work at an independent school", {"setting": "independent"}),
    ("private school SENCO, what do I need?", {"setting": "independent", "role": "senco"}),
    ("prep school in Surrey", {"setting": "independent"}),
    ("it's a fee-paying school", {"setting": "independent"}),
    ("I'm in a PRU", {"setting": "pru"}),
    ("we're a pupil referral unit", {"setting": "pru"}),
    ("SENCO at an AP academy", {"role": "senco", "setting": "ap_academy"}),
    ("alternative provision free school", {"setting": "ap_academy"}),
    ("sixth form college", {"setting": "post16"}),
    ("I'm SENCO at an FE college", {"role": "senco", "setting": "post16"}),
    ("I work in further education", {"setting": "post16"}),
    ("16-19 academy", {"setting": "post16"}),
    ("day nursery", {"setting": "early_years_pvi"}),
    ("I run a pre-school", {"setting": "early_years_pvi"}),
    ("preschool SENCo, what do i need", {"setting": "early_years_pvi", "role": "senco"}),
    ("PVI nursery", {"setting": "early_years_pvi"}),
    ("I'm a childminder", {"setting": "childminder"}),
    ("I'm a SENCO in Wales", {"role": "senco", "setting": "outside_england"}),
    ("Scottish primary", {"setting": "outside_england"}),
    ("international school in Dubai", {"setting": "outside_england"}),
    ("school in NI", {"setting": "outside_england"}),
    ("nursery class in our primary academy", {"setting": ACAD}),
    ("nursery class in our primary", {}),
    ("SENCO at an academy; my previous school was a special school", {"role": "senco", "setting": ACAD}),
    ("moved from a special school to an academy as SENCO", {"setting": ACAD, "role": "senco"}),
    ("we're not an academy, we're LA maintained", {"setting": MM}),
    ("moved from Wales last year, now at a foundation school", {"setting": MM}),
    (
        "Was SENCo for 3 yrs in my last school (academy) and am now senco at a special school",
        {PRIOR: True, "setting": "special", "role": "senco"},
    ),
    ("SENCO in a pupil referral unit. Previously at an independent school.", {"role": "senco", "setting": "pru"}),
    ("SENCo at an RC primary", {"role": "senco", "setting": MM}),
    ("CofE primary, SENDCo", {"setting": MM, "role": "senco"}),
    ("EYFS lead and SENCO at an infant school", {"role": "senco"}),  # EYFS is a stage, not a setting
    ("in an AP free school", {"setting": "ap_academy"}),
]

ROLE_CASES = [
    ("I'm the SENCO", {"role": "senco"}),
    ("I've just become SENCO", {"role": "senco"}),
    ("new SENDCo here!", {"role": "senco"}),
    ("I start as SENCO in September", {"role": "senco"}),
    ("I want to be a SENCO", {"role": "aspiring"}),
    ("aspiring senco", {"role": "aspiring"}),
    ("thinking of becoming a SENCO", {"role": "aspiring"}),
    ("hoping to become SENCO next year", {"role": "aspiring"}),
    ("interested in the SENCO role", {"role": "aspiring"}),
    ("not a SENCO yet but doing the NPQ", {"role": "aspiring", "npq": "enrolled"}),
    ("asking for our SENCO", {"role": "other"}),
    ("our new SENCO hasn't done the NASENCO", {"role": "other", "nasenco": "none"}),
    ("I'm the head and our SENCO started in January", {"role": "other"}),
    ("writing on behalf of my colleague", {"role": "other"}),
    ("as a governor, what does our SENCO need?", {"role": "other"}),
    ("she's just been appointed SENCO", {"role": "other"}),
    ("I was appointed SENCO in March", {"role": "senco"}),
    ("I took over as SENCO after Easter", {"role": "senco"}),
    ("I'm the deputy head and SENCO", {"role": "senco"}),
    ("head and SENCO of a small village primary", {"role": "senco", "teacher_status": HEAD}),
    ("I'm the headteacher and also the SENCO", {"role": "senco", "teacher_status": HEAD}),
    ("I've been offered the SENCO job starting in January", {"role": "senco"}),
    ("I'm an assistant SENCO", {}),  # neither the SENCO nor, unless they say so, hoping to be: ask
    ("I've applied for a SENCO job", {"role": "aspiring"}),
    ("I've got an interview for a SENCO post next week", {"role": "aspiring"}),
    ("i'm not the senco, i'm asking for a friend", {"role": "other"}),
    ("I'm not a SENCO at the moment but would like to be", {"role": "aspiring"}),
    ("my SENCO role started in September", {"role": "senco"}),
    ("acting head and doing the SENCO role too", {"teacher_status": HEAD, "role": "senco"}),
    ("I'm the SEN governor at our school", {}),  # about which SENCO? asked (a governor naming one is `other`)
    ("I'm the SEN governor at our school and our SENCO started in May", {"role": "other"}),
    ("I completed my NASENCO in 2012 and have been SENCO ever since", {"nasenco": "completed", "role": "senco"}),
    ("I'm a Y6 teacher and SENCO.", {"role": "senco"}),
    ("she has been SENCO for years", {"role": "other"}),
    ("My head is also the SENCO", {"role": "other"}),
    ("Our trust has asked me to be SENCO from January", {"setting": ACAD, "role": "senco"}),
    ("my head wants me to take on SENCO next year", {"role": "aspiring"}),
    ("haven't been appointed SENCO yet", {"role": "aspiring"}),
]

STATUS_CASES = [
    ("I'm an ECT", {"teacher_status": INC}),
    ("still an NQT", {"teacher_status": INC}),
    ("early career teacher, want to be SENCO", {"teacher_status": INC, "role": "aspiring"}),
    ("I'm in my induction year", {"teacher_status": INC}),
    ("I don't have QTS", {"teacher_status": NOQTS}),
    ("I'm not a qualified teacher", {"teacher_status": NOQTS}),
    ("unqualified teacher", {"teacher_status": NOQTS}),
    ("I'm a TA hoping to become a SENCO", {"teacher_status": NOQTS, "role": "aspiring"}),
    ("HLTA in year 2", {"teacher_status": NOQTS}),
    ("I'm the head", {"teacher_status": HEAD}),
    ("qualified teacher, passed induction ages ago", {"teacher_status": COMP}),
    ("I have QTS", {"teacher_status": COMP}),
    ("completed my ECT years last summer", {"teacher_status": COMP}),
    ("NQT+1 and keen to be SENCO", {"teacher_status": COMP, "role": "aspiring"}),
    ("our SENCO is an ECT", {"role": "other", "teacher_status": INC}),
    ("I'm the principal", {"teacher_status": HEAD}),
    ("I'm head of a small C of E primary and SENCO, no QTS", {"teacher_status": HEAD, "setting": MM, "role": "senco"}),
    ("haven't passed induction yet", {"teacher_status": INC}),
    ("I'm a SENCO at an academy and I was a TA before I qualified", {"role": "senco", "setting": ACAD}),
    ("currently an ECT in my second year", {"teacher_status": INC}),
    ("I mentor an ECT and want to be SENCO", {"role": "aspiring"}),
    ("I'm a NQT", {"teacher_status": INC}),
    ("Got QTS in 2019", {"teacher_status": COMP}),
    ("I'm the SENCO and our deputy is an NQT", {"role": "senco"}),
]

NASENCO_CASES = [
    ("haven't done NASENCO", {"nasenco": "none"}),
    ("no NASENCO", {"nasenco": "none"}),
    ("never did the NASENCO", {"nasenco": "none"}),
    ("not started the nasenco", {"nasenco": "none"}),
    ("doing the NASENCO", {"nasenco": "in_progress"}),
    ("halfway through NASENCO", {"nasenco": "in_progress"}),
    ("I'm on the NASENCO course", {"nasenco": "in_progress"}),
    ("started the NASENCO in 2023", {"nasenco": "in_progress"}),
    ("I have NASENCO", {"nasenco": "completed"}),
    ("completed NASENCO in 2019", {"nasenco": "completed"}),
    ("finished my NASENCO", {"nasenco": "completed"}),
    ("passed the NASENCO", {"nasenco": "completed"}),
    ("got my NASENCO last year", {"nasenco": "completed"}),
    ("NASENCO qualified", {"nasenco": "completed"}),
    ("haven't finished the NASENCO yet", {"nasenco": "in_progress"}),
    ("I did the National Award for SEN Co-ordination in 2016", {"nasenco": "completed"}),
    ("NASENCo completed 2018", {"nasenco": "completed"}),
    ("dropped out of the NASENCO", {"nasenco": "none"}),
    ("Started the NASENCO in 2023 and finished in 2024", {"nasenco": "completed"}),
    ("started nasenco, finished it in july", {"nasenco": "completed"}),
    ("I didn't finish the national award", {"nasenco": "none"}),
    ("started the nasenco in 2022 but had to stop", {}),  # abandoned or paused? asked (see understanding tests)
    ("I'm part-way through the NASENCO", {"nasenco": "in_progress"}),
    ("haven't got round to the NASENCO", {"nasenco": "none"}),
    ("NASENCO - done", {"nasenco": "completed"}),
    ("I'm about to finish my NASENCO", {"nasenco": "in_progress"}),
    ("NASENCo done", {"nasenco": "completed"}),
    ("completed the national award in 2018", {"nasenco": "completed"}),
]

NPQ_CASES = [
    ("signed up for the NPQ for SENCOs", {"npq": "enrolled"}),
    ("enrolled on the NPQSENCO", {"npq": "enrolled"}),
    ("SENCO since Sept, starting the NPQ in January", {"role": "senco", "npq": "enrolled"}),
    ("I'm on the NPQ SENCO", {"npq": "enrolled"}),
    ("doing the npq-senco", {"npq": "enrolled"}),
    ("completed the NPQ for SENCOs", {"npq": "completed"}),
    ("haven't started the NPQ for SENCOs", {"npq": "none"}),
    ("I've done NPQH but not the SENCO NPQ", {"npq": "none"}),
    ("got my NPQH last year, new SENCO", {"role": "senco"}),
    ("I'm the SENCO and I'm doing NPQSL", {"role": "senco"}),
    ("no NASENCO or NPQ", {"nasenco": "none", "npq": "none"}),
    ("done the NASENCO and the NPQ", {"nasenco": "completed", "npq": "completed"}),
    ("haven't done NASENCO, doing the NPQ now", {"nasenco": "none", "npq": "enrolled"}),
    ("Npq senco started in jan", {"npq": "enrolled"}),
    ("I'm a SENCO and need to do the NPQ", {"role": "senco"}),
    ("I want to do the NPQ for SENCOs", {}),  # an intention, not a progress: it may already be booked
    ("booked onto the NPQ for SENCOs for the autumn cohort", {"npq": "enrolled"}),
    ("I started the NPQ for SENCOs last autumn but withdrew", {"npq": "none"}),
    ("NASENCO - done, NPQ - not started", {"nasenco": "completed", "npq": "none"}),
    ("I'm due to start the NPQ for SENCOs in October", {"npq": "enrolled"}),
    ("My NPQ starts in Feb", {}),  # a bare NPQ with nothing about SENCOs could be any NPQ
    ("SENCO here, my NPQ starts in Feb", {"role": "senco", "npq": "enrolled"}),
    ("signed up to npq-senco", {"npq": "enrolled"}),
]

PRIOR_CASES = [
    ("was SENCO at my last school for 2 years", {PRIOR: True}),
    ("SENCO for 5 years before", {PRIOR: True}),
    ("previously a SENCO for 18 months", {PRIOR: True}),
    ("this is my first SENCO job", {"role": "senco", PRIOR: False}),
    ("never been a SENCO before", {PRIOR: False}),
    ("no NASENCO or NPQ, never a SENCO before", {"nasenco": "none", "npq": "none", PRIOR: False}),
    ("I was SENCO for 6 months at my previous school", {PRIOR: False}),
    ("I was SENCO for a term before", {PRIOR: False}),
    ("I was SENCO at my old school for a year", {PRIOR: False}),
    ("was SENCO at my last school for over a year", {PRIOR: True}),
    ("was SENCO at my last school for about a year", {}),
    ("I was SENCO at a special school for 3 years", {}),
    ("I was SENCO for 8 months at one school and 7 months at another", {PRIOR: True}),
    ("SENCO at my previous school from 2018 to 2021", {PRIOR: True}),
    ("SENCO at my previous school from Sept 2020 to July 2021", {PRIOR: False}),
    ("I've been SENCO here for 3 years", {"role": "senco"}),
    ("I've been a teacher for 10 years and this is my first SENCO role", {"role": "senco", PRIOR: False}),
    ("I was SENCO for two and a half years before moving here", {PRIOR: True}),
    ("I was SENCO at my last school, for nearly 2 years", {PRIOR: True}),
    ("previously SENCO for less than a year", {PRIOR: False}),
    ("was SENCO 2018-2021 at my previous school", {PRIOR: True}),
    ("I've been the SENCO at two previous schools for about 6 years in total", {PRIOR: True}),
    ("I'm new to the role", {PRIOR: False}),
]

COMBINED_CASES = [
    (
        "got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?",
        {"role": "senco", "setting": ACAD, "nasenco": "none"},
    ),
    (
        "Hi, I'm a new SENCo at a primary academy (started Jan 2025). I haven't done the NASENCO and I'm not "
        "enrolled on the NPQ yet.",
        {"role": "senco", "setting": ACAD, "nasenco": "none", "npq": "none"},
    ),
    (
        "SENCO at a LA maintained secondary since Sept 2023, halfway through NASENCO, qualified teacher",
        {"role": "senco", "setting": MM, "nasenco": "in_progress", "teacher_status": COMP},
    ),
    (
        "I'm asking for our new SENDCo who started in Sept at our academy. She hasn't done the NASENCO.",
        {"role": "other", "setting": ACAD, "nasenco": "none"},
    ),
    (
        "got the sendco role in my school in april 2024 - I did NASENCO years ago at my old school",
        {"role": "senco", "nasenco": "completed"},
    ),
    (
        "Our trust has asked me to take on the SENCO role. I'm a qualified teacher, done my NPQ for SENCOs",
        {"role": "senco", "setting": ACAD, "teacher_status": COMP, "npq": "completed"},
    ),
    ("SENDCO in a PRU, started the npq in autumn 2024", {"role": "senco", "setting": "pru", "npq": "enrolled"}),
    ("I'm a childminder interested in the NPQ for SENCOs", {"setting": "childminder"}),  # interest is no progress
    (
        "independent prep school, I'm SENCO, no NASENCO",
        {"setting": "independent", "role": "senco", "nasenco": "none"},
    ),
    ("I work in a private day nursery as the SENCO", {"setting": "early_years_pvi", "role": "senco"}),
    ("i'm the sendco, havent done nasenco", {"role": "senco", "nasenco": "none"}),
    ("SENCo, NASENCo done", {"role": "senco", "nasenco": "completed"}),
    (
        "I was SENCO at my last school for 2 years, now at a C of E VC primary",
        {PRIOR: True, "setting": MM},
    ),
    (
        "I'm an ECT and want to be a SENCO, signed up for the NPQ for SENCOs",
        {"teacher_status": INC, "role": "aspiring", "npq": "enrolled"},
    ),
    (
        "I'm the head and our SENCO hasn't done the NPQ",
        {"role": "other", "npq": "none"},
    ),
    (
        "Hello! I became SENDCo at a community special school in Jan. I'm halfway through the NASENCO.",
        {"role": "senco", "setting": "special", "nasenco": "in_progress"},
    ),
    (
        "new senco at a MAT primary, was senco at my previous school for 3 yrs, got my nasenco in 2015",
        {"role": "senco", "setting": ACAD, PRIOR: True, "nasenco": "completed"},
    ),
    (
        "Im an unqualified teacher at a free school and want to be SENCO",
        {"teacher_status": NOQTS, "setting": ACAD, "role": "aspiring"},
    ),
    (
        "Just been made SENCO in our voluntary controlled infant school, first SENCO post, no NPQ or NASENCO",
        {"role": "senco", "setting": MM, PRIOR: False, "npq": "none", "nasenco": "none"},
    ),
    (
        "Deputy head & SENCO at a foundation primary. Started the NPQ for SENCOs in October.",
        {"role": "senco", "setting": MM, "npq": "enrolled"},
    ),
    (
        "asking on behalf of our sendco - she's an ECT at our academy and hasnt started the npq senco",
        {"role": "other", "teacher_status": INC, "setting": ACAD, "npq": "none"},
    ),
    (
        "I'm a SENCO in Scotland, do I need the NPQ?",
        {"role": "senco", "setting": "outside_england"},
    ),
    (
        "SENCO, started sept 2024, no nasenco, not enrolled on npq, academy, qualified teacher",
        {"role": "senco", "nasenco": "none", "npq": "none", "setting": ACAD, "teacher_status": COMP},
    ),
    (
        "Started as SENCO in Sept 2021 at a maintained primary. I'd previously been SENCO in another LA school for "
        "10 months.",
        {"role": "senco", "setting": MM, PRIOR: False},
    ),
    (
        "I'm  the   SENCO at an academy\nhaven't done  the NASENCO",
        {"role": "senco", "setting": ACAD, "nasenco": "none"},
    ),
]


# --------------------------------------------------------------------------------------------------------------
# The words teachers use most, fact by fact: each setting, course state, role, status and earlier service
# --------------------------------------------------------------------------------------------------------------

AP, PRU, POST16, PVI, IND, SPECIAL, OUT = (
    "ap_academy",
    "pru",
    "post16",
    "early_years_pvi",
    "independent",
    "special",
    ("outside_england"),
)

COMMON_SETTINGS = [
    ("village primary (LA)", {"setting": MM}),
    ("I'm SENCO at a primary (LA) since 2022", {"role": "senco", "setting": MM}),
    ("LA primary", {"setting": MM}),
    ("our LA school", {"setting": MM}),
    ("small infant school (LA maintained)", {"setting": MM}),
    ("local authority school", {"setting": MM}),
    ("we're LA", {"setting": MM}),
    ("it's LA, not an academy", {"setting": MM}),
    ("LA infant school", {"setting": MM}),
    ("C of E VA primary", {"setting": MM}),
    ("RC VA secondary", {"setting": MM}),
    ("catholic VA school", {"setting": MM}),
    ("foundation school", {"setting": MM}),
    ("community school", {"setting": MM}),
    ("MAT", {"setting": ACAD}),
    ("we're an academy (part of a MAT)", {"setting": ACAD}),
    ("trust school", {"setting": ACAD}),
    ("free school", {"setting": ACAD}),
    ("UTC", {"setting": ACAD}),
    ("studio school", {"setting": ACAD}),
    ("converter academy", {"setting": ACAD}),
    ("AP academy", {"setting": AP}),
    ("AP free school", {"setting": AP}),
    ("PRU", {"setting": PRU}),
    ("pupil referral unit", {"setting": PRU}),
    ("sixth form college", {"setting": POST16}),
    ("FE college", {"setting": POST16}),
    ("16-19 academy", {"setting": POST16}),
    ("day nursery", {"setting": PVI}),
    ("pre-school", {"setting": PVI}),
    ("preschool", {"setting": PVI}),
    ("PVI nursery", {"setting": PVI}),
    ("private nursery", {"setting": PVI}),
    ("LA nursery", {"setting": MN}),
    ("maintained nursery school", {"setting": MN}),
    ("nursery school (maintained)", {"setting": MN}),
    ("prep school", {"setting": IND}),
    ("private school", {"setting": IND}),
    ("independent school", {"setting": IND}),
    ("special school", {"setting": SPECIAL}),
    ("special academy", {"setting": SPECIAL}),
    ("I'm SENCO in an LA special school", {"role": "senco", "setting": SPECIAL}),
    ("Wales", {"setting": OUT}),
    ("Welsh school", {"setting": OUT}),
    ("Scotland", {"setting": OUT}),
    ("NI", {"setting": OUT}),
    ("Northern Ireland", {"setting": OUT}),
    ("abroad", {"setting": OUT}),
    ("international school overseas", {"setting": OUT}),
    # A nursery class in a school is part of that school, never a setting of its own.
    ("nursery class in our infant school", {}),
    ("we have a nursery class in our VA primary", {"setting": MM}),
    # The local authority itself is not the school's type.
    ("the LA says I need the NPQ", {}),
    ("our LA told us all SENCOs need it", {}),
    ("I'm SENCO at a PRU and the LA says it applies", {"role": "senco", "setting": PRU}),
]

COMMON_QUALIFICATIONS = [
    ("started the npq in jan 2025", {"npq": "enrolled"}),
    ("I'm on the NPQSENCO", {"npq": "enrolled"}),
    ("doing the NPQ for SENCOs", {"npq": "enrolled"}),
    ("enrolled on the npq", {"npq": "enrolled"}),
    ("I'm on the npq", {"npq": "enrolled"}),
    ("finished my NPQ for SENCOs", {"npq": "completed"}),
    ("passed my NPQ for SENCOs", {"npq": "completed"}),
    ("got my NPQ for SENCOs", {"npq": "completed"}),
    ("I did the NPQ last year", {"npq": "completed"}),
    ("not on the npq", {"npq": "none"}),
    ("not started the npq", {"npq": "none"}),
    ("I'm not on the NPQ yet", {"npq": "none"}),
    ("started my NASENCO in June 2024", {"nasenco": "in_progress"}),
    ("halfway through the nasenco", {"nasenco": "in_progress"}),
    ("halfway through the award", {"nasenco": "in_progress"}),
    ("got my nasenco back in 2018", {"nasenco": "completed"}),
    ("I have the NASENCO", {"nasenco": "completed"}),
    ("got the award in 2016", {"nasenco": "completed"}),
    ("haven't done NASENCO", {"nasenco": "none"}),
    ("no nasenco", {"nasenco": "none"}),
    ("never done the award", {"nasenco": "none"}),
    # "NPQ" and "award" alone are the SENCO ones only after "the" or beside SENCO words.
    ("I've done an NPQ", {}),
    ("we got the award for inclusion", {}),
    ("the school won the award for best SEND provision", {}),
    ("I got an award for teaching", {}),
    ("I'm the SENCO and got the award in 2015", {"role": "senco", "nasenco": "completed"}),
    # NPQH, NPQSL, NPQLT and the rest are never the NPQ for SENCOs.
    ("got my NPQH", {}),
    ("doing the NPQSL", {}),
    ("I'm on the NPQLT", {}),
    ("finished the NPQ in leading teaching", {}),
    ("I did the NPQH and now I'm doing the NPQ for SENCOs", {"npq": "enrolled"}),
    # A question about the course states nothing, even in a clause that carries it on ("before", "after").
    ("how long before the deadline should you start the NPQ?", {}),
    ("how soon after starting the npq do you get the result", {}),
    ("SENCO since Jan, started the NPQ after Easter", {"role": "senco", "npq": "enrolled"}),
]

COMMON_ROLES = [
    ("I'm the SENCO", {"role": "senco"}),
    ("got the SENCO job", {"role": "senco"}),
    ("been SENDCo since September", {"role": "senco"}),
    ("taking over as SENCO in Jan", {"role": "senco"}),
    ("I want to become a SENCO", {"role": "aspiring"}),
    ("thinking about becoming a SENCO", {"role": "aspiring"}),
    ("aspiring SENCO", {"role": "aspiring"}),
    ("asking for our SENCO", {"role": "other"}),
    ("my colleague is the SENCO", {"role": "other"}),
    ("I'm the head, asking about our new SENCO", {"role": "other"}),
    # A head teacher who is also the SENCO: the status is the head's, the role is SENCO.
    ("head teacher and SENCO", {"teacher_status": HEAD, "role": "senco"}),
    ("I'm head teacher and SENCO", {"teacher_status": HEAD, "role": "senco"}),
    ("acting head and SENCO", {"teacher_status": HEAD, "role": "senco"}),
]

COMMON_STATUSES = [
    ("ECT", {"teacher_status": INC}),
    ("NQT", {"teacher_status": INC}),
    ("in my induction year", {"teacher_status": INC}),
    ("I'm in my ECT year", {"teacher_status": INC}),
    ("no QTS", {"teacher_status": NOQTS}),
    ("unqualified teacher", {"teacher_status": NOQTS}),
    ("HLTA", {"teacher_status": NOQTS}),
    ("TA", {"teacher_status": NOQTS}),
    ("ta", {}),  # thanks
    ("acting head", {"teacher_status": HEAD}),
]

COMMON_PRIOR = [
    ("first SENCO job", {PRIOR: False}),
    ("never been a SENCO before", {PRIOR: False}),
    ("was SENCO at my last school for 2 years", {PRIOR: True}),
    ("SENCO elsewhere for 18 months", {PRIOR: True}),
    ("been SENCO somewhere else for 3 years before this", {PRIOR: True}),
    ("SENCO at my last school for 6 months", {PRIOR: False}),
    ("SENCO elsewhere for 6 months", {PRIOR: False}),
    ("SENCO at my last school (an academy) for 2 years", {PRIOR: True}),
    # Earlier service counts only at a setting the law covers: at an independent or special school it gives no
    # fact (the assistant asks), and that school's setting is not the current one.
    ("I was SENCO at an independent school for 2 years before this", {}),
    ("I was SENCO at a prep school elsewhere for 3 years", {}),
    ("SENCO at my last school (a special school) for 2 years", {}),
    (
        "I'm SENCO at an academy. I was SENCO for 2 years at my last school, which was a special school",
        {"role": "senco", "setting": ACAD},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    SETTING_CASES + ROLE_CASES + STATUS_CASES + NASENCO_CASES + NPQ_CASES + PRIOR_CASES + COMBINED_CASES,
)
def test_extracts_exactly_these_facts(text: str, expected: dict[str, str | bool]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), COMMON_SETTINGS + COMMON_QUALIFICATIONS + COMMON_ROLES + COMMON_STATUSES + COMMON_PRIOR
)
def test_common_phrasings(text: str, expected: dict[str, str | bool]) -> None:
    assert facts(text) == expected


# --------------------------------------------------------------------------------------------------------------
# Must not match
# --------------------------------------------------------------------------------------------------------------

NOTHING = [
    "I did my NPQH last year",
    "I'm doing the NPQSL",
    "my son is in year 12",
    "lots of children with special needs in my class",
    "we encourage independent learning",
    "the school was in special measures",
    "I'm an ECT mentor",
    "we have a TA in every class",
    "the head said I need the NPQ for SENCOs",
    "Do academies need a SENCO?",
    "Can an ECT be a SENCO?",
    "what is the NASENCO?",
    "how long does the NPQ take?",
    "I've been teaching for 10 years",
    "ta very much!",
    "NASENCO or NPQ, which is better?",
    "is the national award still valid?",
    "our school is converting to an academy next year",
    "we support lots of ECTs",
    "head of year 9 here",
    "hello",
    "",
    "   ",
]


@pytest.mark.parametrize("text", NOTHING)
def test_states_no_fact(text: str) -> None:
    assert facts(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Someone else's SENCO is never the speaker: role other (a weak mention), not senco.
        ("our SENCO is great", {"role": "other"}),
        ("I became SENCO 2 years ago", {"role": "senco"}),  # a date, not earlier service
        ("in 2 years I want to be SENCO", {"role": "aspiring"}),
        ("head of year 9 and want to be SENCO", {"role": "aspiring"}),
        ("NASENCO, NPQ ect", {}),  # "ect" as a typo of "etc" is not an early career teacher
        ("I went to college in Leeds and now want to be a SENCO", {"role": "aspiring"}),
        ("his EHCP is maintained by the LA", {}),
        ("we're a school maintained by the local authority", {"setting": MM}),
        ("I want to be a SENCO because our SENCO is leaving", {"role": "aspiring"}),
        ("the NPQ in headship is next on my list", {}),
    ],
)
def test_near_misses(text: str, expected: dict[str, str | bool]) -> None:
    assert facts(text) == expected


# --------------------------------------------------------------------------------------------------------------
# Short answers to a direct question
# --------------------------------------------------------------------------------------------------------------

ANSWERS = [
    ("setting", "an academy", ACAD),
    ("setting", "LA maintained", MM),
    ("setting", "maintained", MM),
    ("setting", "VA", MM),
    ("setting", "va", MM),
    ("setting", "free school", ACAD),
    ("setting", "its a MAT", ACAD),
    ("setting", "mat", ACAD),
    ("setting", "special", "special"),
    ("setting", "independent", "independent"),
    ("setting", "private", "independent"),
    ("setting", "pre-school", "early_years_pvi"),
    ("setting", "childminder", "childminder"),
    ("setting", "Wales", "outside_england"),
    ("setting", "PRU", "pru"),
    ("setting", "college", "post16"),
    ("setting", "maintained nursery school", MN),
    ("setting", "not maintained, an academy", ACAD),
    ("setting", "nursery", None),
    ("setting", "not sure", None),
    ("role", "yes", "senco"),
    ("role", "I'm the SENCO", "senco"),
    ("role", "starting soon", "senco"),
    ("role", "hoping to become one", "aspiring"),
    ("role", "not yet", "aspiring"),
    ("role", "someone else", "other"),
    ("role", "asking for a colleague", "other"),
    ("role", "our senco", "other"),
    ("teacher_status", "qualified", COMP),
    ("teacher_status", "head", HEAD),
    ("teacher_status", "ECT", INC),
    ("teacher_status", "ect", INC),
    ("teacher_status", "no QTS", NOQTS),
    ("teacher_status", "TA", NOQTS),
    ("teacher_status", "ta", NOQTS),
    ("teacher_status", "not the head, qualified teacher", COMP),
    ("nasenco", "yes", "completed"),
    ("nasenco", "yep, done it", "completed"),
    ("nasenco", "no", "none"),
    ("nasenco", "nope", "none"),
    ("nasenco", "not yet", "none"),
    ("nasenco", "halfway", "in_progress"),
    ("nasenco", "halfway through", "in_progress"),
    ("nasenco", "started but not finished", "in_progress"),
    ("nasenco", "finished", "completed"),
    ("nasenco", "not sure", None),
    ("nasenco", "haven't started", "none"),
    ("nasenco", "I'm doing it now", "in_progress"),
    ("npq", "signed up", "enrolled"),
    ("npq", "yes", None),
    ("npq", "no", "none"),
    ("npq", "done it", "completed"),
    ("npq", "starting in January", "enrolled"),
    ("npq", "not started", "none"),
    ("npq", "enrolled", "enrolled"),
    ("npq", "finished", "completed"),
    (PRIOR, "yes", True),
    (PRIOR, "yep", True),
    (PRIOR, "no", False),
    (PRIOR, "nope", False),
    (PRIOR, "not sure", None),
    (PRIOR, "2 years", True),
    (PRIOR, "6 months", False),
    (PRIOR, "a year", False),
    (PRIOR, "over a year", True),
    (PRIOR, "about a year", None),
    (PRIOR, "no, first SENCO job", False),
    (PRIOR, "yes, 3 years at my last school", True),
    (PRIOR, "yes but only for a term", False),
    (PRIOR, "a couple of years", True),
    (PRIOR, "12 months", False),
    (PRIOR, "13 months", True),
    (PRIOR, "2019-2022", True),
    (PRIOR, "yes at a special school", None),  # service there does not count: ask again, do not guess
    ("nasenco", "no, I'm doing the NPQ", "none"),
    ("nasenco", "no, but I've started the npq", "none"),  # the cue is in the NPQ's clause
    ("npq", "no, but I've finished the nasenco", "none"),
    ("role", "I start in Jan", "senco"),
    ("setting", "alternative provision", None),  # a PRU or an AP academy: the buttons decide
    ("appointment_date", "March", None),
    ("not_a_key", "yes", None),
]


@pytest.mark.parametrize(("key", "text", "expected"), ANSWERS)
def test_match_answer(key: str, text: str, expected: str | bool | None) -> None:
    assert match_answer(key, text) == expected


# --------------------------------------------------------------------------------------------------------------
# Properties of every result
# --------------------------------------------------------------------------------------------------------------

ALL_TEXTS = [text for text, _ in SETTING_CASES + ROLE_CASES + STATUS_CASES + COMBINED_CASES + PRIOR_CASES]


@pytest.mark.parametrize("text", ALL_TEXTS[::7])
def test_evidence_is_the_text_in_order_with_contract_values(text: str) -> None:
    found = extract_facts(text)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for fact in found:
        assert isinstance(fact, FactMatch)
        assert text[fact.start : fact.end] == fact.text
        assert fact.text.strip()
        if fact.key == PRIOR:
            assert isinstance(fact.value, bool)
        else:
            assert fact.value in CHOICES[fact.key]


def test_evidence_covers_the_negation() -> None:
    (fact,) = extract_facts("I haven't done the NASENCO")
    assert (fact.key, fact.value, fact.text) == ("nasenco", "none", "n't done the NASENCO")


def test_yaml_values_cannot_drift_from_the_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = yaml.safe_load(lexicon_module.LEXICON_PATH.read_text(encoding="utf-8"))
    data["settings"][0]["value"] = "maintained"  # not a contract value
    bad = tmp_path / "lexicon.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(lexicon_module, "LEXICON_PATH", bad)
    lexicon_module.lexicon.cache_clear()
    try:
        with pytest.raises(LexiconError, match="not a setting value"):
            lexicon_module.lexicon()
    finally:
        lexicon_module.lexicon.cache_clear()


def test_yaml_rejects_a_bare_yes_no_read_as_a_boolean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = lexicon_module.LEXICON_PATH.read_text(encoding="utf-8").replace('["no", not,', "[no, not,")
    bad = tmp_path / "lexicon.yaml"
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setattr(lexicon_module, "LEXICON_PATH", bad)
    lexicon_module.lexicon.cache_clear()
    try:
        with pytest.raises(LexiconError, match="quote yes/no"):
            lexicon_module.lexicon()
    finally:
        lexicon_module.lexicon.cache_clear()


def test_pipeline_is_built_once() -> None:
    assert lexicon_module.lexicon() is lexicon_module.lexicon()


def test_no_rasa_import() -> None:
    """The module stays pure: loading it on its own pulls in no Rasa package."""
    code = (
        "import importlib.util, sys\n"
        "import senco_nlu.facts as module\n"
        "module.extract_facts('I am the SENCO')\n"
        "print(sorted(name for name in sys.modules if name == 'rasa' or name.startswith('rasa.')))\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_valid_facts_and_never_raises(text: str) -> None:
    for fact in extract_facts(text):
        assert text[fact.start : fact.end] == fact.text
        assert fact.value in (True, False) if fact.key == PRIOR else fact.value in CHOICES[fact.key]
    for key in (*CHOICES, PRIOR):
        value = match_answer(key, text)
        assert value is None or (isinstance(value, bool) if key == PRIOR else value in CHOICES[key])
