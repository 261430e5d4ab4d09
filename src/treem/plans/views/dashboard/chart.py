"""A stacked bar chart drawn with Pillow for the Word summary: per indicator, how many units
are at each progress status. DejaVu Serif carries the Vietnamese letters."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from treem.plans.domain.progress import Status
from treem.registry.exports.documents import FONTS

RGB = {
    Status.ACHIEVED: (25, 135, 84),
    Status.ON_TRACK: (13, 110, 253),
    Status.AT_RISK: (255, 193, 7),
    Status.OFF_TRACK: (220, 53, 69),
    Status.NO_DATA: (173, 181, 189),
}
DARK_TEXT = {Status.AT_RISK, Status.NO_DATA}
WIDTH = 1600
LABEL_WIDTH = 620
BAR_HEIGHT = 34
ROW_HEIGHT = 50
TOP = 70
LEGEND_HEIGHT = 90
RIGHT = 40

Bar = tuple[str, Sequence[tuple[Status, int]]]


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    text = _nfc(text)
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def status_chart_png(bars: Sequence[Bar], *, axis_label: str, title: str = "") -> bytes:
    """One horizontal bar per (label, counts by status), stacked, with a legend below; the
    title is drawn only when given (a document's caption usually names the chart)."""
    top = TOP if title else 20
    height = top + ROW_HEIGHT * max(len(bars), 1) + LEGEND_HEIGHT
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    label_font, small, heading = _font(24), _font(20), _font(28, bold=True)
    if title:
        draw.text((20, 18), _fit(draw, title, heading, WIDTH - 40), fill="black", font=heading)
    plot_left, plot_right = LABEL_WIDTH + 20, WIDTH - RIGHT
    span = plot_right - plot_left
    largest = max([sum(n for _, n in counts) for _, counts in bars] or [1]) or 1
    for index, (label, counts) in enumerate(bars):
        bar_top = top + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        centre = bar_top + BAR_HEIGHT // 2
        text = _fit(draw, label, label_font, LABEL_WIDTH - 10)
        draw.text((20, centre), text, fill="black", font=label_font, anchor="lm")
        x = float(plot_left)
        for status, count in counts:
            if not count:
                continue
            width = span * count / largest
            draw.rectangle([x, bar_top, x + width - 1, bar_top + BAR_HEIGHT], fill=RGB[status])
            shown = str(count)
            if draw.textlength(shown, font=small) + 8 < width:
                colour = "black" if status in DARK_TEXT else "white"
                draw.text((x + width / 2, centre), shown, fill=colour, font=small, anchor="mm")
            x += width
    axis_y = top + ROW_HEIGHT * max(len(bars), 1)
    draw.line([(plot_left, top - 6), (plot_left, axis_y)], fill=(80, 80, 80), width=2)
    draw.text(
        (plot_right, axis_y + 6), _nfc(axis_label), fill=(80, 80, 80), font=small, anchor="ra"
    )
    x, y = 20, axis_y + 46
    for status in RGB:
        draw.rectangle([x, y, x + 26, y + 26], fill=RGB[status])
        label = _nfc(str(status.label))
        draw.text((x + 34, y + 13), label, fill="black", font=small, anchor="lm")
        x += 34 + int(draw.textlength(label, font=small)) + 36
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
