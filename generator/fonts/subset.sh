#!/usr/bin/env bash
# Makes the fonts embedded in the PDFs from Liberation Sans 2.1 (Debian's
# fonts-liberation2, SIL Open Font License 1.1): the whole repertoire of the
# font (every character its cmap maps: Latin with Vietnamese and Romanian,
# Greek, Cyrillic, punctuation, symbols), without hinting instructions (a PDF
# viewer does not need them) and renamed "Certidoc Sans", since the licence
# reserves the name "Liberation" for unmodified fonts. Each PDF embeds only the
# glyphs it uses. Needs Debian's fonttools (python3-fonttools). Run it from
# this folder.
set -euo pipefail
src=/usr/share/fonts/truetype/liberation2
for style in Regular Bold; do
  /usr/bin/python3 -m fontTools.subset "$src/LiberationSans-$style.ttf" --unicodes='*' --no-hinting --desubroutinize \
    --name-IDs='*' --name-languages='*' --output-file="CertidocSans-$style.ttf"
  /usr/bin/python3 - "CertidocSans-$style.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
path = sys.argv[1]
font = TTFont(path)
for rec in font["name"].names:
    if rec.nameID in (0, 13, 14):  # copyright and licence stay as they are
        continue
    text = rec.toUnicode()
    renamed = text.replace("Liberation Sans", "Certidoc Sans").replace("LiberationSans", "CertidocSans")
    if renamed != text:
        rec.string = renamed
font.save(path)
PY
done
# The characters both fonts map, one hexadecimal code a line: fonts_test.go
# checks Covers against this list over the whole of Unicode.
/usr/bin/python3 - > testdata/repertoire.txt <<'PY'
from fontTools.ttLib import TTFont
both = set(TTFont("CertidocSans-Regular.ttf").getBestCmap()) & set(TTFont("CertidocSans-Bold.ttf").getBestCmap())
for c in sorted(both):
    if c >= 0x20 and not 0x7F <= c < 0xA0:
        print("%x" % c)
PY
