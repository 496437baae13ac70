"""The territory dossier as a PDF (fpdf2): A4 pages in French, text that can be copied."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from data import textes
from data.dossier.content import Dossier
from data.formatting import fmt_datetime

#: DejaVu Sans (every French letter, the narrow no-break space): Debian's package
#: fonts-dejavu-core, or the copy bundled with matplotlib when it is installed.
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FAMILY = "DejaVu"
MAP_WIDTH, MAP_HEIGHT = 180.0, 105.0  # millimetres
OUTLINE = (40, 70, 120)
INNER = (175, 185, 200)
FILL = (232, 238, 246)
POINT = (200, 60, 40)


def font_folder() -> Path:
    """Folder holding the DejaVu Sans files, or a French error naming what to install."""
    folders = list(FONT_DIRS)
    try:
        import matplotlib  # noqa: PLC0415 - optional

        folders.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:
        pass
    for folder in folders:
        if all((folder / name).is_file() for name in FONT_FILES.values()):
            return folder
    raise RuntimeError(textes.DOSSIER_POLICE_ABSENTE.format(dossiers=", ".join(str(f) for f in folders)))


class _DossierPDF(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        folder = font_folder()
        for style, name in FONT_FILES.items():
            self.add_font(FAMILY, style, str(folder / name))
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(15, 15, 15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, f"{self.footer_text} — {textes.DOSSIER_PAGE.format(n=self.page_no())}", align="C")
        self.set_text_color(0, 0, 0)


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.will_page_break(30):  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 12.5)
    pdf.set_text_color(*OUTLINE)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, "", 9.5)


def _para(pdf: FPDF, text: str, size: float = 9.5, style: str = "", link: str | None = None) -> None:
    pdf.set_font(FAMILY, style, size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", link=link or "", align="L")


def _rings(geometry: Any) -> list[Any]:
    parts = getattr(geometry, "geoms", [geometry])
    return [part.exterior for part in parts if hasattr(part, "exterior")]


def draw_map(pdf: FPDF, dossier: Dossier) -> None:
    """The territory's outline, its subdivisions and its actions, drawn from the cached layers."""
    rings = [ring for g in dossier.outline for ring in _rings(g)]
    if not rings:
        _para(pdf, textes.DOSSIER_SANS_CARTE, style="I")
        return
    xs = [x for ring in rings for x, _y in ring.coords]
    ys = [y for ring in rings for _x, y in ring.coords]
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    shrink = math.cos(math.radians((south + north) / 2))  # equirectangular, true at the middle latitude
    width_deg = max((east - west) * shrink, 1e-6)
    height_deg = max(north - south, 1e-6)
    scale = min(MAP_WIDTH / width_deg, MAP_HEIGHT / height_deg)
    left = pdf.l_margin + (MAP_WIDTH - width_deg * scale) / 2
    top = pdf.get_y() + 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return left + (lon - west) * shrink * scale, top + (north - lat) * scale

    pdf.set_line_width(0.15)
    pdf.set_draw_color(*INNER)
    pdf.set_fill_color(*FILL)
    for ring in rings:
        pdf.polygon([project(x, y) for x, y in ring.coords], style="F")
    for geometry in dossier.inner:
        for ring in _rings(geometry):
            pdf.polygon([project(x, y) for x, y in ring.coords], style="D")
    pdf.set_line_width(0.45)
    pdf.set_draw_color(*OUTLINE)
    for ring in rings:
        pdf.polygon([project(x, y) for x, y in ring.coords], style="D")
    pdf.set_fill_color(*POINT)
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(0.2)
    for lon, lat in dossier.points:
        x, y = project(lon, lat)
        pdf.circle(x=x, y=y, radius=1.3, style="DF")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_y(top + height_deg * scale + 3)
    pdf.set_font(FAMILY, "I", 8)
    pdf.multi_cell(0, 4, textes.DOSSIER_LEGENDE_CARTE.format(n=len(dossier.points)), new_x="LMARGIN", new_y="NEXT")


