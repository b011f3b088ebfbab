"""The words attribution is read with: reporting and stance verbs, source heads, hedges, anonymity phrases.

The lists are written from general news-writing conventions; the phrase chunker (phrases.py) and the
relation finder (relations.py) read them; the classifier (classifier.py) reads only the anonymity, hedge and
quote-mark lists, and the parse rules (dependency.py, source_types.py) read the verbs and heads.
"""

from __future__ import annotations

import re

from scoring.text.calendar import LOWER_WEEKDAY_NAMES


def _forms(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


# Verbs of speech, writing and finding: their subject is the source of the reported content.
REPORTING_VERBS = _forms(
    "say says said saying tells told telling add adds added adding note notes noted noting",
    "write writes wrote writing claim claimed claiming argue argues argued arguing",
    "report reports reported reporting announce announces announced announcing stated",
    "explain explains explained explaining insist insists insisted insisting warn warns warned warning",
    "confirm confirms confirmed confirming deny denies denied denying acknowledge acknowledges",
    "acknowledged acknowledging admit admits admitted admitting suggest suggests suggested suggesting",
    "declare declares declared declaring assert asserts asserted asserting contend contends contended",
    "maintain maintains maintained predict predicts predicted predicting estimate estimated",
    "finds found show shows showed shown reveal reveals revealed revealing disclose discloses",
    "disclosed recall recalls recalled recalling respond responds responded responding reply replies",
    "replied replying agree agrees agreed continues continued emphasize",
    "emphasizes emphasized emphasise emphasised stress stresses stressed stressing tweeted tweeting",
    "allege alleges alleged complain complains complained complaining concede concedes conceded",
    "observe observes observed remark remarked mention mentions mentioned indicate indicates indicated",
    "believe believes believed urge urges urged urging accuse accuses accused",
    "accusing describe describes described describing cite cites cited citing promise promises",
    "promised promising pledge pledges pledged pledging vow vows vowed testify testifies testified",
    "conclude concludes concluded speculate speculated counter countered retort retorted quip quipped",
    "joke joked boast boasts boasted caution cautioned hint hinted repeat repeated reiterate reiterates",
    "reiterated lament lamented plead pleaded proclaim proclaimed remind reminded shout shouted",
    "tout touts touted touting echo echoed wonder wondered confess confessed posted",
    "writes argue insists predicts speaks spoke speaking talk talks talked refer",
    "refers referred referring outlined outlines detailed highlighted highlights addressed",
)
# Verbs of stance and intent ("X supports", "X called for"): PolNeAR counts them as attributions, but a
# claim such as "the senator opposed the bill" is a fact about the senator, not reported speech, so
# ``Attributor.attribute`` does not let them decide a text's kind.
STANCE_VERBS = _forms(
    "supports supporting oppose opposes opposed opposing endorse endorses endorsed",
    "reject rejects rejected rejecting condemn condemns condemned condemning decline declines declined",
    "rules ruled defend defends defended defending demand demands demanded demanding encourage",
    "encourages encouraged encouraging offer offers offered offering decide decides decided discuss",
    "discussed discussing admire admires admired refuse refuses refused",
    "understand understands understood view views viewed",
    "liken likens likened publish publishes published releases released propose proposes",
    "proposed proposing fear fears feared worry worries worried",
    "praise praises praised praising criticize criticizes criticized criticizing criticise criticised",
    "attacked attacking blast blasts blasted slam slams slammed question questioned",
    "questioning recommend recommends recommended call calls called calling pointed blamed blames",
    "blame insisting threaten threatens threatened threatening dismissed dismisses dismiss",
    "ask asks asked asking voted unveil unveils unveiled railed rails",
    "acknowledging applauded welcomed welcomes welcome denounced denounce denounces slammed vowing",
)
# Verbs that open an inverted attribution: '"...," said the minister.'
INVERTIBLE_VERBS = _forms(
    "said says added wrote asked continued noted explained recalled replied declared tweeted reported",
    "insisted warned argued countered concluded observed remarked acknowledged stated writes adds",
)
# Verbs that take a source only as subject, never inverted, and read as nouns after a determiner.
PARTICIPLE_CUES = _forms(
    "saying adding noting arguing claiming citing warning insisting suggesting urging calling",
    "explaining stressing describing accusing promising pledging asserting telling asking vowing",
    "questioning defending demanding encouraging offering criticizing praising threatening",
)
AUXILIARIES = _forms(
    "also later previously has have had would will could may might once repeatedly recently then first",
    "further already often publicly privately earlier again still just flatly quickly explicitly",
    "frequently did does do not never has long simply even initially originally separately openly",
    "reportedly allegedly apparently",
)
PERSONAL_PRONOUNS = _forms("he she they i we it")  # not "you": "you know" is a filler, "you want" generic
RELATIVE_PRONOUNS = _forms("who which")
DETERMINERS = _forms(
    "the a an another this these those some many several other most few both all his her their its our",
    "my two three four five six seven eight nine ten dozens hundreds thousands numerous various multiple",
    "one any each no more",
)
NAME_PARTICLES = _forms("of for and & de van von der den al bin ibn la le da du del dos y el")
# Function words and other tokens that end a noun phrase even when capitalised at a sentence start.
BOUNDARY_WORDS = _forms(
    "and or but nor so yet because since although though while whereas if unless when whenever where",
    "after before until as than that whether what why how is are was were be been being am do does did",
    "has have had will would can could should may might must shall to in on at by with from into onto",
    "about over under between through during without within upon against among across toward towards",
    "not no never also only just even still then there here now today yesterday tomorrow however",
    "meanwhile moreover furthermore instead indeed thus hence otherwise later earlier once again",
    "monday tuesday wednesday thursday friday saturday sunday said says say told asked added",
    "last next this week month year ago he she they it we i you him them us me who whom whose which",
    "mr mrs",
)
# Lowercase heads of a source noun phrase, by kind.
ANONYMOUS_HEADS = _forms(
    "source sources official officials aide aides insider insiders person people someone somebody",
    "witness witnesses eyewitness eyewitnesses resident residents staffer staffers adviser advisers",
    "advisor advisors diplomat diplomats spokesman spokeswoman spokesperson spokesmen spokeswomen",
    "analyst analysts expert experts critic critics observer observers operative operatives ally allies",
    "associate associates confidant confidants protester protesters protestor protestors demonstrator",
    "demonstrators employee employees worker workers investigator investigators member members activist",
    "activists neighbor neighbors neighbour neighbours relative relatives friend friends some many others",
    "several strategist strategists consultant consultants onlookers onlooker whistleblower",
    "whistleblowers officers officer lawmakers insiders",
)
# Roles that, with "the" and no name, still point at one identifiable person ("the president said").
ROLE_HEADS = _forms(
    "president governor senator mayor minister secretary chairman chairwoman chair director chief ceo",
    "prosecutor judge justice commissioner ambassador premier chancellor king queen prince pope",
    "candidate nominee congressman congresswoman speaker leader manager administrator founder author",
    "lawyer attorney economist researcher scientist professor doctor general commander sheriff coach",
    "president-elect governor-elect host anchor executive",
)
INSTITUTION_HEADS = _forms(
    "police government ministry army military campaign agency department committee company group",
    "organization organisation council court administration office commission party union authority",
    "authorities firm university institute foundation board bureau service services coalition embassy",
    "white house pentagon network newspaper paper magazine station outlet team staff camp family",
)
DOCUMENT_HEADS = _forms(
    "report reports study studies poll polls survey surveys statement statements data analysis document",
    "documents memo letter filing filings complaint lawsuit records record figures estimates estimate",
    "ruling indictment transcript audit review investigation census research paper findings website",
    "release tweet post video footage budget ad ads clip book article column editorial piece email",
    "emails speech message plan proposal bill law legislation resolution order platform",
)
# Lowercase words that modify a source head ("senior administration official").
MODIFIER_WORDS = _forms(
    "senior junior former top chief deputy local federal state regional national foreign defense",
    "defence security intelligence military police government campaign press communications public",
    "high-ranking senior-level anonymous unnamed unidentified independent new recent latest annual",
    "democratic republican conservative liberal white house administration retired acting vice",
    "presidential congressional party election health legal medical economic financial health",
    "u.s. american british iraqi european international internal official",
)
OUTLET_NAME_WORDS = _forms(
    "news times post tribune tv television agency herald gazette journal press telegraph guardian",
    "observer chronicle daily magazine radio network broadcasting broadcaster channel newspaper wire",
    "reporter examiner inquirer courier dispatch bulletin star sun mirror express independent review",
    "standard mail record register sentinel monitor economist insider beacon",
)
KNOWN_OUTLETS = frozenset(
    {
        "reuters", "associated press", "ap", "afp", "agence france-presse", "cnn", "bbc", "nbc", "abc",
        "cbs", "fox", "msnbc", "bloomberg", "politico", "axios", "al jazeera", "breitbart", "buzzfeed",
        "huffpost", "huffington post", "vox", "slate", "npr", "pbs", "cnbc", "vice", "the hill",
        "propublica", "yahoo", "xinhua", "tass", "interfax", "ria novosti", "sky", "itv", "dpa",
        "efe", "ansa", "kyodo", "yonhap", "alsumaria", "rudaw", "al arabiya", "euronews",
    }
)  # fmt: skip
ABBREVIATIONS = _forms(
    "mr mrs ms dr sen rep gov lt gen col sgt capt rev st jr sr prof pres maj adm cmdr inc corp co ltd",
    "vs no dept gov't sens reps",
)
QUOTE_CHARS = frozenset('"“”«»„')
BE_VERBS = _forms("is are was were be been being get got gets 's ’s")
# Time phrases that sit between a source and its verb: "Smith on Tuesday said", "who in 2010 said".
TIME_WORDS = LOWER_WEEKDAY_NAMES | _forms(
    "today yesterday tonight morning afternoon evening night earlier later"
)
CONJUNCTIONS = _forms("and but or yet")
SENTENCE_ENDS = frozenset({".", "!", "?", ";", ":", "\n"}) | QUOTE_CHARS
QUOTE_DASHES = frozenset({"―", "—", "–", "--"})
PLURALISABLE_HEADS = ROLE_HEADS | INSTITUTION_HEADS
NAMED_KIND_HEADS = DOCUMENT_HEADS | INSTITUTION_HEADS  # "a study found", "a court ruled": identifiable
# Labels that open a line with a colon but do not name a speaker.
COLON_LABELS = _forms("update note photo video watch read editor's breaking exclusive related see listen q a")
NOUN_MARKERS = _forms("the a an this these those his her their its our my 's of")
PREPOSITIONS = _forms("of for at from with by in on")
# Closed-class words and verbs: never the unknown head or modifier of a source phrase.
NOT_NOUNS = (
    BOUNDARY_WORDS
    | PREPOSITIONS
    | NAME_PARTICLES
    | DETERMINERS
    | REPORTING_VERBS
    | STANCE_VERBS
    | AUXILIARIES
)
TWO_WORD_PREPOSITIONS = frozenset({("close", "to"), ("familiar", "with"), ("acquainted", "with")})

HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|apparently|rumou?r(?:s|ed|ing)?"
    r"|(?:unconfirmed|unverified)\s+(?:reports?|claims?|accounts?)"
    r"|(?:is|are|was|were|has\s+been|have\s+been|had\s+been)\s+(?:widely\s+)?"
    r"(?:believed|thought|understood|said|alleged|reported|claimed|rumou?red|suspected)\s+to"
    r"|it\s+(?:is|was|has\s+been)\s+(?:widely\s+)?(?:understood|believed|thought|alleged|reported|claimed|rumou?red)"
    r"|claims?\s+(?:have\s+|has\s+)?circulat\w*|circulating\s+(?:claims|reports|rumou?rs)"
    r"|according\s+to\s+(?:media\s+|local\s+|press\s+|unconfirmed\s+)?reports"
    r"|(?:media\s+|press\s+|news\s+)?reports\s+(?:say|said|suggest(?:ed)?|indicate[ds]?|claim(?:ed)?)"
    r"|the\s+alleged)\b",
    re.IGNORECASE,
)
ANONYMITY = re.compile(
    r"\b(?:on\s+(?:the\s+)?condition\s+of\s+anonymity"
    r"|(?:speaking|spoke|speak)\s+anonymously"
    r"|(?:asked|requested|declined)\s+not\s+to\s+be\s+(?:named|identified)"
    r"|(?:declined|refused)\s+to\s+be\s+(?:named|identified)"
    r"|on\s+(?:the\s+)?condition\s+(?:that\s+)?(?:he|she|they|it)\s+(?:not\s+be|was\s+not|were\s+not)\s+"
    r"(?:named|identified)"
    r"|not\s+authori[sz]ed\s+to\s+(?:speak|talk|comment)"
    r"|(?:sources?|people|persons?|those|officials?)\s+(?:close|familiar|acquainted)\s+(?:to|with)"
    r"|(?:an?\s+|the\s+)?(?:unnamed|unidentified|anonymous)\s+\w+)\b",
    re.IGNORECASE,
)
RECIPIENT_OPENERS = (
    ("told",),
    ("tells",),
    ("telling",),
    ("interview", "with"),
    ("speaking", "to"),
    ("speaking", "with"),
    ("spoke", "to"),
    ("spoke", "with"),
    ("statement", "to"),
    ("said", "to"),
    ("talking", "to"),
)

