"""The country outlines drawn as a picture: where it lies in the world, how sharp, and what it shows."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from components.charts.basemap import (
    MAX_SIDE_PX,
    PX_PER_SCREEN_PX,
    Frame,
    basemap_png,
    close_up_frame,
    land_rows,
    latitude_at,
    mercator_y,
    whole_land_frame,
)

FILL, HOST, OUTLINE = [10, 20, 30, 40], [50, 60, 70, 80], [90, 90, 90, 255]


def _square(lon: float, lat: float, size: float, iso3: str) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Feature", "properties": {"iso3": iso3}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _picture(basemap: dict, frame: Frame, **kwargs) -> Image.Image:
    return Image.open(io.BytesIO(basemap_png(basemap, frame, FILL, **kwargs))).convert("RGBA")


def test_mercator_rows_put_the_equator_in_the_middle_and_invert():
    assert mercator_y(0.0) == pytest.approx(0.5)
    assert mercator_y(85.0511287798) == pytest.approx(0.0, abs=1e-9)
    for lat in (-60.0, -1.67, 17.0, 70.0):
        assert latitude_at(mercator_y(lat)) == pytest.approx(lat)


def test_a_close_up_covers_the_view_and_a_margin_and_stays_small():
    frame = close_up_frame(-1.67, 29.2, 4.0, (260, 300))
    west, east = frame.left * 360 - 180, frame.right * 360 - 180
    south, north = latitude_at(frame.bottom), latitude_at(frame.top)
    assert west < 29.2 - 5 and east > 29.2 + 5 and south < -1.67 - 5 and north > -1.67 + 5
    assert east - west < 60
    assert max(frame.width_px, frame.height_px) <= MAX_SIDE_PX
    # Three views wide, at two picture pixels per screen pixel.
    assert frame.width_px == 3 * 260 * PX_PER_SCREEN_PX


def test_the_picture_fills_hosts_and_others_and_draws_borders_only_when_asked():
    basemap = {"type": "FeatureCollection", "features": [_square(0, 0, 20, "HOST"), _square(40, 0, 20, "OTHER")]}
    frame = close_up_frame(10, 30, 2, (400, 300))
    plain = _picture(basemap, frame, highlighted={"HOST"}, highlight_fill=HOST)
    bordered = _picture(basemap, frame, highlighted={"HOST"}, highlight_fill=HOST, outline=OUTLINE)
    assert list(plain.getpixel(tuple(map(int, frame.pixel(10, 10))))) == HOST
    assert list(plain.getpixel(tuple(map(int, frame.pixel(50, 10))))) == FILL
    assert list(plain.getpixel(tuple(map(int, frame.pixel(30, 10)))))[3] == 0, "the sea stays clear"
    assert tuple(OUTLINE) not in {colour for _n, colour in plain.getcolors()}
    assert list(bordered.getpixel(tuple(map(int, frame.pixel(40, 10))))) == OUTLINE


def test_a_country_continued_past_180_degrees_is_also_drawn_at_the_west_edge():
    basemap = {"type": "FeatureCollection", "features": [_square(175, 60, 10, "RUS")]}
    frame = whole_land_frame(land_rows(basemap), 1024)
    picture = _picture(basemap, frame)
    assert list(picture.getpixel(tuple(map(int, frame.pixel(178, 65))))) == FILL
    assert list(picture.getpixel(tuple(map(int, frame.pixel(-178, 65))))) == FILL


def test_a_hole_shows_the_country_inside_it_not_the_one_around_it():
    around = _square(0, 0, 30, "ZAF")
    around["geometry"]["coordinates"].append([[10, 10], [20, 10], [20, 20], [10, 20], [10, 10]])
    inside = _square(10, 10, 10, "LSO")
    frame = close_up_frame(15, 15, 2, (400, 400))
    for features in ([inside, around], [around, inside]):
        picture = _picture(
            {"type": "FeatureCollection", "features": features}, frame, highlighted={"LSO"}, highlight_fill=HOST
        )
        assert list(picture.getpixel(tuple(map(int, frame.pixel(15, 15))))) == HOST
        assert list(picture.getpixel(tuple(map(int, frame.pixel(5, 5))))) == FILL
    hole_only = _picture({"type": "FeatureCollection", "features": [around]}, frame)
    assert list(hole_only.getpixel(tuple(map(int, frame.pixel(15, 15)))))[3] == 0


def test_distances_and_directions_between_two_points():
    from components.charts.basemap import compass_direction, distance_km

    # One degree of the equator is 2π × 6371.0088 km / 360 = 111.195 km.
    assert distance_km(0.0, 10.0, 0.0, 11.0) == pytest.approx(111.195, abs=0.001)
    assert compass_direction(0.0, 10.0, 0.0, 11.0) == "west", "the first point lies west of the second"
    assert compass_direction(1.0, 11.0, 0.0, 10.0) == "north-east"
    assert compass_direction(-0.4, 10.0, 0.0, 11.0) == "west-south-west"


def test_the_build_keeps_large_lakes_with_their_islands_and_simplifies_shores(tmp_path):
    import struct

    from tools.build_basemap import LAKES_SHAPEFILE, build_lakes, simplified

    def record(number: int, rings: list[list[tuple[float, float]]]) -> bytes:
        points = [p for ring in rings for p in ring]
        parts, start = [], 0
        for ring in rings:
            parts.append(start)
            start += len(ring)
        body = struct.pack("<i4d2i", 5, 0, 0, 0, 0, len(parts), len(points))
        body += struct.pack(f"<{len(parts)}i", *parts) + b"".join(struct.pack("<2d", *p) for p in points)
        return struct.pack(">2i", number, len(body) // 2) + body

    # Clockwise outer shores: a 1° square lake (about 12,400 km²) with a small island, and a 0.1° pond (124 km²).
    lake = [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)]
    island = [(0.4, 0.4), (0.6, 0.4), (0.6, 0.6), (0.4, 0.6), (0.4, 0.4)]
    pond = [(5, 5), (5, 5.1), (5.1, 5.1), (5.1, 5), (5, 5)]
    path = tmp_path / LAKES_SHAPEFILE
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\0" * 100 + record(1, [lake, island]) + record(2, [pond]))
    (feature,) = build_lakes(tmp_path)["features"]
    assert feature["properties"]["area_km2"] == pytest.approx(12391 - 496, rel=0.01)
    assert feature["geometry"]["coordinates"] == [[[list(p) for p in lake], [list(p) for p in island]]]
    assert simplified([[0, 0], [0.5, 0.001], [1, 0], [1, 1], [0, 0]], 0.005) == [[0, 0], [1, 0], [1, 1], [0, 0]]
