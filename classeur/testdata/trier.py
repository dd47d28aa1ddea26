"""Does in LibreOffice what Lisez-moi allows, through UNO, on a filled
entry workbook: writes notes in a column right of Candidats' last title,
sorts the data rows of Candidats' notes aside, of an épreuve sheet and of
Décisions (descending, every column of the table), then saves as .xlsx.
The sheets stay protected: LibreOffice refuses what protection forbids.
Usage: trier.py UNO_CONNECTION IN.xlsx OUT.xlsx (the office already running)"""
import sys

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.table import TableSortField

import unobridge


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


connection, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
ctx, bridge = unobridge.connect(connection)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
sheets = doc.Sheets


def used_rows(sh):
    """Data rows holding a candidate number (from row 3)."""
    n = 0
    while sh.getCellByPosition(0, 2 + n).getString() != "":
        n += 1
    return n


def last_col(sh):
    c = 0
    while sh.getCellByPosition(c, 0).getString() != "":
        c += 1
    return c


def sort_desc(name):
    sh = sheets.getByName(name)
    assert sh.isProtected(), name + " should be protected"
    rows, cols = used_rows(sh), last_col(sh)
    rng = sh.getCellRangeByPosition(0, 2, cols - 1, 2 + rows - 1)
    field = TableSortField()
    field.Field, field.IsAscending = 0, False
    desc = rng.createSortDescriptor()
    for p in desc:
        if p.Name == "SortFields":
            p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
    rng.sort(desc)
    print("%s: %d rows × %d columns sorted" % (name, rows, cols))


# Notes on the right of Candidats: title and a note per candidate.
cand = sheets.getByName("Candidats")
c = last_col(cand) + 1  # leave one empty column
cand.getCellByPosition(c, 0).setString("Mes notes")
for r in range(used_rows(cand)):
    cand.getCellByPosition(c, 2 + r).setString("note %d" % r)
sort_desc("Bloc B – épreuve 1")
sort_desc("Décisions")
doc.calculateAll()
doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
doc.close(True)
unobridge.close(bridge)
