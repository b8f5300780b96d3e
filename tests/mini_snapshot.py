"""A synthetic snapshot of four square "municipalities" (codes 901-904) in the snapshot format.

Synthetic data lives only in tests. The squares sit in Jutland so that hospital coordinates
stay inside Denmark's bounding box; two regions, two kommunegrupper.
"""

from __future__ import annotations

import json
from pathlib import Path

SQUARES = {  # code: (name, region_code, region_name, group_code, group_name, lon0, lat0)
    901: ("Testby", 1082, "Region Test Nord", 2, "Storbykommuner", 9.0, 56.0),
    902: ("Prøvested", 1082, "Region Test Nord", 4, "Oplandskommuner", 9.2, 56.0),
    903: ("Eksempelø", 1083, "Region Test Syd", 4, "Oplandskommuner", 9.0, 55.8),
    904: ("Fjernkommune", 1083, "Region Test Syd", 5, "Landkommuner", 9.2, 55.8),
}
SIDE = 0.2  # degrees


def square(lon0: float, lat0: float) -> list:
    ring = [[lon0, lat0, -999.0], [lon0 + SIDE, lat0, -999.0], [lon0 + SIDE, lat0 + SIDE, -999.0],
            [lon0, lat0 + SIDE, -999.0], [lon0, lat0, -999.0]]
    return [ring]


def write_mini_snapshot(directory: Path) -> Path:
    (directory / "boundaries").mkdir(parents=True)
    lines = ["kommune_kode,name,region_code,region_name,kommunegruppe_code,kommunegruppe_name"]
    for code, (name, region, region_name, group, group_name, *_rest) in SQUARES.items():
        lines.append(f"{code},{name},{region},{region_name},{group},{group_name}")
    (directory / "municipalities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    observations = ["indicator,kommune_kode,period,value,source"]
    populations = {901: 60000, 902: 20000, 903: 5000, 904: 15000}
    for code, population in populations.items():
        observations.append(f"population,{code},2026,{population},dst_folk1a")
    life = {901: 81.0, 902: 80.0, 903: "", 904: 79.0}   # 903 suppressed: stays NULL
    for code, value in life.items():
        observations.append(f"life_expectancy,{code},2021-2025,{value},dst_hisbk")
    smoking = {2021: {901: 10.0, 902: 20.0, 903: 30.0, 904: 20.0},
               2025: {901: 8.0, 902: 16.0, 903: 24.0, 904: 16.0}}
    for year, values in smoking.items():
        for code, value in values.items():
            observations.append(f"daily_smoking_share,{code},{year},{value},sundhedsprofil")
    (directory / "observations.csv").write_text("\n".join(observations) + "\n", encoding="utf-8")

    (directory / "sources.csv").write_text(
        "source,publisher,table,title,url,licence\n"
        "dst_folk1a,Danmarks Statistik,FOLK1A,Befolkningen,https://www.statistikbanken.dk/FOLK1A,CC BY 4.0\n"
        "dst_hisbk,Danmarks Statistik,HISBK,Middellevetid,https://www.statistikbanken.dk/HISBK,CC BY 4.0\n"
        "sundhedsprofil,Sundhedsstyrelsen,Den Nationale Sundhedsprofil,Danskernes Sundhed,"
        "https://www.danskernessundhed.dk/,Gengivelse med kildeangivelse\n",
        encoding="utf-8",
    )
    (directory / "hospitals.csv").write_text(
        "name,region,town,kind,lat,lon,coord_confidence,coord_source,status_source\n"
        "Testby Sygehus,Test Nord,Testby,akutmodtagelse,56.1,9.1,high,synthetic,synthetic\n"
        "Testklinik,Test Syd,Eksempelø,akutklinik,55.9,9.1,low,synthetic,synthetic\n",
        encoding="utf-8",
    )
    features = [
        {"type": "Feature", "properties": {"KOMKODE": f"{code:04d}", "KOMNAVN": name},
         "geometry": {"type": "Polygon", "coordinates": square(lon0, lat0)}}
        for code, (name, _r, _rn, _g, _gn, lon0, lat0) in SQUARES.items()
    ]
    (directory / "boundaries" / "kommuner.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return directory
