"""The language of war reporting, as data: event triggers, claimants, hedges.

Every pattern is a case-insensitive regular expression over a sentence.  They are written for
the verbs, attributions and hedges of wire-service English (Reuters, AP, AFP, BBC, Guardian,
Kyiv Independent...), not for any particular article.
"""
from __future__ import annotations

import re

from geo.model import Event, Side

# ------------------------------------------------------------------ events
# Order matters: the first event whose pattern matches a trigger span wins for that span, so
# hedged forms ("close to capturing", "poised to fall") come before the plain verbs.

EVENT_PATTERNS: list[tuple[Event, str]] = [
    (Event.THREATENED, r"(?:push(?:es|ed|ing)?|drive|driv(?:es|ing)|advanc(?:e|es|ed|ing)|offensive|"
                       r"thrust|mov(?:e|es|ed|ing)|head(?:s|ed|ing)?)\s+(?:(?:\w+ward|north|south|east|"
                       r"west)\s+)?towards?"),
    (Event.FIGHTING, r"under (?:constant |heavy |daily )?(?:attack|assault|fire)"),
    (Event.HELD, r"(?:repel|repuls|fought off|beat off|beat back|thwart)\w* (?:\w+ ){0,3}"
                 r"(?:attacks?|assaults?|attempts?|offensives?|raids?)"
                 r"|(?:attacks?|assaults?|attempts?|raids?) (?:\w+ ){0,2}(?:were|was|have been|has been"
                 r"|had been) (?:successfully )?(?:repelled|repulsed|thwarted|fought off|beaten back)"),
    (Event.ENCIRCLED, r"(?:under (?:\w+ )?)?threat of (?:encirclement|being (?:encircled|surrounded))"),
    (Event.ADVANCING, r"close to (?:capturing|taking|seizing|encircling)|poised to (?:fall|be taken)"
                      r"|on the verge of (?:falling|capturing)|(?:attempt(?:ed|s|ing)?|tr(?:y|ied|ying)) to "
                      r"(?:occupy|capture|take|seize)"),
    (Event.ENCIRCLED, r"encircl\w*|surrounded|cut off|(?:semi-)?encirclement|cauldron|pincer"
                      r"|envelop(?:ed|ment)"),
    (Event.CAPTURED, r"captur(?:e|ed|es|ing)|seiz(?:e|ed|es|ing|ure)|(?:took|taken|take|taking) "
                     r"(?:full )?(?:control of|over)|\b(?:took|taken)\b(?! (?:place|part|office|power|note|time|steps|action|into account|"
                     r"a |an |the view|over as|charge|responsibility|care|hold of|questions|turns))|pushed [\w\s'’-]{0,40}? out of"
                     r"|drove [\w\s'’-]{0,40}? out of|driven [\w\s'’-]{0,30}? out of|forced [\w\s'’-]{0,30}? "
                     r"out of|claimed control|gained control|(?:has|have|had) fallen|\bfell\b|fall of"
                     r"|liberat(?:e|ed|es|ing|ion)|occupied|occupation of|raised (?:the|its) flag"
                     r"|cleared|overran|overrun|conquered|conquest"),
    (Event.ADVANCING, r"advanc(?:e|es|ed|ing)|(?:made|make|making|makes) (?:steady |further |small )?gains"
                      r"|\bgains\b|moving forward|mov(?:ed|es|ing) (?:closer|towards?)|approach(?:es|ed|ing)"
                      r"|closing in|push(?:ed|es|ing)? (?:into|on|deeper)|\bpush\b"
                      r"|breakthrough|broke through|counteroffensive|counter-offensive|incursion"
                      r"|foothold|inched|creeping|penetrat\w+|drive north|drive towards?"),
    (Event.FIGHTING, r"battl(?:e|es|ed|ing)|clash(?:es|ed)?|fighting|fought|fights?\b|entered(?! (?:its|a|the|their|his|her|into) (?:\w+ )?(?:year|phase|stage|"
                     r"month|week|day|round|decade|talks|negotiations|race|market|office|force|"
                     r"service|agreement))|infiltrat\w*"
                     r"|contested|assault(?:s|ed|ing)?|combat|skirmish\w*|firefight|street battles"
                     r"|urban warfare|storm(?:ed|ing)|\braid(?:s|ed)?\b"),
    (Event.STRIKE, r"(?:missile|drone|air|artillery|rocket|glide[- ]bomb|bomb|guided bomb|ballistic)"
                   r"s? (?:strike|attack|barrage|raid)s?|strikes? (?:on|against|hit)|\bstruck\b|\bstrikes?\b"
                   r"|shell(?:ing|ed|s)\b|bombard\w*|bomb(?:ing|ed|s)\b|destroy(?:ed|ing|s)? (?:a |the )?"
                   r"(?:second |first )?(?:bridge|depot|plant|refinery)|blew up|explosions?|blasts?\b"
                   r"|shot down|\bhit\b|attack(?:s|ed|ing)?\b|killed|wounded|injured|casualties"
                   r"|caught? fire|catch fire|ablaze|blaze|fire after"),
    (Event.EVACUATION, r"evacuat\w+|forced to flee|fled|displaced|relocat(?:ed|ion) of"),
    (Event.HELD, r"(?:ukrainian|ukraine|kyiv)[- ](?:controlled|held)|(?:russian|russia|moscow)[- ]"
                 r"(?:controlled|held|occupied)|remains? (?:under|in) (?:ukrainian|russian) control"
                 r"|repel(?:led|s|ling)?\b|repuls\w+|held (?:off|out|on)|holding (?:out|on|the)"
                 r"|defend(?:ed|ing|s)?\b|defen[cs]es? of|still (?:holds?|held)"),
    (Event.THREATENED, r"fortress (?:city|cities|town|belt)|threat(?:en|ens|ened|ening)?\b|under threat"
                       r"|target(?:s|ed|ing)? of|main target|path (?:for \w+ )?to|in (?:the )?(?:sights|path)"
                       r"|next target|at risk|vulnerab\w+|within range|drive (?:on|at)"),
    (Event.DIPLOMACY, r"\btalks?\b|summit|negotiat\w+|meeting|\bmet\b|\bmeet\b|visit(?:s|ed|ing)?"
                      r"|ceasefire|cease-fire|peace (?:plan|deal|process|talks|summit|negotiations)"
                      r"|envoy|delegation|diplomat\w*|travel(?:l?ing|l?ed|s)? to|hosted|host\b"
                      r"|sanction\w*|agreement|deal\b|conference|round of"),
]
EVENT_RES = [(e, re.compile(rf"(?i)(?:{p})")) for e, p in EVENT_PATTERNS]
#: All event patterns as one alternation (group ``e<N>`` is EVENT_PATTERNS[N]).
EVENTS_RE = re.compile(r"(?i)\b(?:" + "|".join(f"(?P<e{i}>{p})" for i, (_, p) in
                                                 enumerate(EVENT_PATTERNS)) + ")")
