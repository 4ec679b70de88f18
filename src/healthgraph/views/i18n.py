"""I18n: every string of the profile pages and the search box in English and French, and the language to use.

>>> text("not_known", "fr")
'Non connu'
>>> choose_language(None, "fr-FR,fr;q=0.9,en;q=0.8")
'fr'
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "STRINGS", "choose_language", "other_language", "text"]

LANGUAGES = ("en", "fr")

# key: (English, French). Templates take {named} parts that are already escaped HTML.
STRINGS: dict[str, tuple[str, str]] = {
    "language_name": ("English", "Français"),
    "switch_to": ("Version française", "English version"),
    "search_label": ("Find an entity", "Trouver une entité"),
    "search_placeholder": ("name, acronym or former name", "nom, sigle ou ancien nom"),
    "search_none": ("No entity has that name.", "Aucune entité ne porte ce nom."),
    "formerly": ("former name", "ancien nom"),
    "former_names": ("Former names", "Anciens noms"),
    "home": ("All profiles", "Tous les profils"),
    "site_title": ("Health-innovation ecosystem: profiles", "Écosystème de l'innovation en santé : profils"),
    "site_intro": (
        "One page per organisation, person, programme and source of the graph. Every statement is followed "
        "by its source; what the graph does not state is listed as not known.",
        "Une page par organisation, personne, programme et source du graphe. Chaque énoncé est suivi de sa "
        "source ; ce que le graphe n'énonce pas est signalé comme non connu.",
    ),
    "entities": ("Entities", "Entités"),
    "sources": ("Sources", "Sources"),
    "names": ("Names", "Noms"),
    "alt_names": ("Other names", "Autres noms"),
    "kind": ("Kind", "Type"),
    "regions": ("Regions", "Régions"),
    "location": ("Location", "Lieu"),
    "identifiers": ("Identifiers", "Identifiants"),
    "website": ("website", "site web"),
    "predecessors": ("Comes from", "Issu de"),
    "successors": ("Became", "Devenu"),
    "note": ("Note", "Note"),
    "story": ("Its story", "Son histoire"),
    "group_relations": ("Memberships and partnerships", "Adhésions et partenariats"),
    "group_involvement": ("Founders, operators and other roles", "Fondateurs, opérateurs et autres rôles"),
    "group_posts_current": ("People and posts: current", "Personnes et fonctions : actuelles"),
    "group_posts_past": ("People and posts: past", "Personnes et fonctions : passées"),
    "group_fundings": ("Fundings", "Financements"),
    "group_timeline": ("Timeline: labellings and events", "Chronologie : labellisations et événements"),
    "group_themes": ("Themes", "Thématiques"),
    "group_projects": ("Projects (ANR France 2030 / PIA)", "Projets (ANR France 2030 / PIA)"),
    "figures": ("Figures over time", "Chiffres dans le temps"),
    "figures_none": ("The graph holds no figure about it.", "Le graphe ne contient aucun chiffre à son sujet."),
    "figure_table": ("All figures with their sources", "Tous les chiffres avec leurs sources"),
    "disagree": ("sources disagree", "les sources divergent"),
    "disagree_mark": (
        "≠ marks a date where sources give different values.",
        "≠ signale une date où les sources donnent des valeurs différentes.",
    ),
    "undated": ("undated", "non daté"),
    "inferred": ("inferred", "déduite"),
    "network": ("Its network", "Son réseau"),
    "network_note": (
        "Entities named with it in a fact. Click a name to open its profile.",
        "Entités nommées avec elle dans un fait. Cliquer sur un nom ouvre son profil.",
    ),
    "network_more": ("and {count} more, listed in its story", "et {count} autres, cités dans son histoire"),
    "network_none": ("No other entity is named with it.", "Aucune autre entité n'est nommée avec elle."),
    "not_known": ("Not known", "Non connu"),
    "gap_missing": ("Figures it has none of", "Chiffres dont il n'a aucune valeur"),
    "gap_missing_note": (
        "measures stated for other entities of its kind",
        "mesures connues pour d'autres entités de même type",
    ),
    "gap_stale": (
        "Figures whose latest value is older than three years",
        "Chiffres dont la dernière valeur a plus de trois ans",
    ),
    "gap_latest": ("latest: {date}", "dernière : {date}"),
    "gap_undated": ("Undated figures", "Chiffres non datés"),
    "gap_single": ("Facts resting on a single source", "Faits reposant sur une seule source"),
    "gap_single_count": ("{count} of its {total} facts", "{count} de ses {total} faits"),
    "gap_nothing": ("Nothing: every check passed.", "Rien : toutes les vérifications sont passées."),
    "unreviewed": ("Extracted from articles, not reviewed", "Extraits d'articles, non relus"),
    "unreviewed_note": (
        "Candidates found by the article extraction that no curator has accepted yet: check them against the text.",
        "Candidats trouvés par l'extraction d'articles qu'aucun curateur n'a encore acceptés : "
        "à vérifier sur le texte.",
    ),
    "unreviewed_entity": (
        "Proposed by the article extraction ({where}); no curator has accepted it yet.",
        "Proposé par l'extraction d'articles ({where}) ; aucun curateur ne l'a encore accepté.",
    ),
    "former_facts": ("Under its former name {name}", "Sous son ancien nom {name}"),
    "source_label": ("source", "source"),
    "document": ("document", "document"),
    "no_link": ("no address", "sans adresse"),
    "source_states": ("What this source states", "Ce que cette source énonce"),
    "source_kind": ("Kind of document", "Type de document"),
    "author": ("Author or publisher", "Auteur ou éditeur"),
    "date": ("Date", "Date"),
    "link": ("Link", "Lien"),
    "source_nothing": ("No fact of the graph cites it.", "Aucun fait du graphe ne la cite."),
    "rdf": ("This profile as RDF (Turtle)", "Ce profil en RDF (Turtle)"),
    "sentence_membership": ("{member} is a member of {organisation}", "{member} est membre de {organisation}"),
    "sentence_partnership": ("{a} and {b} are partners", "{a} et {b} sont partenaires"),
    "sentence_comembership": ("{a} and {b} have members in common", "{a} et {b} ont des adhérents communs"),
    "sentence_inclusion": ("{part} is part of {whole}", "{part} fait partie de {whole}"),
    "sentence_involvement": ("{agent} is involved in {target}", "{agent} participe à {target}"),
    "sentence_post": ("{holder} holds a post at {organisation}", "{holder} occupe une fonction à {organisation}"),
    "sentence_funding": ("{funder} funds {beneficiary}", "{funder} finance {beneficiary}"),
    "sentence_funding_nofunder": ("{beneficiary} is funded", "{beneficiary} est financé"),
    "sentence_labelling": ("{subject} receives {label}", "{subject} reçoit {label}"),
    "sentence_focus": ("{subject} works on {theme}", "{subject} travaille sur {theme}"),
    "sentence_event": ("{kind} of {subject}", "{kind} : {subject}"),
    "sentence_other": ("{kind}", "{kind}"),
    "as_role": ("as {role}", "comme {role}"),
    "through": ("through {programme}", "via {programme}"),
    "amount": ("amount {amount}", "montant {amount}"),
    "for_years": ("for {years} years", "pour {years} ans"),
    "awarded_by": ("awarded by {agent}", "attribué par {agent}"),
    "status": ("status: {status}", "statut : {status}"),
    "from_to": ("from {start} to {end}", "de {start} à {end}"),
    "since": ("since {start}", "depuis {start}"),
    "until": ("until {end}", "jusqu'en {end}"),
    "as_of": ("as of {date}", "à la date de {date}"),
    "on_date": ("in {date}", "en {date}"),
    "from_names": ("from {names}", "à partir de {names}"),
    "into_names": ("into {names}", "en {names}"),
    "with_agents": ("with {names}", "avec {names}"),
    "at_place": ("at {place}", "à {place}"),
    "about": ("about {value}", "environ {value}"),
    "more_than": ("more than {value}", "plus de {value}"),
    "up_to": ("up to {value}", "jusqu'à {value}"),
    "partners": ("partners", "partenaires"),
    "and_more": ("and {count} more", "et {count} autres"),
    "left_out": (
        "{count} more facts of this kind are not listed, to keep the page small: they are in this profile's Turtle.",
        "{count} autres faits de ce type ne sont pas listés, pour garder la page légère : ils sont dans son Turtle.",
    ),
    "measure": ("measure", "mesure"),
    "value": ("value", "valeur"),
    "profile_of": ("Profile", "Profil"),
    "no_facts": (
        "The graph states no fact about it beyond its names.",
        "Le graphe n'énonce aucun fait à son sujet hormis ses noms.",
    ),
}


def text(key: str, lang: str, **parts: str) -> str:
    """Return the UI string ``key`` in ``lang`` (English for an unknown language), with ``parts`` filled in.

    >>> text("since", "en", start="2005")
    'since 2005'
    """
    english, french = STRINGS[key]
    template = french if lang == "fr" else english
    return template.format(**parts) if parts else template


def other_language(lang: str) -> str:
    """Return the other language of the pages.

    >>> other_language("fr")
    'en'
    """
    return "en" if lang == "fr" else "fr"


def choose_language(asked: str | None, accept_language: str | None) -> str:
    """Return ``asked`` if it is a language of the pages, else the first one ``Accept-Language`` prefers, else English.

    >>> choose_language("fr", "en")
    'fr'
    >>> choose_language(None, "de-DE,en;q=0.5,fr;q=0.7")
    'fr'
    """
    if asked in LANGUAGES:
        return asked
    ranked: list[tuple[float, str]] = []
    for part in (accept_language or "").split(","):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and weight > 0:
            ranked.append((weight, primary))
    return max(ranked, key=lambda pair: pair[0])[1] if ranked else "en"
