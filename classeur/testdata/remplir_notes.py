"""Fills a blank certidoc entry workbook of a référentiel of MARKS as a
secrétariat would, with openpyxl, in the sheets Session, Jury, Candidats and
the épreuve sheets only: 24 fictitious candidates, every bloc presented by
several of them, each mark typed as French users type it: a number, "12,5",
"12.5", "12", " 9,75 ", "12,50", with a no-break space or a tab around;
levels, where the sheet has "Niveau" columns, in every spelling of the
scale's codes. Usage: remplir_notes.py VIERGE.xlsx REMPLI.xlsx [bornes|erreurs]

The first candidates get the marks of the rule's boundaries on blocs A and
B (an average of exactly 10, just under, an eliminatory mark under a high
average, a mark equal to the eliminatory one). With "bornes", the
référentiel is the test's variant with a step of 0.01 and equal
coefficients in bloc A, and bloc A's marks give averages of 9.995, 9.994,
10.0 and 9.99 exactly. With "erreurs", a few cells hold what the import
refuses (a word, a mark above the scale, off its step, negative, with two
commas; a mark or a level missing on a row begun); the script prints, one
a line, the cells it spoiled ("Bloc B – épreuve 1!I7") and the candidate ×
bloc pairs they touch ("2025-309/B")."""
import datetime
import random
import sys

import openpyxl
import openpyxl.utils

wb = openpyxl.load_workbook(sys.argv[1])
bornes = len(sys.argv) > 3 and sys.argv[3] == "bornes"
errors = len(sys.argv) > 3 and sys.argv[3] == "erreurs"
BAD = ["douze", "20,25", "12,3", "-1", "12,5,1", "", "12/20", "1e1"]
rng = random.Random(25)

s = wb["Session"]
values = {
    "Identifiant de la session": "GPI-2025-02",
    "Première épreuve": datetime.datetime(2025, 9, 8),
    "Dernière épreuve": "26/09/2025",
    "Date de la délibération": datetime.datetime(2025, 10, 3),
    "Heure de la délibération (HH:MM)": "14:00",
    "Lieu de la délibération": "Salle d’essai, 1 quai Fictif, 29200 Brest",
    "Certificateur – raison sociale": "ORGANISME FICTIF D’ESSAI",
    "Certificateur – ville": "Brest",
    "Signataire des parchemins – nom": "Signataire Fictive",
    "Signataire des parchemins – qualité": "Directrice",
}
for row in s.iter_rows(min_row=2):
    label = row[0].value
    if label in values:
        row[1].value = values.pop(label)
assert not values, values

j = wb["Jury"]
for r, m in enumerate([
    ["Mme", "Présidente-Fictive", "Lucie", "président", "Association Exemple", "Oui", "Oui"],
    ["M.", "Membre-Fictif", "Marc", "membre", "Entreprise Exemple", "Oui", "Oui"],
    ["Mme", "Membre-Exemple", "Inès", "membre", "Organisme Exemple", "Non", "Oui"],
], 3):
    for col, v in enumerate(m, 1):
        j.cell(r, col).value = v

c = wb["Candidats"]
head = [cell.value for cell in c[1]]
blocs = [h.split()[1] for h in head if h and h.startswith("Bloc ") and h.endswith(" présenté")]
names = ["d’Arvieux", "O'Brien-Martin", "de La Tour-Fictive", "Ngo-Van", "Œuvray", "Lefort", "Ébrard", "Van der Exemple"]
cands = []
for i in range(24):
    num = "2025-%03d" % (301 + i)
    presented = [b for k, b in enumerate(blocs) if (i + k) % 4 != 3 or i < 8]
    cands.append((num, presented))
    row = {h: None for h in head}
    row.update({
        "Numéro": num if i % 5 else " " + num + " ", "Civilité": "Mme" if i % 2 else "M.",
        "Nom de naissance": names[i % len(names)], "Prénoms": "Zoé Anaïs" if i % 2 else "Jean-Noël",
        "Sexe": "F" if i % 2 else "M", "Date de naissance": datetime.datetime(1970 + i, 1 + i % 12, 1 + i),
        "Commune de naissance": "Brest", "Code INSEE de la commune": "29019", "Voie d’accès": "Formation continue",
    })
    for b in presented:
        row["Bloc %s présenté" % b] = ["Oui", "oui", "OUI", "x", "Oui "][i % 5]
    for col, h in enumerate(head, 1):
        if row[h] is not None:
            c.cell(3 + i, col).value = row[h]

