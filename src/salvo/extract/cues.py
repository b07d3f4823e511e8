"""Lexical cues that tell an in-scope attack or strike from everything else in a report.

Kept in one place so the rules for "what counts as an incident" (SCHEMA.md, Scope)
can be read together: who acts, against whom, and the hedges that disqualify.
"""

from __future__ import annotations

import re

from salvo.lang.matcher import Cue

_I = re.IGNORECASE


US_WORDS = (
    r"(?:(?-i:\bU\.S\.|\bUS\b|\bUSA\b|\bOIR\b|\bNATO\b|\bCENTCOM\b)|\bUnited\s+States\b|\bAmerican\b|"
    r"\bAmerica's|\bPentagon\b|\bCentral\s+Command\b|\bWashington\b|\bcoalition\b|\bCJTF-OIR\b|"
    r"\bInherent\s+Resolve\b|\binternational\s+(?:forces|coalition|troops)\b|\bforeign\s+(?:forces|troops)\b)"
)

# Somebody hostile acting: projectiles fired, a place hit, a convoy bombed.
ATTACK_ACTION = Cue(
    re.compile(
    r"\b(?:attack(?:ed|s|ing)?|target(?:ed|ing|s)?|struck|strikes?|hit(?:s|ting)?|fire[sd]|firing|launch(?:ed|es|ing)?|"
    r"land(?:ed|ing)|fell|slammed|rained|impacted|impacting|shell(?:ed|ing)|bomb(?:ed|ing|ings)|"
    r"explo(?:ded|sion|sions)|blasts?|detonat(?:ed|ion)|storm(?:ed|ing)|assault(?:ed)?|"
    r"shot\s+down|intercept(?:ed|ion)|engaged|downed|destroyed|barrage|salvos?|volley|"
    r"ambush(?:ed)?|raid(?:ed)?|incident|was\s+hit|were\s+hit|came\s+under|blew\s+up|went\s+off)\b",
    _I,
),
)

# What the attacker used, as a cheap gate before the weapon stage runs.
WEAPON_HINT = Cue(
    re.compile(
    r"\b(?:rockets?|katyushas?|missiles?|drones?|UAVs?|UAS|mortars?|shells?|rounds|IEDs?|roadside|"
    r"explosive|bombs?|artillery|air\s*strikes?|airstrikes?|aircraft|jets?|F-1[56]s?|warplanes?|"
    r"projectiles?|indirect\s+fire|gunfire|gunmen|small\s+arms|grenades?|RPGs?|bombardment)\b",
    _I,
),
)

US_TARGET = Cue(
    re.compile(
    rf"(?:{US_WORDS}[\w\s,'’-]{{0,40}}?\b(?:base|bases|forces|troops|personnel|soldiers|service\s*(?:members|men)|"
    rf"servicemen|embassy|consulate|convoy|convoys|facility|facilities|outpost|garrison|positions?|"
    rf"contractors?|diplomatic|mission|advisers|presence|occupation|military|patrol|trucks?|compound|"
    rf"airbase|air\s+base|site|sites|camp)\b|"
    rf"\b(?:hosting|hosts?|housing|houses|where)\b[\w\s,'’-]{{0,30}}?{US_WORDS}|"
    rf"\b(?:convoys?|trucks?|supplies|equipment|logistic\w*|contractors?)\b[\w\s,'’-]{{0,40}}?\b(?:for|of|to|belonging\s+to|"
    rf"supplying|serving|working\s+for)\s+(?:the\s+)?{US_WORDS}|"
    rf"\b(?:embassy|consulate|"
    rf"American\s+(?:base|forces|troops|soldiers))\b|\bUS\s+(?:base|forces|troops|soldiers)\b)",
    _I,
),
)

