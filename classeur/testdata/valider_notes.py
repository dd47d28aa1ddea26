"""Types marks in a mark cell of a certidoc workbook with LibreOffice
(python3-uno) and prints, one a line, whether LibreOffice's validation of
the cell finds each invalid, as « Données > Validité > Marquer les données
incorrectes » does. Usage: valider_notes.py UNO_CONNECTION CLASSEUR.xlsx
FEUILLE CELLULE VALEUR… (the office already running) where a VALEUR
"n:12.5" is typed as a number and "t:12,5" as a text. Prints "n:12.5
valide" or "n:12.3 invalide"."""
import os
import sys

import uno
from com.sun.star.beans import PropertyValue

import unobridge


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


connection, path, sheet, ref = sys.argv[1:5]
ctx, bridge = unobridge.connect(connection)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, (prop("Hidden", True),))
try:
    ws = doc.Sheets.getByName(sheet)
    c = ws.getCellRangeByName(ref)
    for v in sys.argv[5:]:
        kind, value = v.split(":", 1)
        if kind == "n":
            c.setValue(float(value))
        else:
            c.setString(value)
        ws.clearArrows()
        print(v, "invalide" if ws.showInvalid() else "valide")
finally:
    doc.close(True)
    unobridge.close(bridge)