def _indicators(pdf: FPDF, dossier: Dossier) -> None:
    _heading(pdf, textes.DOSSIER_INDICATEURS)
    if not dossier.indicators:
        _para(pdf, textes.DOSSIER_AUCUN_INDICATEUR, style="I")
        return
    headers = [textes.COL_INDICATEUR, dossier.territory.label]
    if dossier.parent_label:
        headers.append(dossier.parent_label)
    headers += [textes.FRANCE, textes.DOSSIER_SOURCE_MILLESIME]
    widths = (42, 34, 34, 27, 43) if dossier.parent_label else (60, 34, 30, 56)
    pdf.set_font(FAMILY, "", 8)
    heading_style = FontFace(emphasis="BOLD", fill_color=FILL)
    with pdf.table(col_widths=widths, headings_style=heading_style, line_height=4.2, text_align="LEFT") as table:
        table.row(headers)
        for line in dossier.indicators:
            cells = [line.libelle, line.valeur]
            if dossier.parent_label:
                cells.append(line.parent or textes.VALEUR_ABSENTE)
            cells += [line.france, textes.DOSSIER_SOURCE.format(source=line.source, millesime=line.millesime)]
            table.row(cells)


def _actions(pdf: FPDF, dossier: Dossier) -> None:
    _heading(pdf, textes.DOSSIER_ACTIONS.format(n=dossier.actions_total))
    if not dossier.actions:
        _para(pdf, textes.TERRITOIRE_AUCUNE_ACTION, style="I")
    for action in dossier.actions:
        if pdf.will_page_break(18):
            pdf.add_page()
        _para(pdf, action.titre, size=10, style="B")
        _para(pdf, textes.DOSSIER_ACTION_DETAIL.format(
            lieu=action.lieu, annees=action.annees, methodes=action.methodes, fiches=action.fiches), size=8.5)
        link = action.lien if action.lien.startswith("http") else None
        _para(pdf, textes.DOSSIER_ACTION_LIEN.format(lien=action.lien), size=8, link=link)
        for title, url in action.sources[:3]:
            _para(pdf, textes.DOSSIER_ACTION_SOURCE.format(titre=title, url=url), size=8, link=url)
        pdf.ln(1.5)
    if dossier.actions_total > len(dossier.actions):
        _para(pdf, textes.DOSSIER_ACTIONS_AUTRES.format(n=dossier.actions_total - len(dossier.actions)), style="I")


def _fiches(pdf: FPDF, dossier: Dossier) -> None:
    _heading(pdf, textes.TERRITOIRE_FICHES)
    _para(pdf, "\n".join(f"• {label}" for label in dossier.fiches_used) or "—")
    _heading(pdf, textes.TERRITOIRE_PISTES)
    _para(pdf, "\n".join(f"• {label}" for label in dossier.pistes) or "—")
    if dossier.pistes_to_complete:
        _para(pdf, textes.DOSSIER_PISTES_A_COMPLETER.format(n=dossier.pistes_to_complete), style="I")


def render_pdf(dossier: Dossier) -> bytes:
    """The dossier as PDF bytes."""
    when = fmt_datetime(dossier.generated_at)
    pdf = _DossierPDF(textes.DOSSIER_PIED.format(territoire=dossier.territory.label, date=when))
    pdf.set_title(textes.DOSSIER_TITRE.format(territoire=dossier.territory.label))
    pdf.set_author(textes.APP_TITLE)
    pdf.set_lang("fr")
    pdf.set_creator(textes.APP_TITLE)
    pdf.add_page()
    pdf.set_font(FAMILY, "", 9)
    pdf.set_text_color(110, 110, 110)
    pdf.cell(0, 5, textes.DOSSIER_SURTITRE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, "B", 20)
    pdf.multi_cell(0, 10, dossier.territory.label, new_x="LMARGIN", new_y="NEXT")
    _para(pdf, textes.DOSSIER_NIVEAU.format(niveau=dossier.level_label, code=dossier.territory.code), size=10)
    if dossier.parents:
        chain = " › ".join(f"{p.label} ({textes.NIVEAUX_LIBELLES.get(p.level, p.level).lower()})" for p in reversed(dossier.parents))
        _para(pdf, textes.DOSSIER_PARENTS.format(parents=chain), size=9.5)
    _para(pdf, textes.DOSSIER_GENERE.format(date=when), size=8, style="I")
    _heading(pdf, textes.DOSSIER_CARTE)
    draw_map(pdf, dossier)
    _indicators(pdf, dossier)
    _actions(pdf, dossier)
    _fiches(pdf, dossier)
    _heading(pdf, textes.DOSSIER_SOURCES_TITRE)
    _para(pdf, textes.DOSSIER_SOURCES, size=8)
    return bytes(pdf.output())


def write_dossier(atlas: Any, level: str, code: str, path: Path, base_url: str = "") -> Path:
    """Build the dossier of ``level:code`` and write it to ``path``."""
    from data.dossier.content import build_dossier

    data = render_pdf(build_dossier(atlas, level, code, base_url))
    path = Path(path)
    path.write_bytes(data)
    return path