STRIKE_NOUN = Cue(
    re.compile(
    r"\b(?:air\s*strikes?|airstrikes?|air\s+raids?|drone\s+strikes?|strikes?|struck|bomb(?:ed|ing|ings)|"
    r"aerial\s+bombardment|bombardment|precision[- ]guided|retaliat(?:ed|ory|ion)|hit\s+back|"
    r"assassinat(?:ed|ion)|killed|killing|took\s+(?:necessary\s+and\s+proportionate\s+)?action|"
    r"counter-?fire|responded\s+by\s+firing|fired)\b",
    _I,
),
)

# The US or coalition as the one acting.
# Between "the Pentagon" and "a drone strike", a reporting verb makes the Pentagon a speaker, not the striker.
_NOT_SPEECH = (r"(?!(?:said|says|reported|counted|condemned|confirmed|denied|blamed|accused|described|"
               r"recorded|tallied|listed)\b)")
US_ACTOR = Cue(
    re.compile(
    rf"(?:\b{US_WORDS}\s+(?:{_NOT_SPEECH}\w+\s+){{0,4}}?(?:air\s*strikes?|airstrikes?|drone\s+strikes?|strikes?|struck|"
    rf"forces?\s+(?:carried|conducted|struck|launched|killed|took|responded)|military\s+(?:struck|conducted|"
    rf"carried|launched|has\s+taken|took|on)|carried\s+out|conducted|launched|bombed|hit\s+back|retaliated|"
    rf"killed|assassinated|targeted|responded|ordered|took)|"
    rf"\b(?:strikes?|air\s*strikes?|airstrikes?|attack)\s+(?:\w+\s+){{0,3}}by\s+(?:the\s+)?{US_WORDS}|"
    rf"\b(?:Biden|Trump|Austin|Lloyd\s+Austin|President)\b[\w\s]{{0,30}}?\b(?:ordered|directed|authori[sz]ed)|"
    rf"\bF-1[56]s?\b|\bMQ-9\b|\bReaper\b|\bB-1\b|"
    rf"^\W*(?:the\s+)?{US_WORDS}(?:[\s-]+(?:led|military|forces?|troops|jets?|aircraft|warplanes|army|air\s+force|"
    rf"navy|command))*\b[^.:;]{{0,60}}?\b(?:struck|conducted|carried\s+out|responded\s+by|bombed|retaliated|"
    rf"launched\s+(?:\w+\s+)?(?:strikes|airstrikes|raids)))",
    _I,
),
)

MILITIA_TARGET = Cue(
    re.compile(
    r"\b(?:Iran(?:ian)?[- ](?:backed|aligned|linked|affiliated|supported)|pro-Iran(?:ian)?|proxy|proxies|"
    r"militias?|militants?|fighters|Kata'?[ie]b|Kataeb|Hezbollah|Hizballah|Nujaba|IRGC|Quds\s+Force|"
    r"Revolutionary\s+Guard|Soleimani|Suleimani|Soleimani's|Muhandis|Abu\s+Taqwa|weapons\s+storage|"
    r"ammunition\s+storage|storage\s+facilit|headquarters|command\s+and\s+control|PMF|Hashd|Popular\s+Mobili[sz]ation|"
    r"facilit(?:y|ies)\s+(?:used|linked|associated)|launch(?:ing)?\s+(?:sites?|spots?|points?)|"
    r"point\s+of\s+origin|commander|leader)\b",
    _I,
),
)

# Other wars the reports mention; their violence is out of scope.
OUT_OF_SCOPE_ACTOR = Cue(
    re.compile(
    r"\b(?:Turk(?:ish|ey)|Israel(?:i)?|IDF|Houthis?|Yemen(?:i)?|PKK|Russian?|Ukrain(?:e|ian)|Hamas|Gaza|"
    r"Red\s+Sea|Gulf\s+of\s+Aden|Lebanon|Lebanese|Pakistan|Afghanistan|Saudi|Kuwait(?:i)?|Somalia)\b",
    _I,
),
)
ISIS = re.compile(r"\b(?:ISIS|ISIL|Islamic\s+State|Daesh|IS)\b")