# --- cues the dependency rules read (dependency.py) ---------------------------------------------

COGNITION_VERBS = _forms(
    "think thinks thought believe believes believed know knows knew feel feels felt hope hopes hoped",
    "expect expects expected want wants wanted plan plans planned intend intends intended",
    "fear fears feared doubt doubts doubted see sees saw consider considers considered",
    "predict predicts predicted estimate estimates estimated suspect suspects suspected",
    "recognize recognizes recognized recognise recognised realize realized realise realised",
    "seem seems seemed appear appears appeared",
)
# Verbs of evaluation and advocacy: "X branded Y a threat", "X lambasted Y", "X credited Y with".
EVALUATION_VERBS = _forms(
    "brand brands branded branding label labels labeled labelled labeling lambaste lambasted lambasting",
    "mock mocks mocked mocking ridicule ridiculed hail hails hailed laud lauded applaud applauds",
    "decry decries decried deplore deplored lament laments credit credits credited thank thanked",
    "press presses pressed signal signals signaled signalled imply implies implied dispute disputes",
    "disputed challenge challenges challenged challenging characterize characterized characterise",
    "characterised portray portrays portrayed depict depicts depicted paint paints painted",
    "reference references referenced invoke invokes invoked envision envisions anticipate anticipates",
    "anticipated forecast forecasts advocate advocates advocated favor favors favored favour favoured",
    "back backs backed embrace embraces embraced champion champions championed push pushes pushed",
    "insult insulted insulting accusing accuse blamed blaming faulted fault",
)
SPEECH_FORMS = REPORTING_VERBS | _forms(
    "quoted quoting comment comments commented commenting testified say tell tells announce",
    "confirmed confirms complained described describes insisted ruled rules concluded",
    "report reported reports showed shows show found find finds revealed reveals suggest",
    "posted wrote tweeted write writes",
)
# Nouns whose possessor is a source: "Smith's statement", "the ministry's report".
NOUN_CUES = _forms("statement statements remarks comments interview testimony tweet tweets claim claims")
CUE_WORDS = (
    SPEECH_FORMS | STANCE_VERBS | COGNITION_VERBS | EVALUATION_VERBS | NOUN_CUES | {"according", "that"}
)
