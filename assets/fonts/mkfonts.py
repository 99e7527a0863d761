#!/usr/bin/python3
"""Builds the TrueType faces Jiedao embeds, from Debian's font packages.

Fyne and gofpdf read only single-face TrueType (glyf) fonts, while Debian
ships Noto CJK as CFF collections. This script takes the Simplified Chinese
face out of each collection, keeps the characters an office document can
contain (Latin, punctuation, CJK symbols, all of the Unified Ideographs and
Extension A, full-width forms) and converts the outlines to quadratic
curves. Characters outside the Basic Multilingual Plane are printed from
HanaMinB, reduced here to CJK Extension B and beyond.

Run with Debian's python3 after `apt-get install python3-fonttools
fonts-noto-cjk fonts-hanazono`:  /usr/bin/python3 assets/fonts/mkfonts.py
"""
import os
import sys

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

NOTO = "/usr/share/fonts/opentype/noto/"
HANA = "/usr/share/fonts/truetype/hanazono/"
OUT = os.path.dirname(os.path.abspath(__file__))

BMP_RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x02C6, 0x02DD), (0x0391, 0x03C9),
    (0x0401, 0x0451), (0x2000, 0x206F), (0x20AC, 0x20AC), (0x2100, 0x218F),
    (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F),
    (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0x3040, 0x30FF),
    (0x3100, 0x312F), (0x3200, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
]
SUPP_RANGES = [(0x20000, 0x323AF)]


def unicodes(ranges):
    out = []
    for a, b in ranges:
        out.extend(range(a, b + 1))
    return out


def cff_to_glyf(font):
    """Replaces CFF outlines with TrueType quadratic outlines."""
    glyph_order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage",
                 "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                 "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def keep(font, codepoints, drop_layout=True):
    opts = subset.Options()
    opts.layout_features = [] if drop_layout else ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.hinting = False
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "DSIG"]
    s = subset.Subsetter(options=opts)
    s.populate(unicodes=codepoints)
    s.subset(font)


def build(src, index, out, ranges):
    print("building", out, file=sys.stderr)
    font = TTFont(src, fontNumber=index, lazy=False)
    keep(font, unicodes(ranges))
    if "CFF " in font:
        cff_to_glyf(font)
    font.save(os.path.join(OUT, out))


if __name__ == "__main__":
    which = sys.argv[1:] or ["sans", "sansbold", "serif", "serifbold", "ext"]
    if "sans" in which:
        build(NOTO + "NotoSansCJK-Regular.ttc", 2, "NotoSansSC-Regular.ttf", BMP_RANGES)
    if "sansbold" in which:
        build(NOTO + "NotoSansCJK-Bold.ttc", 2, "NotoSansSC-Bold.ttf", BMP_RANGES)
    if "serif" in which:
        build(NOTO + "NotoSerifCJK-Regular.ttc", 2, "NotoSerifSC-Regular.ttf", BMP_RANGES)
    if "serifbold" in which:
        # Document titles: a heavy Song face, as 小标宋 is in a 公文.
        build(NOTO + "NotoSerifCJK-Bold.ttc", 2, "NotoSerifSC-Bold.ttf", BMP_RANGES)
    if "ext" in which:
        build(HANA + "HanaMinB.ttf", None, "HanaMinB-Ext.ttf", SUPP_RANGES)
