"""A province view of Canada and Korea that needs no map: one tile per province, placed
roughly where it lies (a tile-grid cartogram), drawn as SVG in the page. Positions are
layout, not data: (column, row) and a short label."""

from __future__ import annotations

from collections import Counter

TILES = {
    "Canada": {
        "Yukon": (0, 0, "YT"), "Northwest Territories": (1, 0, "NT"),
        "Nunavut": (2, 0, "NU"), "Newfoundland and Labrador": (6, 0, "NL"),
        "British Columbia": (0, 1, "BC"), "Alberta": (1, 1, "AB"),
        "Saskatchewan": (2, 1, "SK"), "Manitoba": (3, 1, "MB"), "Ontario": (4, 1, "ON"),
        "Quebec": (5, 1, "QC"), "Prince Edward Island": (6, 1, "PE"),
        "New Brunswick": (5, 2, "NB"), "Nova Scotia": (6, 2, "NS"),
    },
    "South Korea": {
        "Incheon": (0, 0, "Incheon"), "Seoul": (1, 0, "Seoul"),
        "Gyeonggi": (2, 0, "Gyeonggi"), "Gangwon": (3, 0, "Gangwon"),
        "South Chungcheong": (0, 1, "Chungnam"), "Sejong": (1, 1, "Sejong"),
        "North Chungcheong": (2, 1, "Chungbuk"), "North Gyeongsang": (3, 1, "Gyeongbuk"),
        "North Jeolla": (0, 2, "Jeonbuk"), "Daejeon": (1, 2, "Daejeon"),
        "Daegu": (2, 2, "Daegu"), "Ulsan": (3, 2, "Ulsan"),
        "Gwangju": (0, 3, "Gwangju"), "South Jeolla": (1, 3, "Jeonnam"),
        "South Gyeongsang": (2, 3, "Gyeongnam"), "Busan": (3, 3, "Busan"),
        "Jeju": (0, 4, "Jeju"),
    },
}


def province_view(facilities) -> list[dict]:
    """For each country of :data:`TILES`: its tiles with the number of ``facilities`` (a
    table with ``country`` and ``province``) in each. A facility spanning two provinces
    (``A / B``) counts in both.

    >>> import pandas as pd
    >>> rows = pd.DataFrame({"country": ["Canada", "Canada", "South Korea"],
    ...                      "province": ["Quebec", "Quebec", "Ulsan / Busan"]})
    >>> [(t["label"], t["count"]) for t in province_view(rows)[1]["tiles"] if t["count"]]
    [('Ulsan', 1), ('Busan', 1)]
    """
    views = []
    for country, tiles in TILES.items():
        counts = Counter(part.strip() for value in facilities.province[
            facilities.country == country].dropna() for part in str(value).split("/"))
        most = max(counts.values(), default=0)
        views.append({"country": country, "most": most,
                      "columns": 1 + max(c for c, _, _ in tiles.values()),
                      "rows": 1 + max(r for _, r, _ in tiles.values()),
                      "tiles": [{"province": name, "column": c, "row": r, "label": label,
                                 "count": counts.get(name, 0)}
                                for name, (c, r, label) in tiles.items()]})
    return views
