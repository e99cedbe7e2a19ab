"""Word lists and codes that make the graphs of ``bench.synthetic`` read like real ones.

Every name of a person or an organisation here is invented.
"""

# Current municipalities (no tooiont:einddatum) in TOOI rwc_gemeenten_compleet
# version 4: the large cities plus a spread over all twelve provinces.
GEMEENTE_CODES = (
    "gm0363", "gm0599", "gm0518", "gm0344", "gm0772", "gm0014", "gm0855",
    "gm0034", "gm0758", "gm0268", "gm0200", "gm0392", "gm0202", "gm0153",
    "gm0307", "gm0479", "gm0796", "gm0394", "gm0193", "gm0637", "gm0546",
    "gm0080", "gm0935", "gm0505", "gm0228", "gm0484", "gm1783", "gm0361",
    "gm0114", "gm0503", "gm0983", "gm0150", "gm1883", "gm0794", "gm0828",
    "gm0402", "gm1900", "gm0917", "gm1930", "gm1948", "gm0164", "gm0439",
    "gm0606", "gm0995", "gm1674", "gm1916", "gm0513", "gm0141", "gm0106",
    "gm0355", "gm0400", "gm0928", "gm0718", "gm0687", "gm0715", "gm0748",
    "gm0222", "gm0074", "gm1952", "gm1979",
)  # fmt: skip

# Themes in order of popularity, most popular first, with a label for titles.
THEMES = (
    ("wijkaanpak", "de wijkaanpak"),
    ("leefbaarheid", "leefbaarheid"),
    ("gebiedsgericht-werken", "gebiedsgericht werken"),
    ("integraal-samenwerken", "integraal samenwerken"),
    ("participatie", "bewonersparticipatie"),
    ("jeugd", "jeugd in de wijk"),
    ("armoede-en-schulden", "armoede en schulden"),
    ("ondermijning", "ondermijning"),
    ("sociale-cohesie", "sociale cohesie"),
    ("veiligheidsbeleving", "veiligheidsbeleving"),
    ("overlast", "overlast"),
    ("zorg-en-welzijn", "zorg en welzijn"),
    ("bewonersinitiatieven", "bewonersinitiatieven"),
    ("eenzaamheid", "eenzaamheid"),
    ("kwetsbare-wijken", "kwetsbare wijken"),
    ("criminaliteitspreventie", "criminaliteitspreventie"),
    ("jeugdcriminaliteit", "jeugdcriminaliteit"),
    ("sociale-basis", "de sociale basis"),
    ("kansengelijkheid", "kansengelijkheid"),
    ("openbare-ruimte", "de openbare ruimte"),
    ("wijkmonitoring", "wijkmonitoring"),
    ("schuldhulpverlening", "schuldhulpverlening"),
    ("energiearmoede", "energiearmoede"),
    ("mentale-gezondheid", "mentale gezondheid"),
    ("gezondheidsverschillen", "gezondheidsverschillen"),
    ("polarisatie", "polarisatie"),
    ("discriminatie-en-inclusie", "discriminatie en inclusie"),
    ("huiselijk-geweld", "huiselijk geweld"),
    ("huisvesting-kwetsbare-groepen", "huisvesting van kwetsbare groepen"),
    ("stedelijke-vernieuwing", "stedelijke vernieuwing"),
    ("radicalisering", "radicalisering"),
)
LEEFGEBIEDEN = (
    "wonen", "veiligheid", "gezondheid", "opvoeding", "inkomen", "werk",
    "onderwijs",
)  # fmt: skip
WERKWIJZEN = (
    "wijkteam", "buurtbemiddeling", "persoonsgerichte-aanpak", "wijkagent",
    "buurtpreventie", "wijkschouw", "huiskamer-van-de-wijk", "abcd",
    "wijkvisie", "buurtsportcoach", "burgerbegroting", "buurtcooperatie",
    "right-to-challenge", "participatief-actieonderzoek", "kennisatelier",
)  # fmt: skip
DOELGROEPEN = ("wijkprofessional", "beleidsmaker", "actieve-bewoner")
DOELGROEP_WEIGHTS = (5, 4, 3)

# Partner kinds: (name stem, organisatietype slug). Names are plainly invented.
PARTNER_KINDS = (
    ("Synthetisch Kenniscentrum", "kenniscentrum"),
    ("Synthetisch Expertisecentrum", "kenniscentrum"),
    ("Synthetisch Bewonersplatform", "bewonersorganisatie"),
    ("Synthetische Bewonersvereniging", "bewonersorganisatie"),
    ("Synthetische Wijkcoöperatie", "sociaal-ondernemer"),
    ("Synthetische Sociale Onderneming", "sociaal-ondernemer"),
)
REGIONS = (
    "Noord", "Oost", "Zuid", "West", "Midden", "Delta", "Kust", "Polder",
    "Rivierenland", "Heuvelland", "Veenkoloniën", "Randstad",
)  # fmt: skip

# Invented names, chosen to read as obviously fictional.
GIVEN_NAMES = (
    "Anouk", "Bram", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Joris",
    "Karim", "Lotte", "Mila", "Noah", "Olga", "Pim", "Roos", "Sem", "Tess",
    "Yara", "Zeynep",
)  # fmt: skip
SURNAMES = (
    "Proefstra", "Voorbeeldsma", "van Steekproefhoven", "de Testere",
    "Fictiefkamp", "van Modelrode", "Verzinsel", "Simulatorius", "Placeholt",
    "van Dummelen", "Nepveld", "Bedachtsma",
)  # fmt: skip


WIJKEN = (
    "Beukenhof", "Zonnewijde", "Kraaienveld", "De Lindenhoek", "Molenkwartier",
    "Sterrenbuurt", "Fluitersveld", "Waterrijk-Oost", "De Bijenkorf", "Hoogakker",
)  # fmt: skip
VERBS = ("beschrijft", "laat zien", "onderzoekt", "verkent")
ACTORS = (
    "gemeenten", "wijkprofessionals", "bewoners", "wijkteams",
    "woningcorporaties en welzijnsorganisaties", "partners in de wijk",
)  # fmt: skip
ACTIVITIES = (
    "samenwerken aan", "werk maken van", "grip krijgen op",
    "invulling geven aan",
)  # fmt: skip
CLOSERS = (
    "Het sluit af met aanbevelingen voor beleid en praktijk.",
    "Centraal staat de vraag wat bewoners er zelf van merken.",
    "De lessen zijn bruikbaar voor andere gemeenten.",
    "Ook de rol van lokale partners komt aan bod.",
    "Er is aandacht voor wat wel en niet werkte.",
)
