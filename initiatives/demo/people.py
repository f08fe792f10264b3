"""Hand-written French names, roles and teams for the demo sheets' contacts and texts."""

# Split strings keep these long lists compact (the formatter would put one name a line).
FIRST_NAMES_F = tuple(
    "Camille Nathalie Isabelle Sophie Émilie Claire Julie Aurélie Sandrine Céline Anne Marion "
    "Hélène Laure Élodie Karine Sylvie Valérie Chloé Pauline Agnès Fatima Nadia Maëlle".split()
)
FIRST_NAMES_M = tuple(
    "Thomas Nicolas Julien Stéphane Olivier Laurent Sébastien Pierre François Christophe "
    "Mathieu Antoine Philippe Yannick Éric Bruno Hervé Damien Karim Mehdi Loïc Gaëtan Jérôme "
    "Vincent".split()
)
LAST_NAMES = tuple(
    "Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, "
    "Laurent, Lefebvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel, "
    "Girard, André, Lefèvre, Mercier, Dupont, Lambert, Bonnet, François, Martinez, Le Gall, "
    "Le Goff, Guérin, Muller, Henry, Roussel, Nicolas, Perrin, Morin, Mathieu, Clément, "
    "Gauthier, Dumont, Lopez, Fontaine, Chevalier, Robin, Masson, Sanchez, Benali, Nguyen, "
    "Boyer, Denis, Lemaire, Duval, Joly, Gautier, Roger, Rivière".split(", ")
)

# (masculine, feminine) forms, by kind of collectivity.
ROLES = {
    "village": (
        ("Maire", "Maire"),
        ("Adjoint au maire chargé du numérique", "Adjointe au maire chargée du numérique"),
        ("Secrétaire de mairie", "Secrétaire de mairie"),
        ("Conseiller municipal délégué", "Conseillère municipale déléguée"),
    ),
    "ville": (
        ("Adjoint au maire délégué au numérique", "Adjointe au maire déléguée au numérique"),
        ("Directeur des systèmes d'information", "Directrice des systèmes d'information"),
        ("Chargé de mission numérique", "Chargée de mission numérique"),
        ("Responsable de la communication", "Responsable de la communication"),
        ("Conseiller numérique France Services", "Conseillère numérique France Services"),
        ("Animateur de l'espace public numérique", "Animatrice de l'espace public numérique"),
        ("Directeur général des services", "Directrice générale des services"),
    ),
    "intercommunalite": (
        ("Vice-président chargé du numérique", "Vice-présidente chargée du numérique"),
        ("Directeur du service commun numérique", "Directrice du service commun numérique"),
        ("Chef de projet transformation numérique", "Cheffe de projet transformation numérique"),
        ("Chargé de mission aménagement numérique", "Chargée de mission aménagement numérique"),
    ),
}

TEAMS = {
    "village": (
        "le secrétariat de mairie",
        "le conseil municipal",
        "une commission extra-municipale",
        "un groupe de bénévoles du village",
    ),
    "ville": (
        "le service numérique",
        "la direction des systèmes d'information",
        "le service communication",
        "une équipe projet réunissant plusieurs services",
        "la mission démocratie participative",
    ),
    "intercommunalite": (
        "le service commun numérique",
        "la direction de l'aménagement numérique",
        "un comité de pilotage réunissant les maires",
        "l'équipe du pôle ressources",
    ),
}

FUNDERS = (
    "l'État (France Relance)",
    "la Région",
    "le Département",
    "l'Union européenne (FEDER)",
    "la Banque des Territoires",
    "la dotation de soutien à l'investissement local",
)

MONTHS = tuple(
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
)