EVENT_OF_GROUP = {f"e{i}": e for i, (e, _) in enumerate(EVENT_PATTERNS)}

#: US states as AP style abbreviates them after a town: "Gainesville, Va.", "Tacoma, Wash."
AP_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN",
    "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH",
    "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK",
    "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
    "D.C.": "DC"}

#: Fighting on the ground (taken, advancing, fought over, surrounded, held): what happens in
#: villages, as against strikes, which reach cities far from the front.
GROUND_EVENTS = (Event.CAPTURED, Event.ADVANCING, Event.FIGHTING, Event.ENCIRCLED, Event.HELD)
GROUND_RE = re.compile(r"(?i)\b(?:" + "|".join(p for e, p in EVENT_PATTERNS
                                               if e in GROUND_EVENTS) + ")")

#: Cues that the event is hypothetical or a wish rather than a report.
HYPOTHETICAL = re.compile(r"(?i)\b(?:would|could|might|may|if|wants? to|aim(?:s|ed)? to|plans? to"
                          r"|demand\w*|insists?|seeks?|hopes?|years to)\b")

# ------------------------------------------------------------------ actors

ACTOR_PATTERNS: list[tuple[str, str]] = [
    ("russia", r"russian (?:forces|troops|army|military|soldiers|units|assault groups?|drones?|"
               r"missiles?|strikes?|shelling|attacks?|offensive|aviation|infantry|paratroopers)"
               r"|russia's (?:forces|troops|army|military)|moscow's (?:forces|troops)"
               r"|north korean (?:troops|soldiers)|(?:russia|moscow) (?:launched|struck|attacked|"
               r"captured|seized|took)|kremlin forces|russian-backed|pro-russian"),
    ("ukraine", r"ukrainian (?:forces|troops|army|military|soldiers|units|brigades?|drones?|"
                r"missiles?|strikes?|drone attack|counteroffensive|offensive|incursion|defenders)"
                r"|ukraine's (?:forces|troops|army|military|brigades)|kyiv's (?:forces|troops)"
                r"|(?:ukraine|kyiv) (?:launched|struck|attacked|destroyed|seized|captured)"),
]
ACTOR_RES = [(a, re.compile(rf"(?i)(?:{p})")) for a, p in ACTOR_PATTERNS]

# ------------------------------------------------------------------ claimants
# (pattern, canonical claimant, side or None when the side follows the place's country)

