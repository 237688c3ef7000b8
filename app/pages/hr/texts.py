"""Wording of the HR workspace pages, French and English (templates use ``h.<key>``)."""

from __future__ import annotations

from app.i18n import Language

_TEXTS: dict[str, tuple[str, str]] = {
    "workspace": ("Espace RH", "HR workspace"),
    "guardrail": (
        "Les scores du TAI sont une mesure de recherche, imparfaite à l'échelle d'une personne. "
        "Ils ne doivent jamais servir au recrutement, à l'évaluation, à la rémunération ou à la "
        "promotion.",
        "IAT scores are a research measure, imprecise for one person. They must never be used "
        "for hiring, appraisal, pay or promotion.",
    ),
    "nav_campaigns": ("Campagnes", "Campaigns"),
    "nav_teams": ("Équipes", "Teams"),
    "nav_users": ("Comptes", "Accounts"),
    "nav_audit": ("Journal d'audit", "Audit log"),
    "nav_tokens": ("Jetons de recherche", "Research tokens"),
    "error_title": ("Erreur", "Error"),
    "error_not_found": ("Page introuvable", "Page not found"),
    "error_forbidden": ("Accès refusé", "Access denied"),
    "error_back": ("Retour à l'espace RH", "Back to the HR workspace"),
    "logout": ("Se déconnecter", "Sign out"),
    "login_title": ("Connexion à l'espace RH", "Sign in to the HR workspace"),
    "email": ("Adresse e-mail", "E-mail address"),
    "password": ("Mot de passe", "Password"),
    "login": ("Se connecter", "Sign in"),
    "login_failed": (
        "E-mail ou mot de passe incorrect, ou compte désactivé.",
        "Wrong e-mail or password, or the account is disabled.",
    ),
    "login_throttled": (
        "Trop de tentatives échouées. Réessayez dans {minutes} min.",
        "Too many failed attempts. Try again in {minutes} min.",
    ),
    "reset_title": ("Choisir un mot de passe", "Choose a password"),
    "reset_hint": ("Au moins 12 caractères.", "At least 12 characters."),
    "reset_done": ("Mot de passe enregistré. Connectez-vous.", "Password saved. Sign in."),
    "save": ("Enregistrer", "Save"),
    "create": ("Créer", "Create"),
    "campaigns_title": ("Campagnes", "Campaigns"),
    "new_campaign": ("Nouvelle campagne", "New campaign"),
    "no_campaigns": ("Aucune campagne pour l'instant.", "No campaigns yet."),
    "name": ("Nom", "Name"),
    "state": ("État", "State"),
    "state_draft": ("Brouillon", "Draft"),
    "state_open": ("Ouverte", "Open"),
    "state_closed": ("Close", "Closed"),
    "state_archived": ("Archivée", "Archived"),
    "participants": ("Participants", "Participants"),
    "completed": ("Terminés", "Completed"),
    "instruments": ("Instruments", "Instruments"),
    "with_iat": ("Test d'association implicite (TAI)", "Implicit Association Test (IAT)"),
    "study": ("Étude du TAI", "IAT study"),
    "with_questionnaire": ("Questionnaire organisationnel", "Organisational questionnaire"),
    "languages": ("Langues", "Languages"),
    "opens_at": ("Ouverture prévue", "Planned opening"),
    "closes_at": ("Clôture prévue", "Planned closing"),
    "teams": ("Équipes", "Teams"),
    "policy": ("Politique de confidentialité", "Privacy policy"),
    "policy_locked": (
        "La politique est verrouillée depuis l'ouverture de la campagne.",
        "The policy is locked since the campaign opened.",
    ),
    "individual_results": ("Résultats individuels", "Individual results"),
    "results_none": ("Aucun (équipes seulement)", "None (teams only)"),
    "results_pseudonymous": ("Pseudonymisés", "Pseudonymous"),
    "results_named": ("Nominatifs", "Named"),
    "min_group_q": (
        "Taille minimale des groupes (questionnaire)",
        "Minimum group size (questionnaire)",
    ),
    "min_group_iat": ("Taille minimale des groupes (TAI)", "Minimum group size (IAT)"),
    "min_group_hint": ("Jamais moins de 3.", "Never below 3."),
    "employee_feedback": (
        "Montrer un retour personnel descriptif au salarié",
        "Show the employee a descriptive personal result",
    ),
    "open_link_counts": (
        "Les réponses reçues par un lien ouvert comptent pour la taille minimale des groupes",
        "Answers received through an open link count toward the minimum group size",
    ),
    "open_link_counts_hint": (
        "Décoché (par défaut) : n'importe qui peut utiliser un lien ouvert, ces réponses ne "
        "suffisent donc jamais à faire afficher les chiffres d'une équipe.",
        "Unticked (default): anyone can use an open link, so such answers never make a "
        "team's figures appear on their own.",
    ),
    "retention_days": (
        "Durée de conservation (jours après la clôture)",
        "Retention (days after closing)",
    ),
    "controller": ("Responsable du traitement", "Data controller"),
    "dpo_contact": (
        "Contact du délégué à la protection des données",
        "Data-protection officer contact",
    ),
    "purpose": ("Finalité", "Purpose"),
    "legal_basis": ("Base légale", "Legal basis"),
    "recipients": ("Destinataires", "Recipients"),
    "open": ("Ouvrir la campagne", "Open the campaign"),
    "close": ("Clore la campagne", "Close the campaign"),
    "archive": ("Archiver", "Archive"),
    "open_warning": (
        "L'ouverture verrouille la politique de confidentialité.",
        "Opening locks the privacy policy.",
    ),
    "dashboard": ("Tableau de bord", "Dashboard"),
    "edit": ("Modifier", "Edit"),
    "import_title": ("Importer des participants (CSV)", "Import participants (CSV)"),
    "import_hint": (
        "Colonnes : code, team, et facultativement full_name, email. Séparateur virgule ou "
        "point-virgule. Rien n'est enregistré avant confirmation.",
        "Columns: code, team, optionally full_name, email. Comma or semicolon separated. "
        "Nothing is saved before you confirm.",
    ),
    "csv_file": ("Fichier CSV", "CSV file"),
    "preview": ("Prévisualiser", "Preview"),
    "preview_title": ("Prévisualisation de l'import", "Import preview"),
    "line": ("Ligne", "Line"),
    "code": ("Code", "Code"),
    "team": ("Équipe", "Team"),
    "full_name": ("Nom complet", "Full name"),
    "action": ("Action", "Action"),
    "action_new": ("Nouveau", "New"),
    "action_update": ("Mise à jour", "Update"),
    "action_unchanged": ("Inchangé", "Unchanged"),
    "errors_found": ("Erreurs à corriger avant l'import", "Errors to fix before importing"),
    "confirm_import": ("Confirmer l'import", "Confirm the import"),
    "cancel": ("Annuler", "Cancel"),
    "invitations_title": ("Liens d'invitation personnels", "Personal invitation links"),
    "invitations_hint": (
        "Les liens ne sont affichés qu'une fois, dans le fichier téléchargé : nous n'en gardons "
        "qu'une empreinte. Le fichier contient un lien pour chaque personne qui n'en a pas "
        "encore ; aucun lien déjà envoyé n'est annulé, et personne ne reçoit un nouveau lien "
        "après avoir ouvert le sien. Importez de nouvelles personnes puis téléchargez à "
        "nouveau pour les inviter.",
        "Links are shown once, in the downloaded file: we keep only a hash. The file holds a "
        "link for each person who has none yet; no link already sent is cancelled, and nobody "
        "gets a new link after opening theirs. Import new people, then download again to invite "
        "them.",
    ),
    "no_new_links": (
        "Aucun nouveau lien : chacun a déjà le sien. {started} personne(s) ont déjà ouvert leur "
        "lien ; {has_link} ont un lien pas encore ouvert (il reste valable).",
        "No new links: everyone already has one. {started} person(s) have already opened their "
        "link; {has_link} have a link not opened yet (it stays valid).",
    ),
    "download_links": ("Télécharger les liens (CSV)", "Download the links (CSV)"),
    "open_links_title": ("Liens ouverts par équipe", "Open links per team"),
    "open_links_hint": (
        "Un lien ouvert crée un participant pseudonyme par navigateur : une nouvelle visite "
        "reprend sa session tant qu'elle n'est pas terminée, puis en commence une autre. En "
        "créer un nouveau annule le précédent pour cette équipe.",
        "An open link creates a pseudonymous participant per browser: a new visit resumes its "
        "session until it is finished, then starts another. Creating a new one cancels the "
        "previous one for that team.",
    ),
    "new_open_link": ("Créer un lien ouvert", "Create an open link"),
    "open_link_created": ("Lien ouvert (affiché une seule fois) :", "Open link (shown once):"),
    "roster_title": ("Participants", "Participants"),
    "erase": ("Retirer et effacer", "Withdraw and erase"),
    "erase_hint": (
        "Sur demande du salarié : efface essais, réponses, scores et identité (journalisé).",
        "On the employee's request: erases trials, answers, scores and identity (logged).",
    ),
    "status": ("Participation", "Participation"),
    "status_finished": ("Terminé", "Finished"),
    "status_not_finished": ("Pas terminé", "Not finished"),
    "teams_title": ("Équipes", "Teams"),
    "parent_team": ("Équipe parente", "Parent team"),
    "no_parent": ("(aucune)", "(none)"),
    "users_title": ("Comptes", "Accounts"),
    "role": ("Rôle", "Role"),
    "role_hr_admin": ("Administrateur RH", "HR admin"),
    "role_manager": ("Manager", "Manager"),
    "role_platform_admin": ("Administrateur de la plateforme", "Platform admin"),
    "active": ("Actif", "Active"),
    "disable": ("Désactiver", "Disable"),
    "enable": ("Réactiver", "Enable"),
    "reset_link": ("Lien de mot de passe", "Password link"),
    "reset_link_created": (
        "Lien à usage unique (72 h) à transmettre à la personne :",
        "One-time link (72 h) to hand to the person:",
    ),
    "manager_teams": ("Équipes du manager", "Manager's teams"),
    "organisation": ("Organisation", "Organisation"),
    "audit_title": ("Journal d'audit", "Audit log"),
    "when": ("Date", "When"),
    "actor": ("Acteur", "Actor"),
    "target": ("Cible", "Target"),
    "rows": ("Lignes", "Rows"),
    "error": ("Erreur", "Error"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
}


def hr_texts(lang: Language) -> dict[str, str]:
    index = 0 if lang is Language.FR else 1
    return {key: pair[index] for key, pair in _TEXTS.items()}
