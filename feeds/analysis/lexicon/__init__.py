"""Word lists the analyser reads news with: speech cues, roles, descriptions.

These are lexicons of how English news is written, not of any one article:
reporting verbs in every tense, titles and roles that stand before or after a
name, the nouns a story uses to refer back to someone it named ("the
newspaper", "the ministry"), and the heads of anonymous attributions
("diplomatic sources", "people familiar with the matter").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "CUE_FORMS", "CUE_LEMMA", "ING_CUES", "SOURCE_CUES", "trie_regex", "TITLE_WORDS",
    "HONORIFICS", "ORG_WORDS", "NATIONALITIES", "PLACES", "FIRST_NAMES", "PRONOUNS",
    "DESCRIPTION_CLASS", "ANON_HEADS", "DOC_HEADS", "STOP_CAPS", "AUX", "NP_STOP", "NUMBER_WORDS",
    "MONTHS", "WEEKDAYS", "NAMING_WORDS", "MALE_NAMES", "FEMALE_NAMES", "OBJECT_CUES", "AS_FRAME", "SPEECH_NOUNS",
]

# --- speech cues -----------------------------------------------------------------
# lemma -> (3rd person, past, -ing); None = build regularly.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing", "written"),
    "think": ("thinks", "thought", "thinking"),
    "speak": ("speaks", "spoke", "speaking", "spoken"),
    "tweet": ("tweets", "tweeted", "tweeting"),
    "put": ("puts", "putting"),
    "hold": ("holds", "held", "holding"),
    "foresee": ("foresees", "foresaw", "foreseeing", "foreseen"),
    "forecast": ("forecasts", "forecasted", "forecasting"),
    "feel": ("feels", "felt", "feeling"),
    "retell": ("retells", "retold", "retelling"),
    "find": ("finds", "found", "finding"),
    "show": ("shows", "showed", "showing", "shown"),
    "know": ("knows", "knew", "knowing"),
    "swear": ("swears", "swore", "swearing", "sworn"),
    "read": ("reads", "read", "reading"),
    "see": ("sees", "saw", "seeing", "seen"),
}

#: Reporting verbs (lemmas). Every form of each is a speech cue.
CUE_LEMMAS: tuple[str, ...] = (
    "say", "tell", "add", "warn", "explain", "note", "describe", "insist", "write", "report",
    "state", "announce", "claim", "argue", "assert", "declare", "confirm", "deny", "acknowledge",
    "admit", "reply", "respond", "answer", "ask", "urge", "caution", "comment", "remark",
    "observe", "suggest", "predict", "estimate", "recall", "recount", "reveal", "disclose",
    "conclude", "complain", "lament", "boast", "concede", "contend", "stress",
    "emphasize", "emphasise", "underline", "underscore", "affirm", "reaffirm", "reiterate",
    "repeat", "call", "dub", "characterize", "characterise", "quip", "joke", "shout", "yell",
    "scream", "whisper", "exclaim", "tweet", "post", "testify", "promise", "pledge", "vow",
    "threaten", "demand", "plead", "propose", "recommend", "advise", "allege", "accuse",
    "criticize", "criticise", "condemn", "denounce", "praise", "hail", "cheer", "thank",
    "proclaim", "inform", "brief", "instruct", "assure", "reassure", "relate", "summarize",
    "summarise", "speak", "think", "believe", "hope", "fear", "worry", "forecast", "project",
    "indicate", "show", "find", "mention", "point", "continue", "counter", "retort", "snap",
    "sigh", "muse", "wonder", "question", "concur", "agree", "protest", "object", "charge",
    "chide", "scold", "blast", "slam", "decry", "lambast", "rebuke", "mock", "groan",
    "gush", "enthuse", "marvel", "rave", "recommend", "foresee", "predict", "caution",
    "clarify", "elaborate", "specify", "detail", "outline", "highlight", "signal", "hint",
    "imply", "stipulate", "specify", "swear", "attest", "certify", "allege", "cite",
    "quote", "relay", "convey", "echo", "counsel", "implore", "beg", "appeal", "demand",
    "request", "order", "command", "acknowledge", "welcome", "applaud", "lament", "regret",
    "apologize", "apologise", "confess", "grumble", "mutter", "murmur", "bellow", "cry",
    "sob", "laugh", "smile", "shrug", "nod", "feel", "know", "predict", "expect", "read",
    "reject", "dismiss", "remember", "weigh", "introduce", "view", "see", "regard", "brand", "label",
    "portray", "depict", "tout",
)

#: Lemmas whose forms only count when they introduce speech (not 'called for', 'added to').
_WEAK = {"call", "add", "point", "continue", "find", "show", "hold", "think", "believe", "hope",
         "fear", "worry", "expect", "feel", "know", "project", "indicate", "smile", "laugh",
         "nod", "shrug", "sigh", "cry", "object", "charge", "order", "command", "request",
         "counter", "post", "signal", "echo", "relay", "convey", "cite", "quote", "detail",
         "outline", "highlight", "agree", "question", "wonder", "snap", "mention", "promise",
         "threaten", "demand", "brief", "hint", "imply", "welcome", "regret", "appeal", "read",
         "reject", "dismiss", "remember", "weigh", "introduce", "view", "see", "regard", "brand",
         "label", "portray", "depict", "tout"}
#: Nouns of speech that, after a possessive, introduce someone's words ("his claim that …").
SPEECH_NOUNS = (
    "claim", "claims", "words", "remark", "remarks", "assertion", "assertions", "insistence", "testimony",
    "description", "account", "comment", "comments", "admission", "denial", "denials", "argument",
    "allegation", "allegations", "characterization", "characterisation", "suggestion", "contention",
)
#: Lemmas that report words only in the frame "VERB someone/something as '…'" ("introduced her as
#: 'the best'", "sees the pricing as its 'weakest link'").
AS_FRAME = {"introduce", "view", "see", "regard", "brand", "label", "portray", "depict", "tout"}

#: Cues whose object is their target, not a speaker: "accusing Silver Harp", "praised Dana Hill".
OBJECT_CUES = {
    "accuse", "criticize", "criticise", "praise", "thank", "urge", "condemn", "denounce", "hail", "cheer",
    "mock", "slam", "blast", "chide", "scold", "rebuke", "lambast", "welcome", "applaud", "inform", "brief",
    "instruct", "assure", "reassure", "advise", "order", "call", "dub", "describe", "characterize",
    "characterise", "quote", "cite", "echo", "beg", "implore", "question", "remind", "promise", "threaten",
    "reject", "dismiss", "blame", "counsel", "command", "request", "appeal", "decry", "introduce", "view",
    "see", "regard", "brand", "label", "portray", "depict", "tout", "remember",
}

#: Strong cues: their subject is a source even without a quote ("officials said").
SOURCE_LEMMAS = {
    "say", "tell", "write", "report", "state", "announce", "claim", "argue", "assert", "declare",
    "confirm", "deny", "acknowledge", "admit", "explain", "note", "warn", "insist", "reveal",
    "disclose", "estimate", "predict", "forecast", "reiterate", "stress", "emphasize",
    "emphasise", "comment", "observe", "suggest", "contend", "tweet",
    "testify", "allege", "describe", "indicate", "show", "find", "point", "add", "caution",
    "concede", "affirm", "reaffirm", "underline", "underscore", "recount", "recall", "respond",
    "reply", "urge", "quip", "remark", "complain", "lament", "assure", "reassure", "call",
    "criticize", "criticise", "condemn", "denounce", "praise", "hail", "cheer", "welcome",
    "accuse", "recommend", "advise", "project", "expect", "believe", "calculate",
}


def _forms(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    doubled = {"dub", "quip", "admit", "regret", "snap", "sob", "nod", "beg", "shrug", "chat",
               "refer", "concur", "rebut", "commit", "submit"}
    if lemma in doubled:
        d = lemma + lemma[-1]
        return (lemma, lemma + "s", d + "ed", d + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


CUE_LEMMA: dict[str, str] = {}
for _lem in CUE_LEMMAS:
    for _f in _forms(_lem):
        CUE_LEMMA.setdefault(_f, _lem)

#: Every inflected form of every cue.
CUE_FORMS: frozenset[str] = frozenset(CUE_LEMMA)
#: Forms that are weak: they need a quote, a colon or "that" nearby to count.
WEAK_FORMS: frozenset[str] = frozenset(f for f, l in CUE_LEMMA.items() if l in _WEAK)
ING_CUES: frozenset[str] = frozenset(f for f in CUE_FORMS if f.endswith("ing"))
SOURCE_CUES: frozenset[str] = frozenset(f for f, l in CUE_LEMMA.items() if l in SOURCE_LEMMAS)


def trie_regex(words: Iterable[str]) -> str:
    """An alternation of ``words`` folded into a prefix trie.

    Python's ``re`` tries alternatives one by one; a trie-shaped pattern lets it
    fail after the first differing letter, which keeps big lexicons fast.
    """
    trie: dict = {}
    for w in sorted(set(words)):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        if len(alts) == 1 and not end:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return build(trie)


# --- people: titles, roles, honorifics ----------------------------------------------
#: Role nouns: before a name ("government spokesman X") or after it in apposition.
ROLE_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "minister", "president",
    "secretary", "chief", "executive", "ceo", "cfo", "coo", "cto", "chairman", "chairwoman",
    "chair", "chairperson", "director", "head", "leader", "senator", "representative",
    "congressman", "congresswoman", "lawmaker", "legislator", "governor", "mayor", "coach",
    "captain", "player", "defenseman", "defender", "winger", "goalie", "goalkeeper", "forward",
    "striker", "midfielder", "quarterback", "pitcher", "manager", "analyst", "economist",
    "professor", "researcher", "author", "scientist", "doctor", "physician", "official",
    "ambassador", "envoy", "general", "commander", "adviser", "advisor", "negotiator",
    "administrator", "lawyer", "attorney", "judge", "prosecutor", "founder", "co-founder",
    "owner", "partner", "strategist", "chancellor", "premier", "king", "queen", "prince",
    "princess", "pope", "bishop", "deputy", "associate", "assistant", "vice", "press",
    "secretary-general", "commissioner", "inspector", "officer", "sheriff", "detective",
    "agent", "correspondent", "reporter", "editor", "columnist", "journalist", "expert",
    "fellow", "scholar", "investor", "trader", "banker", "diplomat", "spokesmen", "aide",
    "member", "candidate", "nominee", "senior", "principal", "meteorologist", "engineer",
    "specialist", "consultant", "lecturer", "dean", "provost", "rector", "superintendent",
    "chef", "actor", "actress", "singer", "star", "athlete", "champion", "skipper",
    "veteran", "rookie", "center", "centre", "guard", "tackle", "rep", "sen", "gov",
    "treasurer", "auditor", "comptroller", "clerk", "marshal", "colonel", "major",
    "lieutenant", "sergeant", "admiral", "general", "commandant", "chaplain", "rabbi",
    "imam", "cardinal", "archbishop", "priest", "pastor", "principal", "teacher", "student",
    "activist", "campaigner", "organizer", "organiser", "founder", "boss", "pundit",
    "commentator", "historian", "epidemiologist", "virologist", "psychologist",
    "psychiatrist", "surgeon", "nurse", "paramedic", "firefighter", "resident", "witness",
    "survivor", "victim", "mother", "father", "son", "daughter", "wife", "husband", "brother",
    "sister", "friend", "neighbor", "neighbour", "colleague", "host", "anchor", "moderator",
    "presenter", "producer", "writer", "director-general", "attorney-general", "administrator",
    "physicist", "chemist", "biologist", "mathematician", "architect", "designer", "artist",
    "musician", "novelist", "poet", "economist", "planner", "regulator", "supervisor",
    "inspector-general", "ombudsman", "speaker", "whip", "delegate", "councillor",
    "councilor", "councilman", "councilwoman", "alderman", "magistrate", "justice", "emir",
    "sheikh", "sultan", "monarch", "duke", "duchess", "lord", "baron", "mp", "mep", "chief",
    "founder", "cofounder", "executive", "vp", "evp", "svp", "md", "gm", "principal",
    "researcher", "instructor", "trainer", "referee", "umpire", "jockey", "driver", "pilot",
    "rider", "cyclist", "runner", "swimmer", "boxer", "wrestler", "golfer", "bowler",
    "batsman", "batter", "catcher", "shortstop", "outfielder", "infielder", "linebacker",
    "receiver", "cornerback", "safety", "tight", "end", "punter", "kicker", "fullback",
    "halfback", "prop", "hooker", "flanker", "lock", "scrum-half", "fly-half", "wing",
}
#: Capitalised titles that may stand in a name run ("Prime Minister Ana Silva").
TITLE_WORDS = {w.capitalize() for w in ROLE_NOUNS} | {
    "Prime", "Foreign", "Defense", "Defence", "Finance", "Interior", "Justice", "Health",
    "Trade", "State", "Attorney", "General", "Press", "Vice", "Deputy", "Chief", "Executive",
    "Senior", "Associate", "Assistant", "Principal", "Administrator", "Secretary", "Minister",
    "President", "Chairman", "Director", "Governor", "Mayor", "Senator", "Rep", "Rep.", "Sen",
    "Sen.", "Gov", "Gov.", "Gen", "Gen.", "Col", "Col.", "Lt", "Lt.", "Sgt", "Sgt.", "Capt",
    "Capt.", "Adm", "Adm.", "Maj", "Maj.", "Cmdr", "Cmdr.", "Supt", "Supt.", "Insp", "Insp.",
    "Det", "Det.", "Dr", "Dr.", "Prof", "Prof.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
    "Mx", "Mx.", "Sir", "Dame", "Lord", "Lady", "Rev", "Rev.", "Fr", "Fr.", "Sheikh", "Emir",
    "King", "Queen", "Prince", "Princess", "Pope", "Chancellor", "Premier", "Speaker",
    "Commissioner", "Ambassador", "Envoy", "Judge", "Justice", "Coach", "Captain", "Officer",
    "Inspector", "Sheriff", "Detective", "Agent", "Editor", "Congressman", "Congresswoman",
    "Representative", "Treasurer", "Auditor", "Councillor", "Councilor", "Mayor-elect",
    "President-elect", "Former", "Acting", "Interim", "Senior", "Junior", "Secretary-General",
    "Director-General", "Attorney-General", "CEO", "CFO", "COO", "CTO", "Chair", "Head",
    "Leader", "Spokesman", "Spokeswoman", "Spokesperson", "Founder", "Co-founder", "Vice-President",
    "Economy", "Energy", "Education", "Transport", "Agriculture", "Labor", "Labour", "Culture",
    "Environment", "Home", "Homeland", "Security", "National", "Commerce", "Industry",
    "Treasury", "Development", "Communications", "Information", "Immigration", "Housing",
    "Interior", "Science", "Technology", "Tourism", "Sports", "Youth", "Women", "Affairs",
    "Exterior", "External", "Internal", "Public", "Works", "Veterans", "Legal", "Counsel",
    "Solicitor", "Advocate", "Majority", "Minority", "House", "Senate", "Party", "Opposition",
}
HONORIFICS = {"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Mx", "Mx.", "Dr", "Dr.", "Prof",
              "Prof.", "Sir", "Dame", "Lord", "Lady", "Rev", "Rev.", "Sen", "Sen.", "Rep",
              "Rep.", "Gov", "Gov.", "Gen", "Gen.", "Col", "Col.", "Lt", "Lt.", "Capt", "Capt.",
              "Sgt", "Sgt.", "Adm", "Adm.", "Maj", "Maj.", "Det", "Det.", "Insp", "Insp.",
              "Fr", "Fr.", "Sheikh", "Mme", "Mme.", "Herr", "Frau", "Monsieur", "Madame"}

#: Words that make a capitalised run an organisation rather than a person.
ORG_WORDS = {
    # events and gatherings: never a person ("the Pakistan–Austria Business Roundtable")
    "Roundtable", "Summit", "Conference", "Symposium", "Convention", "Expo", "Festival",
    "Ministry", "Department", "Office", "Agency", "Commission", "Committee", "Council", "Court",
    "Bank", "Group", "Corp", "Corp.", "Corporation", "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "LLP",
    "Co", "Co.", "Company", "Securities", "Equities", "Capital", "Partners", "Holdings",
    "Institute", "Institution", "University", "College", "School", "Center", "Centre",
    "Association", "Federation", "Union", "League", "Party", "Forum", "Foundation", "Fund",
    "Authority", "Administration", "Service", "Services", "Organization", "Organisation",
    "Board", "Bureau", "Police", "Army", "Navy", "Force", "Forces", "Coalition", "Network",
    "Society", "Club", "Industries", "Technologies", "Systems", "Energy", "Airlines", "Airways",
    "Motors", "Pharmaceuticals", "Labs", "Laboratories", "Laboratory", "Clinic", "Hospital",
    "Parliament", "Congress", "Senate", "Assembly", "Government", "Cabinet", "Command",
    "Pentagon", "Kremlin", "Times", "Post", "News", "Journal", "Herald", "Tribune", "Gazette",
    "Telegraph", "Guardian", "Daily", "Press", "Review", "Magazine", "Radio", "Television", "TV",
    "Broadcasting", "Media", "Reuters", "Institute", "Trust", "Initiative", "Program",
    "Programme", "Project", "Committee", "Caucus", "Directorate", "Secretariat", "Unit",
    "Division", "Team", "Squad", "Brigade", "Regiment", "Guard", "Guards", "Patrol",
    "Protection", "Enforcement", "Prevention", "Control", "Affairs", "Survey", "Observatory",
    "Museum", "Library", "Church", "Mosque", "Temple", "Diocese", "Council", "Chamber",
    "Exchange", "Reserve", "Treasury", "Statistics", "Institutes", "Alliance", "Movement",
    "Front", "Brotherhood", "Group", "Consortium", "Cooperative", "Co-op", "Studios",
    "Entertainment", "Records", "Publishing", "Publishers", "Books", "Pictures", "Sciences",
    "Health", "Care", "Healthcare", "Insurance", "Financial", "Finance", "Investments",
    "Management", "Advisors", "Advisers", "Consulting", "Research", "Analytics", "Data",
    "Solutions", "Software", "Electric", "Oil", "Gas", "Petroleum", "Mining", "Steel",
    "Chemicals", "Foods", "Beverages", "Brands", "Retail", "Stores", "Markets", "Logistics",
    "Shipping", "Railways", "Railway", "Rail", "Transit", "Port", "Airport", "Commission",
    "Tribunal", "Ombudsman", "Inspectorate", "Regulator", "Watchdog", "Mission", "Embassy",
    "Consulate", "Delegation", "Commissioner", "Nations", "Republic", "Kingdom", "States",
    "Federal", "Central", "Supreme", "High", "Constitutional", "Municipal", "Council",
    "Academy", "Conservatory", "Hub", "Lab", "Coalition", "Alliance", "Forum", "Platform",
    "Worldwide", "International", "Global", "Holdings", "Ventures", "Labs", "Robotics",
    "Productions", "Label", "Films", "Studio", "Enterprises", "Associates", "Agencies", "Legislature",
    # company names: "<Name> Instruments", "<Name> Semiconductor", "<Name> Group AG"
    "Instruments", "Electronics", "Semiconductor", "Semiconductors", "Devices", "Components",
    "Manufacturing", "Engineering", "Automotive", "Aerospace", "Biotech", "Therapeutics",
    "Telecom", "Communications", "Airline", "Utilities", "Power", "Partnership", "AG", "SA",
    "GmbH", "plc", "PLC", "NV", "BV", "AB", "ASA", "Pty",
}
ORG_WORDS_LOWER = {w.lower().rstrip(".") for w in ORG_WORDS}
# A word that names organisations ("Center", "Guard", "Press") is never a title.
TITLE_WORDS -= {w for w in ORG_WORDS if w not in ("Press", "House", "State", "Secretary", "Commissioner")}
TITLE_WORDS -= {"End", "Lock", "Safety", "Tackle", "Wing", "Star", "Host", "Anchor", "Forward", "Guard",
                "Center", "Centre", "Major", "Tight", "Prop", "Hooker", "Flanker", "Receiver", "Catcher",
                "Justice", "Member", "Son", "Daughter", "Friend", "Resident", "Witness", "Victim",
                "Student", "Teacher", "Mother", "Father", "Wife", "Husband", "Brother", "Sister",
                "Expert", "Fellow", "Partner", "Owner", "Investor", "Trader", "Banker", "Player"}

NATIONALITIES = {
    "American", "British", "Chinese", "Japanese", "Russian", "French", "German", "Italian",
    "Spanish", "Portuguese", "Dutch", "Belgian", "Swiss", "Austrian", "Swedish", "Norwegian",
    "Danish", "Finnish", "Polish", "Czech", "Slovak", "Hungarian", "Romanian", "Bulgarian",
    "Greek", "Turkish", "Ukrainian", "Belarusian", "Serbian", "Croatian", "Bosnian", "Albanian",
    "Irish", "Scottish", "Welsh", "English", "Canadian", "Mexican", "Brazilian", "Argentine",
    "Argentinian", "Chilean", "Colombian", "Peruvian", "Venezuelan", "Cuban", "Indian",
    "Pakistani", "Bangladeshi", "Afghan", "Iranian", "Iraqi", "Syrian", "Lebanese", "Israeli",
    "Palestinian", "Jordanian", "Egyptian", "Saudi", "Emirati", "Qatari", "Kuwaiti", "Yemeni",
    "Omani", "Libyan", "Tunisian", "Algerian", "Moroccan", "Nigerian", "Kenyan", "Ethiopian",
    "Somali", "Sudanese", "Ghanaian", "South", "North", "Korean", "Vietnamese", "Thai",
    "Indonesian", "Malaysian", "Filipino", "Philippine", "Singaporean", "Australian",
    "Zealand", "Taiwanese", "Tibetan", "Mongolian", "Kazakh", "Uzbek", "Georgian", "Armenian",
    "Azerbaijani", "European", "African", "Asian", "Arab", "Latin", "Western", "Eastern",
    "Hungarian-American", "Chinese-American", "Iranian-American", "US", "U.S.", "UK", "U.K.",
    "EU", "UN", "U.N.", "NATO", "Soviet", "Kurdish", "Catalan", "Basque", "Quebec", "Texan",
    "Californian", "Democratic", "Republican", "Conservative", "Labour", "Liberal", "Green",
    "Socialist", "Communist", "Federal", "State", "Provincial", "Regional", "Local", "Former",
    "Then", "Then-", "Top", "Veteran", "Ex-", "Outgoing", "Incoming", "New", "Acting",
}
PLACES = {
    # territories and regions that news names as often as countries
    "Greenland", "Guam", "Gibraltar", "Macau", "Macao", "Donetsk", "Luhansk", "Kherson", "Zaporizhzhia",
    "Bermuda", "Aruba", "Catalonia", "Quebec", "Ontario", "Alberta", "Bavaria", "Siberia", "Sahara",
    "Golan", "Hokkaido", "Okinawa", "Kurdistan", "Darfur", "Tigray", "Balochistan", "Punjab", "Sindh",
    "Bengal", "Kerala", "Patagonia", "Caribbean", "Baltics", "Chechnya", "Dagestan", "Transnistria",
    "Abkhazia", "Ossetia", "Karabakh", "Kaliningrad", "Mindanao", "Sumatra", "Java", "Borneo", "Sardinia",
    "Sicily", "Corsica", "Crete", "Tasmania", "Yukon", "Nunavut",
    "Afghanistan", "Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Bahrain", "Bangladesh", "Belarus", "Belgium", "Bolivia", "Bosnia", "Brazil",
    "Bulgaria", "Cambodia", "Cameroon", "Canada", "Chile", "China", "Colombia", "Congo",
    "Croatia", "Cuba", "Cyprus", "Denmark", "Ecuador", "Egypt", "England", "Estonia",
    "Ethiopia", "Europe", "Finland", "France", "Georgia", "Germany", "Ghana", "Greece",
    "Guatemala", "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq",
    "Ireland", "Israel", "Italy", "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Korea",
    "Kosovo", "Kuwait", "Laos", "Latvia", "Lebanon", "Libya", "Lithuania", "Luxembourg",
    "Malaysia", "Mali", "Mexico", "Moldova", "Mongolia", "Montenegro", "Morocco", "Myanmar",
    "Nepal", "Netherlands", "Nicaragua", "Niger", "Nigeria", "Norway", "Oman", "Pakistan",
    "Palestine", "Panama", "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar",
    "Romania", "Russia", "Rwanda", "Scotland", "Senegal", "Serbia", "Singapore", "Slovakia",
    "Slovenia", "Somalia", "Spain", "Sudan", "Sweden", "Switzerland", "Syria", "Taiwan",
    "Tajikistan", "Tanzania", "Thailand", "Tunisia", "Turkey", "Uganda", "Ukraine", "Uruguay",
    "Uzbekistan", "Venezuela", "Vietnam", "Wales", "Yemen", "Zambia", "Zimbabwe", "Africa",
    "Asia", "America", "Americas", "Antarctica", "Arctic", "Washington", "Beijing", "Moscow",
    "London", "Paris", "Berlin", "Tokyo", "Seoul", "Delhi", "Mumbai", "Kabul", "Doha",
    "Jerusalem", "Tehran", "Baghdad", "Damascus", "Cairo", "Ankara", "Istanbul", "Kyiv", "Kiev",
    "Brussels", "Rome", "Madrid", "Lisbon", "Vienna", "Warsaw", "Prague", "Budapest",
    "Bucharest", "Sofia", "Athens", "Geneva", "Zurich", "Ottawa", "Toronto", "Sydney",
    "Canberra", "Hawaii", "Texas", "California", "Florida", "York", "Ohio", "Michigan",
    "Pennsylvania", "Virginia", "Alaska", "Oregon", "Colorado", "Nevada", "Arizona", "Utah",
    "Idaho", "Montana", "Wyoming", "Dakota", "Nebraska", "Kansas", "Oklahoma", "Iowa",
    "Minnesota", "Wisconsin", "Illinois", "Indiana", "Kentucky", "Tennessee", "Alabama",
    "Mississippi", "Louisiana", "Arkansas", "Missouri", "Carolina", "Maryland", "Delaware",
    "Jersey", "Connecticut", "Massachusetts", "Vermont", "Hampshire", "Maine", "Rhode",
    "Island", "Chicago", "Boston", "Angeles", "Francisco", "Seattle", "Houston", "Dallas",
    "Atlanta", "Miami", "Philadelphia", "Detroit", "Denver", "Phoenix", "Buffalo", "Manhattan",
    "Brooklyn", "Hong", "Kong", "Shanghai", "Taipei", "Manila", "Jakarta", "Bangkok", "Hanoi",
    "Karachi", "Islamabad", "Dhaka", "Riyadh", "Dubai", "Abu", "Dhabi", "Gaza", "Sinai",
    "Crimea", "Donbas", "Kashmir", "Xinjiang", "Tibet", "Balkans", "Caucasus", "Scandinavia",
    "Pacific", "Atlantic", "Mediterranean", "Gulf", "Middle", "East", "West", "North", "South",
    "Bank", "Strip", "Valley", "Street", "Avenue", "Square", "Hill", "Capitol", "Broadway",
    "Hollywood", "Silicon", "Wall", "Downing", "Whitehall", "Westminster", "Brexit", "Europe",
    "Britain", "Kingdom", "Emirates", "Arabia", "Zealand", "Lanka", "Sri", "Salvador",
    "Costa", "Rica", "Puerto", "Rico", "Dominican", "Guinea", "Ivory", "Coast", "Sierra",
    "Leone", "Burkina", "Faso", "Bosnia", "Herzegovina", "Macedonia", "Qinghai", "Yunnan",
    "Mongolia", "Inner", "Outer", "Province", "County", "City", "District", "Region",
}

#: Common given names from many languages: evidence that a run is a person.
FIRST_NAMES = set("""
Aaron Abdul Abdullah Adam Adrian Ahmad Ahmed Aisha Alan Albert Alberto Alejandro Alex Alexander
Alexandra Alexei Alfred Ali Alice Alicia Alison Amanda Amir Amit Amy Ana Anand Andrea Andreas
Andrew Andy Angela Angelo Ann Anna Anne Anthony Antonio Arjun Arthur Ashley Ashraf Ava Ayman
Barack Barbara Ben Benjamin Bernie Beth Betty Bill Bob Bobby Boris Brad Brandon Brenda Brett
Brian Bruce Bruno Bryan Carl Carla Carlos Carmen Carol Caroline Catherine Charles Charlie
Chen Chris Christian Christina Christine Christopher Claire Claudia Colin Craig Dan Daniel
Daniela Danny Dave David Dean Deborah Dennis Derek Diana Diego Dmitry Dominic Don Donald
Donna Doug Douglas Dylan Ed Eddie Edward Elena Elizabeth Ellen Emily Emma Emmanuel Eric Erik
Ethan Eva Fatima Felipe Feliciano Fernando Fiona Frances Francis Francisco Frank Fred
Fumio Gabriel Gary George Gerald Gina Giorgio Giuseppe Glenn Gordon Grace Greg Gregory
Guido Hannah Harold Harry Hassan Heather Helen Henry Hiroshi Hogan Howard Hugh Hugo Hussein
Ian Igor Ibrahim Isabel Ivan Jack Jacob Jacques Jake James Jamie Jan Jane Janet Jason Javier
Jean Jeff Jeffrey Jennifer Jenny Jeremy Jerome Jessica Jill Jim Jimmy Joan Joe Joel Johann
John Johnny Jon Jonas Jonathan Jorge Jose Joseph Josh Joshua Juan Judith Julia Julian Julie
Justin Karen Karl Kate Katherine Kathleen Kathryn Katie Keith Kelly Ken Kenneth Kevin Kim
Kristi Kurt Kyle Larry Laura Lauren Leo Leonardo Linda Lisa Louis Lucas Lucy
Luis Luke Lynn Mahmoud Marco Marcelo Margaret Maria Marie Mario Mark Martin Mary Matt Matthew
Max Megan Melissa Michael Michel Michelle Miguel Mike Mitch Mohamed Mohammad Mohammed
Muhammad Nancy Naomi Natalie Nathan Neil Nicholas Nick Nicola Nicolas Nicole Nikolai Nina
Noah Olga Oliver Olivia Omar Oscar Pablo Pamela Pankaj Patricia Patrick Paul Paula Pedro
Peter Philip Phil Pierre Rachel Rafael Rahul Ralph Ramon Raj Randy Ray Rebecca Reilly Richard
Rick Rita Rob Robert Roberto Robin Roger Ron Ronald Ronny Rosa Ross Roy Ruth Ryan Saeb Sally
Sam Samantha Samuel Sandra Sanjay Sanjiv Sara Sarah Scott Sean Sebastian Sergei Sergey Shinzo
Silvia Simon Sofia Sophie Stephanie Stephen Steve Steven Sue Susan Takeshi Tamara Ted Teresa
Terry Thomas Tim Timothy Tina Todd Tom Tony Tyler Valerie Vanessa Victor Victoria Vincent
Vladimir Walter Wayne William Yoshimasa Yuki Yuri Zach Zachary Alexei
Andrei Angelina Antonio Benedict Carlos Cristina Dominique Elon Emmanuelle Francois Gavin
Hillary Hunter Jared Jerry Joanna Joaquin Kamala Keir Liz Lloyd Marco Narendra Olaf Rishi
Recep Tayyip Volodymyr Ursula Xavier Yolanda Zoe Letitia Adam Casey Alex Devan Brandon Jason
Jonas Matt Jeff Blue Marybel Andy Avi Derek Sui Emily Alex Hogan Harold Sanjay Ronny Kevin
Timothy Anas Sirajuddin Kristi Thomas Steve Jim Mark Marcelo Letitia
""".split())

#: Given names that are, in news copy, almost always a man's or a woman's (common names
#: across English-speaking, European, Latin American, Arabic, African and Asian usage).
#: Names used for both (Alex, Jordan, Taylor, Robin, Kim…) are in neither set.
MALE_NAMES = set("""
Aaron Abdul Abdullah Abraham Adam Adrian Ahmad Ahmed Alan Albert Alberto Alejandro Alexander
Alexei Alexey Alfred Alfredo Ali Allen Alvin Amir Anand Andre Andreas Andrei Andres Andrew Andy
Angelo Anthony Antoine Anton Antonio Arjun Armando Arnold Arthur Arturo Barack Barry Ben Benjamin
Bernard Bernie Bill Billy Bob Bobby Boris Brad Bradley Brandon Brendan Brett Brian Bruce Bruno
Bryan Byron Calvin Carl Carlos Cesar Chad Charles Charlie Chuck Clarence Claude Clayton Clifford
Clint Cody Colin Connor Conor Craig Cristian Curtis Dale Damian Damien Dan Daniel Danny Darren
Dave David Dean Dennis Derek Diego Dmitri Dmitry Dominic Don Donald Doug Douglas Duane Dustin
Dwayne Dwight Earl Ed Eddie Edgar Eduardo Edward Edwin Elijah Elon Emmanuel Enrique Eric Erik
Ernest Ernesto Ethan Eugene Evan Fabio Felipe Felix Fernando Francesco Francisco Francois Frank
Franklin Fred Frederick Gabriel Gareth Garrett Gary Gavin Gene Geoffrey George Gerald Gerard
Gerhard Giovanni Giuseppe Glen Glenn Gordon Graham Grant Greg Gregory Guillermo Gustavo Hamid
Hans Harold Harris Harry Harvey Hassan Hector Heinz Henry Herbert Howard Hugh Hugo Hussein Ian
Ibrahim Igor Isaac Ivan Jack Jacob Jacques Jake Jamal James Jared Jason Javier Jay Jeff Jeffrey
Jeremy Jerome Jerry Jesus Jim Jimmy Joaquin Joe Joel Johann Johannes John Johnny Jon Jonathan
Jorge Jose Josef Joseph Josh Joshua Juan Julian Julio Justin Karl Keir Keith Ken Kenneth Kevin
Khalid Kirk Kurt Kyle Lance Larry Lawrence Leo Leon Leonard Leonardo Lloyd Louis Lucas Luis Luke
Malcolm Manuel Marc Marcel Marcelo Marco Marcus Mario Mark Martin Marvin Mason Mateo Matt
Matthew Maurice Max Michael Miguel Mike Mikhail Milton Mitch Mitchell Mohamed Mohammad Mohammed
Muhammad Mustafa Nathan Neil Nelson Nicholas Nick Nicolas Nigel Nikolai Noah Norman Olaf Oleg
Oliver Omar Oscar Owen Pablo Patrick Paul Pedro Peter Phil Philip Phillip Pierre Rafael Rahul
Raj Ralph Ramon Randall Randy Raul Ray Raymond Reginald Ricardo Richard Rick Ricky Rishi Rob
Robert Roberto Rodney Rodrigo Roger Roland Ron Ronald Ross Roy Rudy Russell Ryan Salvador Sam
Samuel Sanjay Scott Sean Sebastian Sergei Sergey Seth Shane Shawn Sidney Simon Spencer Stanley
Stefan Stephen Steve Steven Stuart Tariq Ted Terrence Theodore Thomas Tim Timothy Todd Tom Tommy
Tony Travis Trevor Troy Tyler Victor Vijay Vincent Vladimir Volodymyr Walter Warren Wayne Wesley
Will William Willie Xavier Yusuf Yuri Zachary Zach
""".split())
FEMALE_NAMES = set("""
Abigail Ada Adriana Agnes Aisha Alexandra Alexis Alice Alicia Alison Allison Alyssa Amanda Amber
Amelia Amy Ana Anastasia Andrea Angela Angelica Angelina Anita Ann Anna Anne Annette Annie
Antonia Ashley Audrey Barbara Beatrice Becky Belinda Bernadette Beth Bethany Betsy Betty Beverly
Bonnie Brenda Brianna Bridget Brittany Brooke Camila Carla Carmen Carol Caroline Carolyn Carrie
Cassandra Catherine Cathy Cecilia Charlotte Chelsea Cheryl Chloe Christina Christine Cindy
Claire Clara Claudia Colleen Connie Courtney Cristina Crystal Cynthia Daisy Danielle Daphne
Debbie Deborah Debra Denise Diana Diane Dolores Donna Doris Dorothy Edith Elaine Eleanor Elena
Elisabeth Elizabeth Ella Ellen Eloise Emily Emma Erica Erin Esther Eva Evelyn Fatima Fiona
Florence Frances Gabriela Gabrielle Gail Gina Gloria Grace Gwen Hannah Harriet Hazel Heather
Heidi Helen Helena Hillary Holly Ingrid Irene Iris Isabel Isabella Isabelle Jacqueline Jane
Janet Janice Jasmine Jean Jeanne Jennifer Jenny Jessica Jill Joan Joanna Joanne Jocelyn
Josephine Joy Joyce Judith Judy Julia Julie Juliet June Karen Kamala Katherine Kathleen Kathryn
Kathy Katie Katrina Kayla Kristen Kristi Kristin Laura Lauren Leah Leslie Letitia Lillian Lily
Linda Lindsay Lindsey Lisa Liz Lois Lori Louise Lucia Lucy Lydia Lynn Madeleine Madison
Margaret Margarita Maria Marian Marie Marilyn Marion Marjorie Martha Mary Maureen Megan Melanie
Melinda Melissa Mia Michelle Mildred Miranda Molly Monica Nadia Nancy Naomi Natalia Natalie
Natasha Nicole Nina Nora Olga Olivia Pamela Patricia Paula Pauline Peggy Penelope Phyllis
Priya Rachel Rebecca Regina Renee Rita Roberta Rosa Rose Rosemary Ruth Sabrina Sally Samantha
Sandra Sara Sarah Sharon Sheila Shirley Silvia Sofia Sonia Sophia Sophie Stacy Stephanie Sue
Susan Suzanne Svetlana Sylvia Tamara Tammy Tanya Teresa Theresa Tiffany Tina Tracy Ursula
Valerie Vanessa Vera Veronica Victoria Virginia Vivian Wendy Whitney Yolanda Yvonne Zoe
""".split())
# names that are also places, months or words at the head of a sentence stay out
MALE_NAMES -= {"Salvador", "Will", "Grant", "Chase"}
FEMALE_NAMES -= {"Virginia", "June", "Florence", "Madison", "Chelsea", "Regina", "Jean", "Joy", "Sofia"}
FIRST_NAMES |= MALE_NAMES | FEMALE_NAMES

PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s",
            "He": "m", "She": "f", "They": "p", "It": "n", "We": "p", "I": "s"}

#: Description heads and the kind of entity they refer back to.
DESCRIPTION_CLASS: dict[str, str] = {}
for _w in ("newspaper", "paper", "daily", "tabloid", "publication", "outlet", "magazine",
           "broadcaster", "network", "channel", "website", "site", "weekly", "journal",
           "station", "programme", "program", "show", "podcast", "report"):
    DESCRIPTION_CLASS[_w] = "outlet"
for _w in ("agency", "wire", "newswire", "news agency"):
    DESCRIPTION_CLASS[_w] = "agency"
for _w in ("company", "firm", "group", "brokerage", "bank", "utility", "startup", "carrier",
           "airline", "automaker", "carmaker", "insurer", "lender", "retailer", "manufacturer",
           "giant", "conglomerate", "coalition", "organization", "organisation", "charity",
           "union", "association", "institute", "university", "club", "team", "league",
           "federation", "foundation", "fund", "operator", "provider", "chain", "maker",
           "developer", "investor", "bourse", "exchange", "party", "campaign", "network",
           "nonprofit", "think tank", "watchdog", "regulator", "body", "alliance", "platform",
           "label", "studio", "publisher", "distributor", "brand", "hospital", "museum"):
    DESCRIPTION_CLASS.setdefault(_w, "organization")
for _w in ("ministry", "department", "office", "government", "administration", "commission",
           "court", "council", "committee", "authority", "authorities", "police", "military",
           "army", "cabinet", "parliament", "senate", "congress", "embassy", "state",
           "prosecutor's office", "prosecutors", "regulators", "kremlin", "pentagon", "junta",
           "board", "bureau", "agency"):
    DESCRIPTION_CLASS.setdefault(_w, "official")

#: Heads that make a description an anonymous source ("diplomatic sources").
ANON_HEADS = {
    "bosses", "chiefs", "investigators", "lawyers", "attorneys", "physicians", "engineers",
    "firefighters", "paramedics", "medics", "campaigners", "volunteers", "attendees", "participants",
    "delegates", "spectators", "onlookers", "visitors", "viewers", "commuters", "bystanders",
    "source", "sources", "official", "officials", "people", "person", "analyst", "analysts",
    "expert", "experts", "economist", "economists", "observer", "observers", "insider",
    "insiders", "diplomat", "diplomats", "resident", "residents", "witness", "witnesses",
    "critic", "critics", "advocate", "advocates", "lawmaker", "lawmakers", "adviser",
    "advisers", "advisor", "advisors", "aide", "aides", "investor", "investors", "trader",
    "traders", "executive", "executives", "researcher", "researchers", "scientist",
    "scientists", "settler", "settlers", "activist", "activists", "commenter", "commenters",
    "user", "users", "member", "members", "employee", "employees", "worker", "workers",
    "businesses", "customer", "customers", "representative", "representatives", "spokesman",
    "spokeswoman", "spokesperson", "authorities", "police", "doctors", "doctor", "staff",
    "staffer", "staffers", "strategist", "strategists", "negotiator", "negotiators",
    "legislator", "legislators", "politician", "politicians", "leaders", "leader", "fans",
    "voters", "protesters", "protestors", "students", "teachers", "parents", "neighbors",
    "neighbours", "locals", "villagers", "survivors", "victims", "relatives", "families",
    "campaigners", "organizers", "organisers", "experts", "specialists", "bankers",
    "economists", "managers", "owners", "farmers", "miners", "nurses", "officers",
    "soldiers", "troops", "commanders", "militants", "insurgents", "rebels", "someone",
    "author", "authors", "team", "study", "analysis", "media", "reports", "report",
    "consumers", "shoppers", "pilots", "passengers", "patients", "scholars", "historians",
    "academics", "pundits", "commentators", "observers", "watchers", "forecasters",
    "pollsters", "colleagues", "friends", "supporters", "opponents", "detractors",
    "skeptics", "sceptics", "proponents", "backers", "donors", "allies", "partners",
    "contacts", "informants", "whistleblower", "whistleblowers", "individuals", "individual",
}
#: Heads of documents and studies ("a report by X", "the study").
DOC_HEADS = {
    "report", "reports", "study", "studies", "survey", "poll", "statement", "statements",
    "message", "messages", "emails", "e-mails", "letters", "tweets", "posts", "texts", "memos",
    "letter", "email", "e-mail", "memo", "memorandum", "document", "documents", "filing",
    "filings", "presentation", "release", "research", "analysis", "paper", "review", "audit",
    "assessment", "estimate", "estimates", "data", "figures", "statistics", "records",
    "transcript", "testimony", "complaint", "lawsuit", "indictment", "ruling", "judgment",
    "judgement", "verdict", "decision", "order", "affidavit", "post", "tweet", "blog",
    "website", "note", "notice", "bulletin", "briefing", "communique", "communiqué",
    "declaration", "resolution", "budget", "proposal", "plan", "guidance", "guidelines",
    "forecast", "projections", "index", "census", "dossier", "leak", "leaks", "cable",
    "cables", "minutes", "prospectus", "chart", "graphic", "video", "footage", "interview",
    "manual", "handbook", "guide", "rules", "regulations", "law", "charter", "treaty", "contract",
    "legislation", "inquiry", "investigation", "findings", "evaluation", "inspection",
}

#: Capitalised words that never start a name (sentence openers, function words).
STOP_CAPS = {
    "The", "A", "An", "This", "That", "These", "Those", "But", "And", "Or", "So", "Yet", "If",
    "In", "On", "At", "By", "For", "From", "To", "With", "Without", "Of", "As", "After",
    "Before", "When", "While", "Where", "Why", "How", "What", "Who", "Which", "Whose",
    "Although", "Though", "Because", "Since", "Until", "Unless", "Despite", "During", "Over",
    "Under", "Among", "Between", "Into", "Through", "About", "Against", "Also", "Still",
    "Even", "Only", "Just", "Then", "There", "Here", "Now", "Today", "Tonight", "Yesterday",
    "Tomorrow", "Meanwhile", "However", "Moreover", "Furthermore", "Instead", "Indeed",
    "Its", "It", "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "My",
    "Your", "Some", "Many", "Most", "Few", "All", "Both", "Each", "Every", "Any", "No", "Not",
    "Several", "Other", "Another", "Such", "More", "Less", "Much", "One", "Two", "Three",
    "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "First", "Second", "Third",
    "Last", "Next", "Earlier", "Later", "According", "Asked", "Speaking", "Like", "Unlike",
    "Per", "Via", "Do", "Does", "Did", "Is", "Are", "Was", "Were", "Has", "Have", "Had",
    "Will", "Would", "Can", "Could", "Should", "May", "Might", "Must", "Let", "Please",
    "Yes", "Well", "Oh", "Mr", "Mrs", "Ms", "Dr", "Barely", "Right", "Hours", "Days",
    "Once", "Twice", "Nearly", "Almost", "Around", "Up", "Down", "Out", "Off", "Back",
    "Never", "Always", "Often", "Sometimes", "Already", "Soon", "Again", "Ever", "Perhaps",
    "Maybe", "Currently", "Recently", "Initially", "Finally", "Overall", "Separately",
    "Additionally", "Similarly", "Likewise", "Otherwise", "Therefore", "Thus", "Hence",
    "Disclaimer", "Note", "Editor", "Read", "See", "Watch", "Related", "Photo", "Image",
    "Coming", "Near-term", "Our", "Why", "Is", "That’s", "It’s", "There’s", "Here’s",
    "What’s", "Don’t", "Don't", "It's", "That's", "There's", "Here's", "Whether",
}

#: Auxiliaries and adverbs that may sit between a subject and its cue ("has also said").
AUX = {"has", "have", "had", "was", "were", "is", "are", "be", "been", "would", "will", "had",
       "also", "later", "then", "further", "again", "once", "previously", "recently",
       "reportedly", "separately", "earlier", "subsequently", "initially", "finally",
       "first", "just", "had", "did", "does", "do", "may", "might", "could", "can",
       "should", "must", "shall", "repeatedly", "publicly", "privately", "simply", "flatly",
       "quickly", "quietly", "openly", "explicitly", "frankly", "bluntly", "candidly",
       "once", "often", "already", "long", "even", "still", "ultimately", "immediately",
       "not", "never", "n't", "only", "has", "herself", "himself", "themselves", "itself",
       "flat-out", "outright", "swiftly", "since", "twice", "instead", "however", "meanwhile", "too",
       "nonetheless", "nevertheless", "therefore", "thus", "now", "yet", "alone", "both", "all", "each",
       "themselves", "ourselves", "personally", "reportedly", "allegedly", "apparently"}

#: Words that end a noun phrase scanned backwards from a cue.
NP_STOP = {
    "that", "which", "who", "whom", "whose", "and", "but", "or", "while", "as", "because",
    "if", "when", "after", "before", "although", "though", "since", "so", "where", "whether",
    "than", "until", "unless", "is", "are", "was", "were", "be", "been", "being", "has",
    "have", "had", "will", "would", "can", "could", "should", "may", "might", "must", "do",
    "does", "did", "not", "also", "to", "it", "its", "this", "these", "those", "what", "how",
    "why", "once", "yet", "nor", "then", "there", "here", "says", "said", "say", "told",
}

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

#: Words that, right before a term in marks, make it a name or a word, not speech.
NAMING_WORDS = {
    "word", "words", "term", "terms", "phrase", "slogan", "motto", "tagline", "hashtag",
    "so-called", "dubbed", "nicknamed", "named", "titled", "entitled", "called", "known",
    "labelled", "labeled", "branded", "operation", "campaign", "codenamed", "code-named",
    "album", "song", "film", "movie", "book", "novel", "series", "show", "single", "play",
    "exhibition", "program", "programme", "project", "brand", "label", "rated", "rating",
    "nickname", "moniker", "sign", "signs", "banner", "banners", "placard", "headline",
}
