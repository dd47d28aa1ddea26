"""Fills a blank certidoc entry workbook as a secrétariat would, with
openpyxl, in the sheets Session, Jury, Candidats and the épreuve sheets
only: 24 fictitious candidates, every bloc presented by several of them,
levels written in every spelling the import accepts (code or label, any
case, spaces around or inside, tab, line break, no-break space), dates as
dates and as text. Usage: remplir_session.py VIERGE.xlsx REMPLI.xlsx [ERREURS.xlsx]

With ERREURS.xlsx, it also writes there the same fill where a few level
cells hold what the import refuses (a word outside the scale, an empty
level on a row begun), and prints, one a line, the cells it spoiled
("Bloc B – épreuve 1!J7") and the candidate × bloc pairs they touch
("2022-103/B"). The workbook is read once for both."""
import datetime
import random
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
errors = len(sys.argv) > 3
rng = random.Random(12)

s = wb["Session"]
values = {
    "Identifiant de la session": "CISP-2022-03",
    "Première épreuve": datetime.datetime(2022, 10, 3),
    "Dernière épreuve": "14/11/2022",
    "Date de la délibération": datetime.datetime(2022, 11, 25),
    "Heure de la délibération (HH:MM)": "14:00",
    "Lieu de la délibération": "Salle d’exemple, 1 rue Fictive, 69007 Lyon",
    "Certificateur – raison sociale": "CENTRE RESSOURCES AROBASE",
    "Certificateur – ville": "Lyon",
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

# Levels: every accepted spelling, code and label, of each level.
SPELLINGS = {
    "A": ["A", "a", " A", "A ", "Acquis", "acquis", "ACQUIS", "  acquis  ", "Acquis\u00a0", "acquis\n", "\tA"],
    "PA": ["PA", "pa", "Pa", " PA ", "Partiellement acquis", "partiellement   acquis",
           "PARTIELLEMENT ACQUIS", "Partiellement\u00a0acquis", "pa\t", "Partiellement\nacquis"],
    "NA": ["NA", "na", "nA", "NA  ", "Non acquis", "non acquis", "NON ACQUIS", " Non  Acquis ", "na\u202f", "non\tacquis"],
}
turn = {k: 0 for k in SPELLINGS}


def spell(code):
    v = SPELLINGS[code][turn[code] % len(SPELLINGS[code])]
    turn[code] += 1
    return v


c = wb["Candidats"]
head = [cell.value for cell in c[1]]
blocs = [h.split()[1] for h in head if h and h.startswith("Bloc ") and h.endswith(" présenté")]
names = ["d’Arvieux", "O'Brien-Martin", "de La Tour-Fictive", "Ngo-Van", "Œuvray", "Ærø-Fictif", "Straßer", "Núñez",
         "Lefort", "Ébrard", "Van der Exemple", "L’Hermite-Fictif"]
cands = []
for i in range(24):
    num = "2022-%03d" % (101 + i)
    # Every bloc by several candidates; from one bloc to all five.
    presented = [b for k, b in enumerate(blocs) if (i + k) % 3 != 0 or i % 7 == 0]
    if not presented:
        presented = [blocs[i % len(blocs)]]
    cands.append((num, presented))
    row = {h: None for h in head}
    row.update({
        "Numéro": num if i % 5 else " " + num + " ", "Civilité": "Mme" if i % 2 else "M.",
        "Nom de naissance": names[i % len(names)], "Prénoms": "Zoé Anaïs" if i % 2 else "Jean-Noël",
        "Sexe": "F" if i % 2 else "M",
        "Date de naissance": datetime.datetime(1970 + i, 1 + i % 12, 1 + i) if i % 3 else "%02d/%02d/%d" % (1 + i, 1 + i % 12, 1970 + i),
        "Commune de naissance": "Lyon", "Code INSEE de la commune": "69123", "Voie d’accès": "Formation continue",
    })
    for b in presented:
        row["Bloc %s présenté" % b] = ["Oui", "oui", "OUI", "x", "Oui "][i % 5]
    for col, h in enumerate(head, 1):
        if row[h] is not None:
            c.cell(3 + i, col).value = row[h]

spoiled, touched, spoils = [], set(), []
for name in wb.sheetnames:
    if not name.startswith("Bloc ") or " – épreuve " not in name:
        continue
    bloc = name.split()[1]
    ws = wb[name]
    head = [cell.value for cell in ws[1]]
    levels = [k for k, h in enumerate(head, 1) if h and h.startswith("Niveau ")]
    r = 3
    for i, (num, presented) in enumerate(cands):
        if bloc not in presented:
            continue
        if (i + len(name)) % 11 == 0:
            continue  # not evaluated yet: the proposal is to be established
        ws.cell(r, 1).value = num
        ws.cell(r, 3).value = datetime.datetime(2022, 10, 3 + i % 20) if i % 2 else "%02d/10/2022" % (3 + i % 20)
        ws.cell(r, 5).value = "Évaluatrice Fictive"
        ws.cell(r, 6).value = "Formateur"
        # Mostly Acquis, so that blocs are proposed validé and not.
        for k in levels:
            code = rng.choices(["A", "PA", "NA"], weights=[8, 1, 1])[0]
            ws.cell(r, k).value = spell(code)
        if errors and i % 6 == 1:
            k = levels[i % len(levels)]
            ref = "%s!%s%d" % (name, openpyxl.utils.get_column_letter(k), r)
            if i % 12 == 1:
                spoils.append((ws, r, k, ["Très bien", "B", "AA", "acquis partiellement", "Non-acquis"][i % 5]))
            else:
                spoils.append((ws, r, k, None))
                spoils.append((ws, r, k + len(levels), "commentaire sans niveau"))
            spoiled.append(ref)
            touched.add("%s/%s" % (num, bloc))
        r += 1

wb.save(sys.argv[2])
for ws, r, k, v in spoils:
    ws.cell(r, k).value = v
if errors:
    wb.save(sys.argv[3])
for x in spoiled:
    print(x)
for x in sorted(touched):
    print(x)
