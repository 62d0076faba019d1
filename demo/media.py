"""Files for the demo content, made in code: simple drawn PNG illustrations (Pillow) and a
one-page PDF report. Nothing is downloaded."""

import io
import textwrap

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1280, 720

PALETTES = {
    "dorp": {"sky": (214, 236, 245), "hill": (120, 170, 90), "house": (196, 98, 64)},
    "energie": {"sky": (250, 232, 180), "hill": (150, 185, 95), "house": (90, 110, 140)},
    "samen": {"sky": (238, 228, 245), "hill": (110, 160, 120), "house": (210, 150, 60)},
    "groen": {"sky": (225, 242, 225), "hill": (70, 140, 80), "house": (160, 90, 60)},
}


def _house(draw, x, base, width, height, colour):
    draw.rectangle([x, base - height, x + width, base], fill=colour)
    draw.polygon(
        [
            (x - 10, base - height),
            (x + width / 2, base - height - width * 0.6),
            (x + width + 10, base - height),
        ],
        fill=(80, 60, 60),
    )
    draw.rectangle(
        [x + width * 0.4, base - height * 0.45, x + width * 0.6, base], fill=(60, 45, 40)
    )


def _village(draw, palette, base):
    for i, x in enumerate(range(140, 1000, 190)):
        _house(draw, x, base, 110, 90 + (i % 3) * 20, palette["house"])
    # Church tower with spire.
    draw.rectangle([1040, base - 260, 1110, base], fill=(150, 140, 130))
    draw.polygon([(1030, base - 260), (1075, base - 380), (1120, base - 260)], fill=(80, 60, 60))


def _wind_turbine(draw, x, base):
    draw.rectangle([x - 6, base - 330, x + 6, base], fill=(245, 245, 245))
    hub = (x, base - 330)
    for dx, dy in [(0, -130), (115, 65), (-115, 65)]:
        draw.line([hub, (hub[0] + dx, hub[1] + dy)], fill=(245, 245, 245), width=12)
    draw.ellipse([x - 14, base - 344, x + 14, base - 316], fill=(220, 220, 220))


def _people_at_table(draw, base):
    draw.rectangle([360, base - 120, 920, base - 90], fill=(120, 80, 50))
    colours = [(200, 80, 80), (80, 120, 200), (230, 170, 60), (90, 160, 110), (150, 90, 170)]
    for i, x in enumerate(range(400, 900, 110)):
        colour = colours[i % len(colours)]
        draw.ellipse([x, base - 230, x + 60, base - 170], fill=(235, 200, 170))
        draw.rounded_rectangle([x - 10, base - 170, x + 70, base - 110], radius=20, fill=colour)


def _trees(draw, base):
    for x in range(120, 1200, 160):
        draw.rectangle([x + 30, base - 90, x + 45, base], fill=(100, 70, 40))
        draw.ellipse([x, base - 200, x + 80, base - 80], fill=(50, 120, 60))


def illustration_png(scene):
    """A simple drawn illustration for a scene ('dorp', 'energie', 'samen', 'groen')."""
    palette = PALETTES[scene]
    image = Image.new("RGB", (WIDTH, HEIGHT), palette["sky"])
    draw = ImageDraw.Draw(image)
    base = HEIGHT - 140
    draw.ellipse([980, 60, 1140, 220], fill=(250, 200, 60))  # sun
    draw.ellipse([-200, base - 80, WIDTH + 200, HEIGHT + 300], fill=palette["hill"])
    if scene == "dorp":
        _village(draw, palette, base)
    elif scene == "energie":
        _wind_turbine(draw, 240, base)
        _wind_turbine(draw, 520, base - 20)
        for x in range(700, 1180, 160):
            _house(draw, x, base, 110, 100, palette["house"])
            draw.polygon(
                [
                    (x + 5, base - 105),
                    (x + 55, base - 160),
                    (x + 60, base - 150),
                    (x + 12, base - 98),
                ],
                fill=(40, 60, 110),
            )  # solar panels on the roof
    elif scene == "samen":
        _people_at_table(draw, base)
    elif scene == "groen":
        _trees(draw, base)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _pdf_text(value):
    escaped = value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def simple_pdf(title, paragraphs):
    """A valid one-page A4 PDF with a title and wrapped paragraphs (Helvetica, WinAnsi)."""
    lines = [b"BT /F2 18 Tf 56 780 Td (" + _pdf_text(title) + b") Tj ET"]
    y = 745
    for paragraph in paragraphs:
        for line in textwrap.wrap(paragraph, 92) or [""]:
            lines.append(b"BT /F1 11 Tf 56 %d Td (" % y + _pdf_text(line) + b") Tj ET")
            y -= 15
        y -= 8
    content = b"\n".join(lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return output.getvalue()
