"""Fills a blank certidoc entry workbook the way a secrétariat would, with
openpyxl: typed dates, one candidate presenting bloc D, the levels of both
épreuves, the jury's decision. Usage: remplir.py VIERGE.xlsx REMPLI.xlsx"""
import datetime
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])

s = wb["Session"]
values = {
    "Identifiant de la session": "CISP-2027-01",
    "Première épreuve": datetime.datetime(2027, 3, 1),
    "Dernière épreuve": datetime.datetime(2027, 3, 12),
    "Date de la délibération": datetime.datetime(2027, 3, 19),
    "Heure de la délibération (HH:MM)": "09:30",
    "Lieu de la délibération": "Salle des fêtes, 1 place de l’Exemple, 38000 Grenoble",
    "Certificateur – raison sociale": "CENTRE RESSOURCES AROBASE",
    "Certificateur – ville": "Grenoble",
    "Certificateur – voie de recours (facultative)": "Recours écrit au président du jury : 1 place de l’Exemple, 38000 Grenoble ; sous un mois.",
    "Signataire des parchemins – nom": "Paul Exemple",
    "Signataire des parchemins – qualité": "Directeur",
}
for row in s.iter_rows(min_row=2):
    label = row[0].value
    if label in values:
        row[1].value = values.pop(label)
assert not values, values

j = wb["Jury"]
j.append(["Mme", "Présidente-Exemple", "Lucie", "président", "Association Exemple", "Oui", "Oui"])
j.append(["M.", "Membre-Exemple", "Marc", "membre", "Entreprise Exemple", "Oui", "Oui"])

c = wb["Candidats"]
head = [cell.value for cell in c[1]]
row = {h: None for h in head}
row.update({
    "Numéro": "2027-001", "Civilité": "Mme", "Nom de naissance": "Exemple-Fictif",
    "Prénoms": "Zoé", "Sexe": "F", "Date de naissance": datetime.datetime(1990, 5, 17),
    "Commune de naissance": "Grenoble", "Code INSEE de la commune": "38185",
    "Voie d’accès": "Formation continue", "Bloc D présenté": "Oui",
})
c.append([row[h] for h in head])

def first_free(ws):
    """The first data row whose number cell is empty: the épreuve sheets
    hold name formulas on every row, so append() would write past them."""
    r = 3
    while ws.cell(r, 1).value not in (None, ""):
        r += 1
    return r


for name in ("Bloc D – épreuve 1", "Bloc D – épreuve 2"):
    ws = wb[name]
    head = [cell.value for cell in ws[1]]
    row = {h: None for h in head}
    row.update({"Numéro du candidat": "2027-001", "Date": datetime.datetime(2027, 3, 5),
                "Évaluateur 1 – nom": "Paul Formateur", "Évaluateur 1 – rôle": "Formateur"})
    for h in head:
        if h and h.startswith("Niveau "):
            row[h] = "A"
    r = first_free(ws)
    for col, h in enumerate(head, 1):
        if row[h] is not None:
            ws.cell(r, col).value = row[h]

d = wb["Décisions"]
d["A3"], d["C3"], d["E3"] = "2027-001", "D", "validé"

wb.save(sys.argv[2])