# Marks forced on the first candidates: by épreuve sheet, candidate index.
if bornes:
    forced = {
        "Bloc A – épreuve 1": {0: 9.99, 1: 9.99, 2: 10, 3: 9.98, 4: 20},
        "Bloc A – épreuve 2": {0: 10, 1: 9.99, 2: 10, 3: 10, 4: 0},
        "Bloc B – épreuve 1": {0: 18, 1: 18},
        "Bloc B – épreuve 2": {0: 5.99, 1: 6},
        "Bloc B – épreuve 3": {0: 18, 1: 18},
    }
else:
    forced = {
        "Bloc A – épreuve 1": {0: 10, 1: 9.75, 2: 9.75, 3: 20},
        "Bloc A – épreuve 2": {0: 10, 1: 10.5, 2: 10.25, 3: 0},
        "Bloc B – épreuve 1": {0: 18, 1: 18, 2: 9.75},
        "Bloc B – épreuve 2": {0: 5.75, 1: 6, 2: 20},
        "Bloc B – épreuve 3": {0: 18, 1: 18, 2: 9.5},
    }


def shown(v):
    """The mark with as few decimals as it needs, point as separator."""
    t = ("%.2f" % v).rstrip("0").rstrip(".")
    return t


def typed(v, turn):
    """The mark v as a user types it: the turn-th way."""
    t = shown(v)
    ways = [
        v,                                    # a number (a French Excel turns 12,5 into one)
        t.replace(".", ","),                  # "12,5"
        t,                                    # "12.5"
        " " + t.replace(".", ",") + " ",      # " 12,5 "
        ("%.2f" % v).replace(".", ","),       # "12,50"
        "\u00a0" + t.replace(".", ","),       # a no-break space before
        t + "\t",                             # a tab after
        float(v),                             # a number again
    ]
    return ways[turn % len(ways)]


step = 0.01 if bornes else 0.25
spoiled, touched = [], set()
turn = 0
for name in wb.sheetnames:
    if not name.startswith("Bloc ") or " – épreuve " not in name:
        continue
    bloc = name.split()[1]
    ws = wb[name]
    head = [cell.value for cell in ws[1]]
    note = head.index("Note") + 1
    levels = [k for k, h in enumerate(head, 1) if h and h.startswith("Niveau ")]
    codes = [x.strip() for x in (ws.cell(2, levels[0]).value or "").split(",")] if levels else []
    r = 3
    for i, (num, presented) in enumerate(cands):
        if bloc not in presented:
            continue
        if i >= 6 and (i + len(name)) % 9 == 0:
            continue  # not evaluated yet: the proposal is to be established
        ws.cell(r, 1).value = num
        ws.cell(r, 3).value = datetime.datetime(2025, 9, 8 + i % 18) if i % 2 else "%02d/09/2025" % (8 + i % 18)
        ws.cell(r, 5).value = "Évaluatrice Fictive"
        ws.cell(r, 6).value = "Formateur"
        v = forced.get(name, {}).get(i)
        if v is None:
            # Around the threshold, so that blocs are proposed validé and not.
            v = round(rng.randint(int(6 / step), int(15 / step)) * step, 2)
        ws.cell(r, note).value = typed(v, turn)
        turn += 1
        for k in levels:
            code = rng.choice(codes)
            ws.cell(r, k).value = [code, code.lower(), " " + code + " ", code + "\u00a0"][turn % 4]
        if errors and i >= 6 and i % 5 == 1:
            k = note
            if levels and i % 2:
                k = levels[0]  # a level missing in a marked épreuve
                ws.cell(r, k).value = None
            else:
                ws.cell(r, k).value = BAD[len(spoiled) % len(BAD)] or None
            spoiled.append("%s!%s%d" % (name, openpyxl.utils.get_column_letter(k), r))
            touched.add("%s/%s" % (num, bloc))
        r += 1

wb.save(sys.argv[2])
for x in spoiled:
    print(x)
for x in sorted(touched):
    print(x)