THREAT = Cue(
    re.compile(
    r"\b(?:would\s+(?:respond|retaliate|attack|strike|hit)|will\s+(?:respond|retaliate|attack|strike|hit|continue|keep)|"
    r"could\s+(?:respond|retaliate|attack|strike|target)|may\s+(?:strike|attack|target)|if\s+(?:the|they|it)|"
    r"plan(?:s|ned)?\s+to|intend|capab(?:le|ility)|keep\s+up|continue\s+(?:to\s+)?(?:attack|target)|ready\s+to|"
    r"prepared\s+to|option)\b",
    _I,
),
)
# Vows, warnings and forecasts: what may happen, never an incident.
STRONG_THREAT = Cue(
    re.compile(r"\b(?:vow(?:ed|s)?|threat(?:en(?:ed|ing|s)?)|warn(?:ed|s|ing)?|pledg(?:ed|es)|promis(?:ed|es)|"
               r"expect(?:ed|s)?|predict(?:ed|s)?|feared|fears)\b", _I),
)
# Counts of many attacks: never one incident, whatever dates they carry.
AGGREGATE = Cue(
    re.compile(
    r"\b(?:(?:dozens|scores|hundreds|tens)\s+of\s+(?:\w+\s+){0,2}(?:attacks|strikes|incidents)|numerous|"
    r"multiple\s+attacks|several\s+attacks|(?:series|spate|string|wave|flurry|number)\s+of\s+(?:\w+\s+){0,3}?"
    r"(?:attacks|strikes|incidents|assaults)|(?:more\s+than|at\s+least|over|nearly|some|about)\s+\d+\s+(?:\w+\s+)?(?:attacks|times)|"
    r"\d+\s+(?:\w+\s+)?attacks|(?:the\s+|this\s+)(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth|eleventh|twelfth|latest\s+in\s+a)\s+(?:\w+\s+){0,2}?(?:attacks?|incidents?|strikes?|on|against|since|"
    r"such|of\s+(?:its|their)\s+(?:kind|type))|\d+(?:st|nd|rd|th)\s+(?:\w+\s+)?(?:attack|incident)|"
    r"attacks\s+(?:on|against)\s+[\w\s,-]{0,60}(?:have|has)\s+(?:increased|escalated|intensified|continued|risen|surged)|"
    r"since\s+mid-|tit-for-tat|nearly\s+daily|almost\s+daily|daily\s+attacks|attacks\s+have\s+been|"
    r"(?:over|in|during)\s+(?:the\s+)?(?:past|last|recent)\s+(?:few\s+|several\s+|two\s+|three\s+)?(?:days|weeks|months)|"
    r"(?:spike|surge|uptick|rise|increase)\s+(?:of|in)\s+(?:\w+\s+)?attacks|"
    r"attacks\s+(?:on|against)\s+[\w\s-]{0,30}?\s+in\s+(?:19|20)\d\d\b|in\s+the\s+space\s+of|"
    r"(?:have|has|had)\s+(?:\w+\s+)?(?:intensified|increased|stepped\s+up|escalated|ramped\s+up)\s+(?:\w+\s+)?attacks)\b",
    _I,
),
)
# Habitual wording: many attacks unless one day is named.
HABITUAL = Cue(
    re.compile(
    r"\b(?:repeated(?:ly)?|regular(?:ly)?|frequent(?:ly)?|routinely|often|"
    r"have\s+been\s+(?:subject|targeted)|has\s+been\s+(?:subject|targeted)|had\s+previously|previously\s+been|"
    r"(?:were|was|are|is|been)\s+used\s+(?:by\s+[^,.;]{1,80}?\s+)?(?:for|to)\b)",
    _I,
),
)
LEADING_ADVERBIAL = re.compile(
    r"^\W*(?:in\s+(?:response|retaliation|reprisal)\s+(?:to|for)|after|following|"
    r"(?:(?:less|more)\s+than\s+)?(?:[\w-]+\s+)?(?:days?|hours?|weeks?|months?)\s+(?:after|before))\b[^,]{15,}?,\s+",
    _I,
)
# A launcher found loaded or defused: nothing was fired.
UNFIRED = Cue(
    re.compile(r"\b(?:defused|dismantled|unfired|primed|before\s+(?:it|they)\s+could\s+be\s+(?:fired|launched)|"
               r"ready\s+to\s+(?:be\s+)?(?:fire|launch)|set\s+to\s+(?:fire|launch))\b", _I),
)
LAUNCHER_ONLY = Cue(
    re.compile(
    r"\b(?:launch(?:er|ers|\s+pad|\s+pads|ing\s+pad|\s+site|\s+point)|rails?)\b[\w\s,-]{0,40}?\b(?:found|seized|discovered|"
    r"located|recovered|dismantled|defused)\b|\b(?:found|seized|discovered|recovered|defused)\b[\w\s,-]{0,40}?"
    r"\b(?:launch(?:er|ers|\s+pad)|unfired|rockets?\s+(?:ready|primed|set))\b",
    _I,
),
)
NEGATED = Cue(
    re.compile(
    r"\b(?:denied\s+(?:any|that)|no\s+(?:attack|attacks)\s+(?:occurred|took\s+place|happened)|did\s+not\s+(?:attack|occur)|"
    r"false\s+(?:claim|report)|(?:early\s+)?speculation|posited|falsely|foiled\s+an?\s+(?:planned|plot)|thwarted\s+a\s+plot|claim\s+(?:was\s+)?false)\b",
    _I,
),
)
# Sentences that add facts to an incident already found.
FOLLOW_UP = Cue(
    re.compile(
    r"\b(?:casualt(?:y|ies)|injur(?:ed|ies|y)|wounded|killed|dead|died|hurt|damage[ds]?|claim(?:ed|s)?|"
    r"responsib(?:le|ility)|blam(?:e|ed|es)|accus(?:e|ed|es)|behind\s+the|carried\s+out\s+by|believed|suspected|"
    r"hallmarks|statement|intercept(?:ed)?|shot\s+down|no\s+one)\b",
    _I,
),
)
# Clause boundaries inside one sentence where a second event is often introduced.
CLAUSE_BREAK = Cue(
    re.compile(
    r"(?:;\s+|,?\s+(?:just\s+)?(?:(?:\w+\s+)?(?:days?|hours?|weeks?|months?)\s+)?after\s+(?=\w)|"
    r",?\s+in\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:response|retaliation|reprisal)\s+(?:to|for)\s+|,?\s+following\s+(?=an?\s|the\s)|"
    r",?\s+since\s+(?=the\s|an?\s|\w+\s+\w+ed\b)|\s+(?:followed|came\s+after|comes\s+after)\s+|"
    r",\s+while\s+|,\s+and\s+(?:then\s+)?(?=(?:the\s+)?(?:US|U\.S\.|coalition|Iran)\b)|\s+culminating\s+in\s+|"
    r",?\s+which\s+(?:came|comes)\s+|,\s+the\s+(?:\w+\s+)?anniversary\s+of\s+|,?\s+including\s+(?=an?\s|the\s)|"
    r"\s+and\s+(?=another\s+(?:\w+\s+)?(?:at|on|near|in|against|toward|towards|targeting|hit|struck)\b)|"
    r",\s+(?:adding|saying|noting|stressing)\s+(?:that\s+)?|\s+amid\s+|"
    r",\s+(?=(?:the|its)\s+(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|latest)\b)|"
    r"\s+where\s+(?=(?:Iran|[A-Z][\w’'-]+|militias?|militants|the\s+[\w’'-]+)\s+(?:[\w’'-]+\s+){0,2}?(?:had\s+)?"
    r"(?:attacked|fired|launched|struck|targeted)\b))",
    _I,
),
)
PRONOUN_PLACE = re.compile(
    r"^(?:\W*)(?:it|where|the\s+(?:same\s+)?(?:base|airbase|air\s+base|embassy|compound|facility|garrison|outpost|camp|site))\b",
    _I,
)
# "near the airport", "at the same base": the site already named, referred to again.
SITE_REFERENCE = re.compile(
    r"\b(?:at|near|on|inside|into|outside|around|targeting|against)\s+the\s+(?:same\s+)?"
    r"(?:airport|base|airbase|air\s+base|embassy|compound|garrison|outpost|oil\s+field|gas\s+field)\b",
    _I,
)
ORIGIN_BEFORE_PLACE = Cue(
    re.compile(
    r"(?:\bfrom|\borigin\s+(?:in|at|of)|\blaunched\s+from|\bfired\s+from|\bfound\s+in|\bpad\s+in|\bsite\s+in|"
    r"\bbased\s+in|\bstationed\s+(?:in|on|along)|\bcommander\s+in|\bhead\s+of|\bleader\s+of|\bgovernor\s+of|"
    r"\bvisit(?:ed)?|\bspokes(?:man|person|woman)\s+(?:in|for)|\bsource\s+in)\s+(?:the\s+)?(?:\w+\s+){0,3}$",
    _I,
),
)

