#!/usr/bin/env bash
# Makes the fonts embedded in the PDFs from Liberation Sans 2.1 (Debian's
# fonts-liberation2, SIL Open Font License 1.1): cut to the characters French
# documents use (Latin-1, Latin Extended-A, typographic punctuation, the
# no-break spaces, €), which makes every PDF smaller and faster to write, and
# renamed "Certidoc Sans", since the licence reserves the name "Liberation"
# for unmodified fonts. Needs Debian's fonttools. Run it from this folder.
set -euo pipefail
src=/usr/share/fonts/truetype/liberation2
chars="U+0020-007E,U+00A0-017F,U+0192,U+02C6,U+02C7,U+02D8-02DD,U+2009-200B,U+2010-2015,U+2018-201E,U+2020-2022,U+2026,U+202F,U+2030,U+2039,U+203A,U+20AC,U+2122,U+2212,U+25A1"
for style in Regular Bold; do
  pyftsubset "$src/LiberationSans-$style.ttf" --unicodes="$chars" --no-hinting --desubroutinize \
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
