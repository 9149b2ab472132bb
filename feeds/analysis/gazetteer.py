"""A curated gazetteer of real news organisations, with aliases and kinds.

Wire agencies, newspapers, broadcasters and magazines that news copy cites
("AFP reported", "told the BBC", "(Reuters) -", "/ BGNES"). Each entry is
``canonical name -> (kind, aliases)``; aliases are matched case-sensitively as
whole words, so short acronyms ("AP", "FT") do not fire inside other words.
"""

from __future__ import annotations

import re

from .lexicon import trie_regex

__all__ = ["OUTLETS", "ALIAS_TO_CANON", "GAZETTEER_RE", "lookup"]

_A, _O = "agency", "outlet"

OUTLETS: dict[str, tuple[str, tuple[str, ...]]] = {
    # wire agencies
    "AFP": (_A, ("Agence France-Presse", "Agence France Presse", "AFP")),
    "Associated Press": (_A, ("Associated Press", "AP")),
    "Reuters": (_A, ("Reuters", "Thomson Reuters")),
    "Xinhua": (_A, ("Xinhua", "Xinhua News Agency")),
    "Kyodo": (_A, ("Kyodo", "Kyodo News")),
    "Jiji Press": (_A, ("Jiji Press", "Jiji")),
    "BGNES": (_A, ("BGNES",)),
    "BTA": (_A, ("BTA", "Bulgarian News Agency")),
    "Bloomberg": (_A, ("Bloomberg", "Bloomberg News")),
    "dpa": (_A, ("dpa", "Deutsche Presse-Agentur")),
    "ANSA": (_A, ("ANSA",)),
    "EFE": (_A, ("EFE",)),
    "TASS": (_A, ("TASS", "Tass")),
    "RIA Novosti": (_A, ("RIA Novosti", "RIA")),
    "Interfax": (_A, ("Interfax",)),
    "Yonhap": (_A, ("Yonhap", "Yonhap News Agency")),
    "Press Trust of India": (_A, ("Press Trust of India", "PTI")),
    "IANS": (_A, ("IANS",)),
    "ANI": (_A, ("ANI",)),
    "Anadolu Agency": (_A, ("Anadolu Agency", "Anadolu")),
    "IRNA": (_A, ("IRNA",)),
    "Fars": (_A, ("Fars news agency", "Fars News Agency")),
    "Tasnim": (_A, ("Tasnim",)),
    "WAM": (_A, ("WAM", "Emirates News Agency")),
    "Saudi Press Agency": (_A, ("Saudi Press Agency", "SPA")),
    "KCNA": (_A, ("KCNA", "Korean Central News Agency")),
    "Antara": (_A, ("Antara",)),
    "Bernama": (_A, ("Bernama",)),
    "PA Media": (_A, ("PA Media", "Press Association")),
    "Australian Associated Press": (_A, ("Australian Associated Press", "AAP")),
    "Canadian Press": (_A, ("Canadian Press",)),
    "United Press International": (_A, ("United Press International", "UPI")),
    "Ukrinform": (_A, ("Ukrinform",)),
    "Sputnik": (_A, ("Sputnik",)),
    "PAP": (_A, ("Polish Press Agency",)),
    "MTI": (_A, ("MTI",)),
    "Agerpres": (_A, ("Agerpres",)),
    "Tanjug": (_A, ("Tanjug",)),
    "HINA": (_A, ("HINA",)),
    "Belga": (_A, ("Belga",)),
    "ANP": (_A, ("ANP",)),
    "Lusa": (_A, ("Lusa",)),
    "KUNA": (_A, ("KUNA",)),
    "MENA": (_A, ("Middle East News Agency",)),
    "QNA": (_A, ("QNA", "Qatar News Agency")),
    "SANA": (_A, ("SANA",)),
    "Petra": (_A, ("Petra news agency",)),
    "Dow Jones Newswires": (_A, ("Dow Jones Newswires", "Dow Jones")),
    "Kyodo News": (_A, ()),
    "Focus News Agency": (_A, ("Focus News Agency",)),
    "Novinite": (_O, ("Novinite",)),
    # newspapers
    "The New York Times": (_O, ("New York Times", "NYT", "NY Times")),
    "The Washington Post": (_O, ("Washington Post",)),
    "The Wall Street Journal": (_O, ("Wall Street Journal", "WSJ")),
    "Financial Times": (_O, ("Financial Times", "FT")),
    "The Guardian": (_O, ("The Guardian", "Guardian")),
    "The Times": (_O, ("The Times of London",)),
    "The Daily Telegraph": (_O, ("Daily Telegraph", "The Telegraph")),
    "The Independent": (_O, ("The Independent",)),
    "Daily Mail": (_O, ("Daily Mail", "Mail on Sunday", "MailOnline")),
    "The Sun": (_O, ("The Sun",)),
    "Daily Mirror": (_O, ("Daily Mirror", "The Mirror")),
    "The Observer": (_O, ("The Observer",)),
    "Evening Standard": (_O, ("Evening Standard",)),
    "USA Today": (_O, ("USA Today", "USA TODAY")),
    "Los Angeles Times": (_O, ("Los Angeles Times", "LA Times", "L.A. Times")),
    "Chicago Tribune": (_O, ("Chicago Tribune",)),
    "The Boston Globe": (_O, ("Boston Globe",)),
    "Miami Herald": (_O, ("Miami Herald",)),
    "San Francisco Chronicle": (_O, ("San Francisco Chronicle",)),
    "Houston Chronicle": (_O, ("Houston Chronicle",)),
    "Star Tribune": (_O, ("Star Tribune",)),
    "New York Post": (_O, ("New York Post", "NY Post")),
    "New York Daily News": (_O, ("New York Daily News",)),
    "Newsday": (_O, ("Newsday",)),
    "The Philadelphia Inquirer": (_O, ("Philadelphia Inquirer",)),
    "The Denver Post": (_O, ("Denver Post",)),
    "The Seattle Times": (_O, ("Seattle Times",)),
    "The Dallas Morning News": (_O, ("Dallas Morning News",)),
    "The Arizona Republic": (_O, ("Arizona Republic",)),
    "Tampa Bay Times": (_O, ("Tampa Bay Times",)),
    "The Atlanta Journal-Constitution": (_O, ("Atlanta Journal-Constitution",)),
    "Yomiuri Shimbun": (_O, ("Yomiuri Shimbun", "Yomiuri")),
    "Asahi Shimbun": (_O, ("Asahi Shimbun", "Asahi")),
    "Mainichi Shimbun": (_O, ("Mainichi Shimbun", "Mainichi")),
    "Nikkei": (_O, ("Nikkei Asian Review", "Nikkei Asia", "Nikkei")),
    "Sankei Shimbun": (_O, ("Sankei Shimbun", "Sankei")),
    "The Japan Times": (_O, ("Japan Times",)),
    "South China Morning Post": (_O, ("South China Morning Post", "SCMP")),
    "Global Times": (_O, ("Global Times",)),
    "People's Daily": (_O, ("People's Daily", "People’s Daily")),
    "China Daily": (_O, ("China Daily",)),
    "Caixin": (_O, ("Caixin",)),
    "Haaretz": (_O, ("Haaretz",)),
    "The Times of Israel": (_O, ("Times of Israel",)),
    "The Jerusalem Post": (_O, ("Jerusalem Post",)),
    "Der Spiegel": (_O, ("Der Spiegel", "Spiegel")),
    "Bild": (_O, ("Bild",)),
    "Die Zeit": (_O, ("Die Zeit",)),
    "Frankfurter Allgemeine Zeitung": (_O, ("Frankfurter Allgemeine Zeitung", "Frankfurter Allgemeine", "FAZ")),
    "Süddeutsche Zeitung": (_O, ("Süddeutsche Zeitung", "Sueddeutsche Zeitung")),
    "Handelsblatt": (_O, ("Handelsblatt",)),
    "Le Monde": (_O, ("Le Monde",)),
    "Le Figaro": (_O, ("Le Figaro",)),
    "Libération": (_O, ("Libération", "Liberation")),
    "Le Parisien": (_O, ("Le Parisien",)),
    "Les Echos": (_O, ("Les Echos",)),
    "El País": (_O, ("El País", "El Pais")),
    "El Mundo": (_O, ("El Mundo",)),
    "La Repubblica": (_O, ("La Repubblica",)),
    "Corriere della Sera": (_O, ("Corriere della Sera",)),
    "Kommersant": (_O, ("Kommersant",)),
    "Izvestia": (_O, ("Izvestia",)),
    "Vedomosti": (_O, ("Vedomosti",)),
    "Novaya Gazeta": (_O, ("Novaya Gazeta",)),
    "Meduza": (_O, ("Meduza",)),
    "The Kyiv Independent": (_O, ("Kyiv Independent",)),
    "Kyiv Post": (_O, ("Kyiv Post",)),
    "Ukrainska Pravda": (_O, ("Ukrainska Pravda",)),
    "The Times of India": (_O, ("Times of India",)),
    "Hindustan Times": (_O, ("Hindustan Times",)),
    "The Hindu": (_O, ("The Hindu",)),
    "The Indian Express": (_O, ("Indian Express",)),
    "The Economic Times": (_O, ("Economic Times",)),
    "Moneycontrol": (_O, ("Moneycontrol", "Moneycontrol.com")),
    "Dawn": (_O, ("Dawn newspaper",)),
    "The Korea Herald": (_O, ("Korea Herald",)),
    "The Korea Times": (_O, ("Korea Times",)),
    "Chosun Ilbo": (_O, ("Chosun Ilbo",)),
    "JoongAng Ilbo": (_O, ("JoongAng Ilbo",)),
    "The Straits Times": (_O, ("Straits Times",)),
    "The Sydney Morning Herald": (_O, ("Sydney Morning Herald",)),
    "The Australian": (_O, ("The Australian",)),
    "The Globe and Mail": (_O, ("Globe and Mail",)),
    "Toronto Star": (_O, ("Toronto Star",)),
    "National Post": (_O, ("National Post",)),
    "The Irish Times": (_O, ("Irish Times",)),
    "The Scotsman": (_O, ("The Scotsman",)),
    "Kathimerini": (_O, ("Kathimerini",)),
    "Hurriyet": (_O, ("Hurriyet", "Hürriyet")),
    "Daily Sabah": (_O, ("Daily Sabah",)),
    "Gulf News": (_O, ("Gulf News",)),
    "Khaleej Times": (_O, ("Khaleej Times",)),
    "Arab News": (_O, ("Arab News",)),
    "The National": (_O, ("The National",)),
    "Asharq Al-Awsat": (_O, ("Asharq Al-Awsat",)),
    "Aftenposten": (_O, ("Aftenposten",)),
    "Dagens Nyheter": (_O, ("Dagens Nyheter",)),
    "De Telegraaf": (_O, ("De Telegraaf",)),
    "Gazeta Wyborcza": (_O, ("Gazeta Wyborcza",)),
    "Argus Leader": (_O, ("Argus Leader",)),
    # broadcasters
    "BBC": (_O, ("BBC", "British Broadcasting Corporation", "BBC News")),
    "CNN": (_O, ("CNN",)),
    "Fox News": (_O, ("Fox News",)),
    "MSNBC": (_O, ("MSNBC",)),
    "CNBC": (_O, ("CNBC",)),
    "NBC News": (_O, ("NBC News", "NBC")),
    "ABC News": (_O, ("ABC News",)),
    "CBS News": (_O, ("CBS News", "CBS")),
    "NPR": (_O, ("NPR", "National Public Radio")),
    "PBS": (_O, ("PBS",)),
    "Al Jazeera": (_O, ("Al Jazeera", "Al-Jazeera")),
    "Al Arabiya": (_O, ("Al Arabiya", "Al-Arabiya")),
    "Sky News": (_O, ("Sky News",)),
    "ITV News": (_O, ("ITV News", "ITV")),
    "Channel 4 News": (_O, ("Channel 4 News",)),
    "Deutsche Welle": (_O, ("Deutsche Welle", "DW")),
    "France 24": (_O, ("France 24",)),
    "Euronews": (_O, ("Euronews",)),
    "RFE/RL": (_O, ("Radio Free Europe", "RFE/RL", "Radio Liberty")),
    "Voice of America": (_O, ("Voice of America", "VOA")),
    "RT": (_O, ("Russia Today",)),
    "NHK": (_O, ("NHK",)),
    "CCTV": (_O, ("CCTV", "China Central Television")),
    "CGTN": (_O, ("CGTN",)),
    "NDTV": (_O, ("NDTV",)),
    "CBC": (_O, ("CBC", "CBC News", "Canadian Broadcasting Corporation")),
    "ABC (Australia)": (_O, ("Australian Broadcasting Corporation",)),
    "RTÉ": (_O, ("RTÉ", "RTE")),
    "ESPN": (_O, ("ESPN",)),
    "Bloomberg TV": (_O, ("Bloomberg TV", "Bloomberg Television")),
    # magazines and online outlets
    "Politico": (_O, ("Politico", "POLITICO")),
    "Axios": (_O, ("Axios",)),
    "The Hill": (_O, ("The Hill",)),
    "Forbes": (_O, ("Forbes",)),
    "Fortune": (_O, ("Fortune magazine",)),
    "Time": (_O, ("Time magazine", "TIME magazine")),
    "Newsweek": (_O, ("Newsweek",)),
    "The Economist": (_O, ("The Economist", "Economist")),
    "The Atlantic": (_O, ("The Atlantic",)),
    "The New Yorker": (_O, ("New Yorker",)),
    "Vox": (_O, ("Vox",)),
    "BuzzFeed News": (_O, ("BuzzFeed News", "BuzzFeed")),
    "HuffPost": (_O, ("HuffPost", "Huffington Post")),
    "Business Insider": (_O, ("Business Insider",)),
    "Vice": (_O, ("Vice News",)),
    "TechCrunch": (_O, ("TechCrunch",)),
    "The Verge": (_O, ("The Verge",)),
    "Wired": (_O, ("Wired magazine", "WIRED")),
    "Ars Technica": (_O, ("Ars Technica",)),
    "The Information": (_O, ("The Information",)),
    "The Real Deal": (_O, ("The Real Deal",)),
    "Semafor": (_O, ("Semafor",)),
    "The Daily Beast": (_O, ("Daily Beast",)),
    "Mother Jones": (_O, ("Mother Jones",)),
    "National Review": (_O, ("National Review",)),
    "The Intercept": (_O, ("The Intercept",)),
    "ProPublica": (_O, ("ProPublica",)),
    "Vanity Fair": (_O, ("Vanity Fair",)),
    "Rolling Stone": (_O, ("Rolling Stone",)),
    "Variety": (_O, ("Variety",)),
    "The Hollywood Reporter": (_O, ("Hollywood Reporter",)),
    "Deadline": (_O, ("Deadline Hollywood",)),
    "TMZ": (_O, ("TMZ",)),
    "Page Six": (_O, ("Page Six",)),
    "The Athletic": (_O, ("The Athletic",)),
    "Sports Illustrated": (_O, ("Sports Illustrated",)),
    "Yahoo News": (_O, ("Yahoo News", "Yahoo Finance")),
    "MarketWatch": (_O, ("MarketWatch",)),
    "Barron's": (_O, ("Barron's", "Barron’s")),
    "PolitiFact": (_O, ("PolitiFact",)),
    "Snopes": (_O, ("Snopes",)),
    "FactCheck.org": (_O, ("FactCheck.org",)),
    "Nature": (_O, ("journal Nature",)),
    "Science": (_O, ("journal Science",)),
    "The Lancet": (_O, ("The Lancet", "Lancet")),
    "JAMA": (_O, ("JAMA",)),
    "New England Journal of Medicine": (_O, ("New England Journal of Medicine", "NEJM")),
    "BMJ": (_O, ("BMJ", "British Medical Journal")),
    "Space.com": (_O, ("Space.com",)),
    "Smithsonian": (_O, ("Smithsonian magazine", "Smithsonian.com")),
}

