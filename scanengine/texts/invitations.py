"""Texts: invitations and reminders by e-mail, the message itself and its dashboard page (see scanengine.texts).

Message templates are filled twice: first by :func:`scanengine.texts.t` (the round's name), then by the
invitations module (``{link}`` and ``{deadline}``), so those two are written ``{{link}}`` and ``{{deadline}}`` here.
"""

from __future__ import annotations

CATALOGUE: dict = {
    # -- the message ----------------------------------------------------------------------------------------------
    "inv_subject": {"nl": "Uitnodiging: {round}", "en": "Invitation: {round}"},
    "inv_reminder_prefix": {"nl": "Herinnering", "en": "Reminder"},
    "inv_body": {
        "nl": "Beste deelnemer,\n\n"
        "U bent uitgenodigd om mee te doen aan {round}. Het invullen duurt 10 tot 15 minuten; u kunt "
        "tussendoor stoppen en later verdergaan. Uw persoonlijke link:\n\n"
        "{{link}}\n\n"
        "Deze link is alleen voor u bedoeld: stuur hem niet door.\n\n"
        "Met vriendelijke groet,\nDe organisatie van de scan",
        "en": "Dear participant,\n\n"
        "You are invited to take part in {round}. Answering takes 10 to 15 minutes; you can stop and "
        "continue later. Your personal link:\n\n"
        "{{link}}\n\n"
        "This link is meant for you alone: please do not forward it.\n\n"
        "Kind regards,\nThe organisers of the scan",
    },
    "inv_body_deadline": {
        "nl": "Beste deelnemer,\n\n"
        "U bent uitgenodigd om mee te doen aan {round}. Het invullen duurt 10 tot 15 minuten; u kunt "
        "tussendoor stoppen en later verdergaan. U kunt antwoorden tot en met {{deadline}}. "
        "Uw persoonlijke link:\n\n"
        "{{link}}\n\n"
        "Deze link is alleen voor u bedoeld: stuur hem niet door.\n\n"
        "Met vriendelijke groet,\nDe organisatie van de scan",
        "en": "Dear participant,\n\n"
        "You are invited to take part in {round}. Answering takes 10 to 15 minutes; you can stop and "
        "continue later. You can answer until {{deadline}} inclusive. Your personal link:\n\n"
        "{{link}}\n\n"
        "This link is meant for you alone: please do not forward it.\n\n"
        "Kind regards,\nThe organisers of the scan",
    },
    "inv_reminder_intro": {
        "nl": "U hebt de vragenlijst nog niet ingestuurd. Dit is een herinnering; uw link blijft dezelfde.",
        "en": "You have not yet sent in the questionnaire. This is a reminder; your link stays the same.",
    },
    "inv_round_line": {"nl": "Ronde: {round}", "en": "Round: {round}"},
    "inv_deadline_line": {
        "nl": "De vragenlijst sluit na {deadline}.",
        "en": "The questionnaire closes after {deadline}.",
    },
    "inv_anonymity": {
        "nl": "Uw antwoorden worden anoniem opgeslagen, zonder uw e-mailadres, uw link of het tijdstip. Niemand, "
        "ook de organisator niet, kan zien wat u hebt geantwoord of of u hebt geantwoord: alleen het "
        "systeem weet aan wie het een herinnering stuurt. Uw e-mailadres wordt gewist zodra de ronde sluit.",
        "en": "Your answers are stored anonymously, without your e-mail address, your link or the time. Nobody, "
        "the organiser included, can see what you answered or whether you answered: only the system knows "
        "whom to remind. Your e-mail address is erased as soon as the round closes.",
    },
    "inv_english_below": {"nl": "(English below)", "en": "(English below)"},
    "inv_months": {
        "nl": "januari februari maart april mei juni juli augustus september oktober november december",
        "en": "January February March April May June July August September October November December",
    },
    "inv_date": {"nl": "{day} {month} {year}", "en": "{day} {month} {year}"},
    # -- refusals (the domain's messages, also shown on the dashboard) -------------------------------------------
    "inv_err_not_open": {
        "nl": "Ronde {id} is {status}: uitnodigingen en herinneringen gaan alleen uit zolang een ronde open is.",
        "en": "Round {id} is {status}: invitations and reminders are sent only while a round is open.",
    },
    "inv_err_not_utf8": {
        "nl": "{source}: het bestand is geen UTF-8-tekst (sla het op als CSV UTF-8).",
        "en": "{source}: the file is not UTF-8 text (save it as CSV UTF-8).",
    },
    "inv_err_empty": {"nl": "{source}: het bestand is leeg.", "en": "{source}: the file is empty."},
    "inv_err_no_column": {
        "nl": "{source}: regel 1: geen kolom 'email' (de kopregel heeft: {columns}).",
        "en": "{source}: line 1: no 'email' column (the header has: {columns}).",
    },
    "inv_err_no_rows": {
        "nl": "{source}: geen adressen onder de kopregel.",
        "en": "{source}: no addresses below the header.",
    },
    "inv_err_bad_address": {
        "nl": "{source}: regel {line}: '{value}' is geen geldig e-mailadres.",
        "en": "{source}: line {line}: '{value}' is not a valid e-mail address.",
    },
    "inv_err_missing_address": {
        "nl": "{source}: regel {line}: het e-mailadres ontbreekt.",
        "en": "{source}: line {line}: the e-mail address is missing.",
    },
    "inv_err_too_many": {
        "nl": "{source}: meer dan {max} adressen; verdeel de lijst over meerdere bestanden.",
        "en": "{source}: more than {max} addresses; split the list over several files.",
    },
    "inv_err_more": {
        "nl": "... en nog {n} fouten; er is niets verstuurd.",
        "en": "... and {n} more errors; nothing was sent.",
    },
    "inv_err_placeholder": {
        "nl": "{field}: onbekende plaatshouder {{{name}}}; alleen {{link}} en {{deadline}} zijn toegestaan.",
        "en": "{field}: unknown placeholder {{{name}}}; only {{link}} and {{deadline}} are allowed.",
    },
    "inv_err_braces": {
        "nl": "{field}: een losse accolade; schrijf {{{{ en }}}} voor een accolade als teken.",
        "en": "{field}: a single brace; write {{{{ and }}}} for a brace as text.",
    },
    "inv_err_no_link": {
        "nl": "{field}: de tekst moet {{link}} bevatten, anders krijgt de deelnemer geen link.",
        "en": "{field}: the text must contain {{link}}, or the participant gets no link.",
    },
    "inv_err_no_deadline": {
        "nl": "{field}: {{deadline}} gebruikt terwijl er geen sluitingsdatum is ingesteld.",
        "en": "{field}: {{deadline}} is used but no closing date is set.",
    },
    "inv_err_line_break": {
        "nl": "{field}: het onderwerp moet één regel zijn.",
        "en": "{field}: the subject must be one line.",
    },
    "inv_err_too_long": {
        "nl": "{field}: langer dan {max} tekens.",
        "en": "{field}: longer than {max} characters.",
    },
    "inv_err_empty_body": {"nl": "{field}: de tekst is leeg.", "en": "{field}: the text is empty."},
    "inv_err_deadline_past": {
        "nl": "De sluitingsdatum {deadline} ligt in het verleden.",
        "en": "The closing date {deadline} is in the past.",
    },
    "inv_field_subject": {"nl": "Onderwerp", "en": "Subject"},
    "inv_field_body_nl": {"nl": "Tekst (Nederlands)", "en": "Text (Dutch)"},
    "inv_field_body_en": {"nl": "Tekst (Engels)", "en": "Text (English)"},
    # -- the dashboard page -------------------------------------------------------------------------------------
    "inv_title": {"nl": "Uitnodigingen per e-mail", "en": "Invitations by e-mail"},
    "inv_link_from_round": {
        "nl": "Uitnodigingen en herinneringen per e-mail",
        "en": "Invitations and reminders by e-mail",
    },
    "inv_back": {"nl": "Terug naar de ronde", "en": "Back to the round"},
    "inv_intro": {
        "nl": "Upload een lijst met e-mailadressen (CSV met een kolom 'email'); iedere nieuwe geadresseerde krijgt "
        "een persoonlijke link. Herinneringen gaan alleen naar wie nog niet heeft geantwoord, hoogstens één "
        "keer per dag; het systeem kiest de geadresseerden. U ziet alleen aantallen per groep, nooit wie "
        "heeft geantwoord. De adressen worden gewist zodra de ronde sluit.",
        "en": "Upload a list of e-mail addresses (CSV with an 'email' column); every new address gets a personal "
        "link. Reminders go only to those who have not answered, at most once a day; the system chooses "
        "them. You see counts per group only, never who answered. The addresses are erased as soon as the "
        "round closes.",
    },
    "inv_not_configured": {
        "nl": "E-mail is niet ingesteld: de beheerder moet SCANENGINE_SMTP_URL en SCANENGINE_MAIL_FROM instellen.",
        "en": "E-mail is not configured: the administrator must set SCANENGINE_SMTP_URL and SCANENGINE_MAIL_FROM.",
    },
    "inv_not_open": {
        "nl": "Uitnodigingen en herinneringen gaan alleen uit zolang de ronde open is.",
        "en": "Invitations and reminders are sent only while the round is open.",
    },
    "inv_counts": {"nl": "Aantallen per groep", "en": "Counts per group"},
    "inv_col_group": {"nl": "Groep", "en": "Group"},
    "inv_col_invited": {"nl": "Uitgenodigd", "en": "Invited"},
    "inv_col_reminded": {"nl": "Herinnerd", "en": "Reminded"},
    "inv_col_refused": {"nl": "Geweigerd", "en": "Refused"},
    "inv_col_waiting": {"nl": "Nog te versturen", "en": "Still to send"},
    "inv_col_answered": {"nl": "Geantwoord (aantal)", "en": "Answered (number)"},
    "inv_total": {"nl": "Totaal", "en": "Total"},
    "inv_erased_note": {
        "nl": "De adressen zijn gewist; de aantallen zijn bewaard.",
        "en": "The addresses have been erased; the counts are kept.",
    },
    "inv_upload": {"nl": "Lijst uploaden en uitnodigen", "en": "Upload a list and invite"},
    "inv_upload_file": {"nl": "CSV-bestand met een kolom 'email'", "en": "CSV file with an 'email' column"},
    "inv_upload_button": {"nl": "Uitnodigingen versturen", "en": "Send invitations"},
    "inv_upload_missing": {"nl": "Kies een CSV-bestand.", "en": "Choose a CSV file."},
    "inv_upload_large": {
        "nl": "Het bestand is groter dan {max} KB.",
        "en": "The file is larger than {max} KB.",
    },
    "inv_send_waiting": {"nl": "Wachtende uitnodigingen versturen", "en": "Send waiting invitations"},
    "inv_remind": {"nl": "Herinnering sturen", "en": "Send a reminder"},
    "inv_remind_help": {
        "nl": "Naar iedereen die nog niet heeft geantwoord en de afgelopen dag geen e-mail kreeg.",
        "en": "To everyone who has not answered and had no e-mail during the last day.",
    },
    "inv_all_groups": {"nl": "Alle groepen", "en": "All groups"},
    "inv_message": {"nl": "Tekst van de uitnodiging", "en": "Text of the invitation"},
    "inv_message_help": {
        "nl": "Gebruik {{link}} voor de persoonlijke link en {{deadline}} voor de sluitingsdatum. De naam van de "
        "ronde, de sluitingsdatum en een zin over anonimiteit worden altijd onder de tekst gezet. Laat de "
        "Engelse tekst leeg voor een bericht in alleen het Nederlands.",
        "en": "Use {{link}} for the personal link and {{deadline}} for the closing date. The round's name, the "
        "closing date and a sentence on anonymity are always added below the text. Leave the English text "
        "empty for a message in Dutch only.",
    },
    "inv_deadline": {"nl": "Sluitingsdatum (optioneel)", "en": "Closing date (optional)"},
    "inv_save": {"nl": "Tekst opslaan", "en": "Save the text"},
    "inv_saved": {"nl": "De tekst is opgeslagen.", "en": "The text was saved."},
    "inv_reset": {"nl": "Standaardtekst herstellen", "en": "Restore the default text"},
    "inv_preview": {"nl": "Voorbeeld", "en": "Preview"},
    "inv_preview_invitation": {"nl": "Voorbeeld van de uitnodiging", "en": "Preview of the invitation"},
    "inv_preview_reminder": {"nl": "Voorbeeld van de herinnering", "en": "Preview of the reminder"},
    "inv_preview_note": {
        "nl": "Met een voorbeeldlink; iedere geadresseerde krijgt een eigen link.",
        "en": "With an example link; every address gets a link of its own.",
    },
    "inv_plain_text": {"nl": "Platte tekst", "en": "Plain text"},
    "inv_html": {"nl": "Opgemaakte versie (HTML)", "en": "Formatted version (HTML)"},
    "inv_subject_label": {"nl": "Onderwerp", "en": "Subject"},
    "inv_result": {
        "nl": "{what}: {sent} verstuurd, {refused} geweigerd, {skipped} overgeslagen.",
        "en": "{what}: {sent} sent, {refused} refused, {skipped} skipped.",
    },
    "inv_result_invite": {"nl": "Uitnodigingen", "en": "Invitations"},
    "inv_result_remind": {"nl": "Herinneringen", "en": "Reminders"},
    "inv_result_waiting": {
        "nl": "{n} wachten nog: klik nogmaals op versturen om verder te gaan.",
        "en": "{n} are still waiting: click send again to continue.",
    },
    "inv_mail_failed": {
        "nl": "Het versturen is gestopt: {reason}. Wat al verstuurd is, is vastgelegd; probeer het later opnieuw.",
        "en": "Sending stopped: {reason}. What was sent is recorded; try again later.",
    },
    "inv_refused": {"nl": "Niet uitgevoerd: {reason}", "en": "Not done: {reason}"},
}