CLAIMANTS: list[tuple[str, str, Side | None]] = [
    (r"(?:russia's|russian|moscow's) (?:defen[cs]e ministry|ministry of defen[cs]e|military|army|"
     r"armed forces)|the russian (?:defen[cs]e ministry|ministry of defen[cs]e|military|army)"
     r"|ministry of defen[cs]e of (?:russia|the russian federation)|russian mod\b"
     r"|russia's general staff|konashenkov", "Russian Ministry of Defence", Side.RUSSIA),
    (r"vladimir putin|\bputin\b|russian president", "Vladimir Putin", Side.RUSSIA),
    (r"kremlin|peskov|ushakov|\blavrov\b|zakharova|russian foreign ministry", "the Kremlin",
     Side.RUSSIA),
    (r"russian (?:telegram|war ?bloggers?|military bloggers?|milbloggers?)|pro-(?:russian|kremlin) "
     r"(?:bloggers?|channels?|telegram)|\brybar\b|telegram (?:channels?|reports?)",
     "Russian Telegram channels", Side.RUSSIA),
    (r"\btass\b|\bria novosti\b|russian state (?:media|tv|television|news agency)|interfax",
     "Russian state media", Side.RUSSIA),
    (r"russian-installed|russian-appointed|moscow-installed|kremlin-installed",
     "Russian-installed officials", Side.RUSSIA),
    (r"russian (?:local )?(?:authorities|officials)|moscow's claims?|russian claims?",
     "Russian officials", Side.RUSSIA),
    (r"(?:ukraine's|ukrainian) (?:general staff|armed forces|military|army|defen[cs]e ministry|"
     r"ministry of defen[cs]e|forces said|commander|command)|general staff|syrskyi|"
     r"(?:ukraine's|ukrainian) (?:\w+ )?(?:brigade|corps)|zaluzhnyi", "Ukrainian General Staff",
     Side.UKRAINE),
    (r"zelensk(?:y|yy|iy|ii)|ukrainian president|ukraine's president", "Volodymyr Zelensky",
     Side.UKRAINE),
    (r"ukrainian (?:authorities|officials|government|intelligence|police|prosecutors|air force)"
     r"|ukraine's (?:authorities|officials|government|air force|foreign ministry)"
     r"|ukrinform|podoliak|podolyak|yermak|budanov|\bhur\b|\bsbu\b", "Ukrainian officials",
     Side.UKRAINE),
    (r"deepstate|deep state", "DeepState", Side.INDEPENDENT),
    (r"\bisw\b|institute for the study of war", "ISW", Side.INDEPENDENT),
    (r"analysts?|military experts?|experts?|black bird group|\boryx\b|open[- ]source (?:analysts|"
     r"intelligence|researchers)|osint|think tank|observers", "analysts", Side.INDEPENDENT),
    (r"(?:regional|local|oblast) (?:governor|administration|authorities|officials)|governor"
     r"|(?:mayor|head of the \w+ administration|local officials)", "regional authorities", None),
    (r"\b(?:russia|moscow)\b", "Russian officials", Side.RUSSIA),
    (r"\b(?:ukraine|kyiv|kiev)\b", "Ukrainian officials", Side.UKRAINE),
]
CLAIMANT_RES = [(re.compile(rf"(?i)(?:{p})"), name, side) for p, name, side in CLAIMANTS]

# ------------------------------------------------------------------ status cues

UNVERIFIED = re.compile(
    r"(?i)(?:not|n't|unable to|could not|cannot|can ?not|impossible to)\s+(?:be\s+|been\s+|yet\s+)?"
    r"(?:observed|seen|found)\s+(?:any\s+)?(?:confirmation|evidence)|no\s+(?:visual\s+)?"
    r"confirmation|"
    r"(?:not|n't|unable to|could not|cannot|can ?not|impossible to)\s+(?:be\s+|been\s+|yet\s+)?"
    r"(?:independently\s+)?(?:verif|confirm)\w*|unverified|has not (?:yet )?commented|have not "
    r"(?:yet )?commented|did not (?:immediately )?(?:comment|respond)|no immediate comment"
    r"|not yet commented|declined to comment|not (?:been )?(?:able|possible) to verify"
    r"|could not immediately be verified|no independent confirmation")
_DENIALS = r"rejected|rejects|denied|denies|dismissed|dismisses|refuted|refutes|disputed|disputes"
DISPUTED = re.compile(rf"(?i)\b(?:{_DENIALS}|false|fake|untrue|propaganda|baseless)\b")
#: The denial after the claim: "..., a claim Ukraine's military denied", "..., which Kyiv rejected".
DISPUTED_AFTER = re.compile(r"(?i)^[^.;]{0,120}?,\s+(?:a\s+claim|which|something|an\s+assertion)"
                            rf"\s+(?:that\s+)?(?:[\w'’]+\s+){{1,4}}(?:{_DENIALS})\b")
CONFIRMED = re.compile(r"(?i)\b(?:acknowledged|acknowledges|admitted|admits|confirmed|confirms)\b"
                       r"|independently verified|geolocated|verified by")
ASSESSED_CLAIMANTS = {"DeepState", "ISW", "analysts"}
#: A hedge that covers a group of claims ("the latest claimed advances", "these claims").
GROUP_SCOPE = re.compile(r"(?i)\b(?:claimed (?:advances|gains|captures)|(?:these|the|those|its|"
                         r"russia's|moscow's|kyiv's) (?:latest |most recent |recent )?claims?"
                         r"|claims of progress|the reports?|the advance)\b")