ALIAS_TO_CANON: dict[str, str] = {}
for _canon, (_kind, _aliases) in OUTLETS.items():
    for _al in (_canon, *_aliases):
        if len(_al) >= 2:
            ALIAS_TO_CANON.setdefault(_al, _canon)
# The canonical "The Times" is only matched as "The Times of London"; a bare "the
# Times" refers back to whichever "... Times" the article named (see sources.py).
ALIAS_TO_CANON.pop("The Times", None)
ALIAS_TO_CANON.pop("Time", None)
ALIAS_TO_CANON.pop("Science", None)
ALIAS_TO_CANON.pop("Nature", None)
ALIAS_TO_CANON.pop("Fortune", None)
ALIAS_TO_CANON.pop("Wired", None)
ALIAS_TO_CANON.pop("Deadline", None)
ALIAS_TO_CANON.pop("Vice", None)
ALIAS_TO_CANON.pop("Dawn", None)
ALIAS_TO_CANON.pop("RT", None)
ALIAS_TO_CANON.pop("PAP", None)
ALIAS_TO_CANON.pop("MENA", None)
ALIAS_TO_CANON.pop("Petra", None)
ALIAS_TO_CANON.pop("ABC (Australia)", None)

#: One regex for every alias, longest first by construction of the trie.
# An alias followed by another capitalised word is part of a longer name
# ("JAMA Psychiatry", "The National Survey", "Reuters Institute").
GAZETTEER_RE = re.compile(r"(?<![\w.-])(?:the\s+|The\s+)?(" + trie_regex(ALIAS_TO_CANON) + r")(?![\w-]|\.\w|[ \u00a0][A-Z][a-z])")


def lookup(name: str) -> tuple[str, str] | None:
    """(canonical name, kind) of an outlet named ``name``, or None."""
    n = name.strip()
    for cand in (n, n[4:] if n.lower().startswith("the ") else n):
        canon = ALIAS_TO_CANON.get(cand)
        if canon:
            return canon, OUTLETS[canon][0]
    return None
