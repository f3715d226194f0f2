"""Marker icons drawn here, as PNG, in the interactive map's visual language.

Shape says what happened (the map's legend: square captured, triangle advancing, diamond
fighting, ringed circle encircled, star strike, downward triangle evacuation, shield held,
hexagon threatened, white ring diplomacy, small dot mention); colour says whose claim it is
(the claimant's side); the fill says how far it is verified: solid for confirmed, assessed and
reported, half-transparent for claimed, hollow for unverified and disputed.

No image library and no download: the map's 32x32 outlines, supersampled with shapely and
numpy, written as PNG with :mod:`zlib`.
"""
from __future__ import annotations

import math
import struct
import zlib

import numpy as np
import shapely

#: Claimant side -> RGB (the map's colours).  ``None``: no claimant side.
SIDE_RGB: dict[str | None, tuple[int, int, int]] = {
    "russia": (198, 40, 40), "ukraine": (21, 101, 192), "independent": (106, 27, 154),
    None: (97, 97, 97),
}
#: Verification status -> look.
STATUS_LOOK = {"confirmed": "solid", "assessed": "solid", "reported": "solid",
               "claimed": "faded", "unverified": "hollow", "disputed": "hollow"}
LOOKS = ("solid", "faded", "hollow")


def _star(cx: float, cy: float, r1: float, r2: float, n: int) -> list[tuple[float, float]]:
    pts = []
    for i in range(2 * n):
        r, a = (r2 if i % 2 else r1), math.pi * i / n - math.pi / 2
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def _circle(cx: float, cy: float, r: float, n: int = 40) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n))
            for i in range(n)]


def _shield() -> list[tuple[float, float]]:
    pts = [(4, 8), (24, 8), (24, 17)]
    for i in range(1, 9):  # quadratic curves 24,17 -> 14,30 -> 4,17 (control points 24,26 / 4,26)
        t = i / 8
        pts.append(((1 - t) ** 2 * 24 + 2 * (1 - t) * t * 24 + t * t * 14,
                    (1 - t) ** 2 * 17 + 2 * (1 - t) * t * 26 + t * t * 30))
    for i in range(1, 9):
        t = i / 8
        pts.append(((1 - t) ** 2 * 14 + 2 * (1 - t) * t * 4 + t * t * 4,
                    (1 - t) ** 2 * 30 + 2 * (1 - t) * t * 26 + t * t * 17))
    return pts


#: Event -> outline in a 32x32 box (the map's SVG coordinates).
SHAPES: dict[str, list[tuple[float, float]]] = {
    "captured": [(5, 9), (23, 9), (23, 27), (5, 27)],
    "advancing": [(14, 6), (25.5, 27), (2.5, 27)],
    "fighting": [(14, 6), (26, 18), (14, 30), (2, 18)],
    "encircled": _circle(14, 18, 10),
    "strike": _star(14, 18, 12, 5.5, 8),
    "evacuation": [(2.5, 9), (25.5, 9), (14, 30)],
    "held": _shield(),
    "threatened": [(8.5, 8.5), (19.5, 8.5), (25, 18), (19.5, 27.5), (8.5, 27.5), (3, 18)],
    "diplomacy": _circle(14, 18, 8),
    "mention": _circle(14, 18, 6.5),
}


def _png(width: int, height: int, rgba: bytearray) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgba[y * width * 4:(y + 1) * width * 4]) for y in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def icon_png(event: str, side: str | None, look: str, px: int = 32) -> bytes:
    """The PNG of one (event, side, look) marker, ``px`` pixels square."""
    return _png(px, px, bytearray(icon_rgba(event, side, look, px).tobytes()))


def icon_rgba(event: str, side: str | None, look: str, px: int = 32) -> np.ndarray:
    """The (px, px, 4) uint8 RGBA pixels of one marker."""
    poly = SHAPES.get(event, SHAPES["mention"])
    rgb = SIDE_RGB.get(side, SIDE_RGB[None])
    white = (255, 255, 255)
    hollow = look == "hollow"
    if event == "diplomacy":
        fill, fill_a, stroke, width = white, 1.0, rgb, 3.5
    elif hollow:
        fill, fill_a, stroke, width = white, 0.9, rgb, 2.6
    elif look == "faded":
        fill, fill_a, stroke, width = rgb, 0.55, rgb, 2.0
    else:
        fill, fill_a, stroke, width = rgb, 1.0, white, 2.0
    inner = _circle(14, 18, 4) if event == "encircled" else None
    n = 3  # 3x3 samples per pixel
    # sample points in the map's SVG coordinates: its outlines centre on (14, 18), the icon
    # centres them on (16, 16)
    g = (np.arange(px * n) + 0.5) / n * (32 / px)
    xs, ys = np.meshgrid(g - 2, g + 2)
    xs, ys = xs.ravel(), ys.ravel()
    shape = shapely.Polygon(poly)
    inside = shapely.contains_xy(shape, xs, ys)
    edge = shapely.distance(shape.exterior, shapely.points(xs, ys)) <= width / 2
    if hollow:  # dashed outline: two dashes in three
        edge &= (((np.arctan2(ys - 18, xs - 14) + np.pi) / (2 * np.pi) * 14).astype(int) % 3) != 2
    rgbf = np.zeros((xs.size, 3))
    alpha = np.zeros(xs.size)
    rgbf[inside], alpha[inside] = fill, fill_a
    if inner is not None:
        core = shapely.contains_xy(shapely.Polygon(inner), xs, ys)
        rgbf[core], alpha[core] = (rgb if hollow else white), 1.0
    rgbf[edge], alpha[edge] = stroke, 1.0
    # average the samples of each pixel (colour weighted by alpha)
    w = alpha.reshape(px, n, px, n)
    c = (rgbf * alpha[:, None]).reshape(px, n, px, n, 3)
    a_sum = w.sum(axis=(1, 3))
    col = c.sum(axis=(1, 3)) / np.maximum(a_sum, 1e-9)[..., None]
    rgba = np.dstack([np.round(col), np.round(255 * a_sum / (n * n))]).clip(0, 255)
    return rgba.astype(np.uint8)