# "north of Baghdad": a landmark to find the place by, not the place itself.
REFERENCE_POINT = Cue(
    re.compile(
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|northern|southern|eastern|western)(?:ern)?\s+"
    r"of\s+(?:the\s+)?$|\b(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:of|from)\s+(?:the\s+)?$",
    _I,
),
)
STRONG_ATTACK = Cue(
    re.compile(
    r"\b(?:attack(?:ed|s|ing)?|target(?:ed|ing)|struck|shell(?:ed|ing)|bomb(?:ed|ing)|storm(?:ed|ing)|explosion|blast|"
    r"assault(?:ed)?|ambush(?:ed)?|came\s+under\s+fire|was\s+hit|were\s+hit|exploded|detonated)\b",
    _I,
),
)
STRIKE_ON_MILITIA = Cue(
    re.compile(
    r"\b(?:air\s*strikes?|airstrikes?|air\s+raids?|drone\s+strikes?|aerial\s+(?:strike|attack|bombardment)s?|"
    r"strikes|bombing|bombardment|raid)\b",
    _I,
),
)
# A clause about another, earlier event: it never continues the story's undated incident.
PAST_MARKER = Cue(
    re.compile(
    r"\b(?:similar|another\s+(?:attack|strike|incident|assault)|previous(?:ly)?|prior|earlier\s+(?:attack|strike|incident)|last\s+(?:month|year|week)|"
    r"(?:weeks?|months?|years?|days?)\s+(?:ago|earlier|before|after)|a\s+separate|in\s+a\s+separate|that\s+day|"
    r"then-|the\s+(?:19|20)\d\d\b)|^\W*(?:in|on|since)\s+(?:early\s+|late\s+|mid-)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d",
    _I,
),
)
# A day named without a calendar: still a time anchor when the publication date is unknown.
TIME_WORD = Cue(
    re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|overnight|"
    r"last\s+night|this\s+morning|earlier\s+today)\b",
    _I,
),
)
# "The strikes hit three sites": a strike already told, continued.
DEFINITE_STRIKE = Cue(
    re.compile(
        r"\b(?:the|these|those|its|their)\s+(?:\w+\s+)?(?:air\s*strikes?|airstrikes?|strikes|raids?|bombing)\b", _I
    ),
)
# A subordinate event ("... after a drone attack", "in response to ...") came before the main one.
ANTECEDENT = re.compile(
    r"^\W*(?:[\w-]+\s+){0,3}?(?:after|following|since|in\s+(?:response|retaliation|reprisal)\s+(?:to|for))\b", _I
)
# A vague period that ends "... after": what follows it happened then ("less than a month after X").
LEADS_IN = re.compile(r"\bafter$", _I)
# A clause that tells only a toll ("a soldier was wounded yesterday"): its day is the next clause's event's.
TOLL_ONLY = re.compile(r"\b(?:killed|wounded|injured|died)\b", _I)
# "just two days after drones attacked X": X is dated from the event told before it.
ANTECEDENT_OFFSET = re.compile(
    r"^\W*(?:just\s+|only\s+|some\s+|about\s+)?(?P<n>a|an|one|two|three|four|five|six|seven|\d+)\s+"
    r"(?P<unit>days?|weeks?)\s+after\b",
    _I,
)
# When something was said is not when it happened: "officials said on Monday".
SPEECH_BEFORE_DATE = re.compile(
    r"\b(?:said|says|announced|told(?:\s+\w+){0,2}?|stated|reported|confirmed|added|tweeted|wrote|"
    r"statement(?:\s+issued|\s+released)?)\s+(?:on\s+|late\s+|early\s+|earlier\s+)?$",
    _I,
)
FOREIGN_THEATRE = Cue(
    re.compile(
        r"\b(?:Yemen(?:i)?|Red\s+Sea|Gulf\s+of\s+Aden|Gaza|Lebanon|Israel|West\s+Bank|Somalia|Afghanistan|Pakistan)\b",
        _I,
    ),
)
IRAN_ALIGNED = Cue(
    re.compile(r"\b(?:Iran|Kata'?[ie]b|Kataeb|Hezbollah|Hizballah|Nujaba|IRGC|Quds|PMF|Hashd|Popular\s+Mobili[sz]ation|"
               r"Soleimani|Suleimani|Muhandis|prox(?:y|ies)|Revolutionary\s+Guard)", _I),
)
ISIS_TARGET = Cue(
    re.compile(r"\b(?:ISIS|ISIL|Islamic\s+State|Daesh)\b", _I)
)
# "the attack", "Sunday's strike": a reference back to an incident already told.
DEFINITE_EVENT = Cue(
    re.compile(r"\b(?:the|this|that|[A-Z]\w+day[’']s)\s+(?:\w+\s+)?(?:attack|strike|incident|assault)\b", _I),
)
# "US forces struck ...": the US words name the one acting, not the one hit.
ACTIVE_AFTER_US = re.compile(
    r"[\s,]*(?:[\w’'-]+\s+){0,3}?(?:struck|conducted|carried\s+out|launched\s+(?:\w+\s+)?(?:strikes|airstrikes|raids)|"
    r"bombed|killed|responded|retaliated|hit\s+back|took\s+(?:\w+\s+){0,3}action|targeted\s+(?!by))",
    _I,
)
PROGRESSIVE_HABIT = Cue(
    re.compile(r"\b(?:has|have|had)\s+been\s+(?:attacking|targeting|striking|firing|launching)\b", _I),
)
ANOTHER = Cue(re.compile(r"\b(?:another|a\s+second|a\s+third|the\s+other|one\s+more)\b", _I))
# "The attack was the third of its kind in a week": a count about the incident just told, which it names.
ORDINAL_REFERENCE = Cue(
    re.compile(
        r"^\W*(?:the|this|that|it|[A-Z]\w+day[’']s)\b[^.;]{0,80}?\b(?:is|was)\s+(?:the|its)\s+(?:\d+(?:st|nd|rd|th)|second|"
        r"third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|latest)\b",
        _I,
    ),
)
# "On that day" points back at the date just given.
THAT_DAY = Cue(re.compile(
    r"\b(?:(?:on\s+)?(?:that(?:\s+same)?|the\s+same)\s+day|(?:earlier|later)\s+(?:in\s+the|that)\s+day)\b", _I
))
# Iraqi leaders and institutions as the target: not an attack on the US side.
OTHER_VICTIM = Cue(
    re.compile(r"\b(?:prime\s+minister|premier|residence|parliament|ministry|assassination\s+attempt)\b", _I),
)
