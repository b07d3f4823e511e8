"""A small, made-up data set for tests, screenshots and trying the dashboard.

Every text here is written for Salvo (no outlet's reporting is copied). One
article carries markup on purpose, to show that article text renders as text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from salvo.model import Article, ExtractionResult, Incident

HOSTILE_TEXT_MARKERS = ("<script>", "onerror=")


def _inc(sentence: str, **kw: Any) -> Incident:
    kw.setdefault("date_precision", "day")
    kw.setdefault("location_precision", "site")
    return Incident(evidence=[sentence], **kw)


def _report(aid: str, text: str, url: str, *, incident: Incident, **article: Any) -> ExtractionResult:
    """One article of the demo set with the one incident it reports."""
    return ExtractionResult(Article(id=aid, text=text, url=url, **article), [incident])


def demo_results() -> list[ExtractionResult]:
    """Seven articles, eight reports, seven incidents (two reports disagree on a toll)."""
    d = dt.date
    out: list[ExtractionResult] = []

    s1 = "A one-way drone struck the Tower 22 outpost on Sunday, killing three soldiers and wounding 34."
    t1 = f"Desert outpost hit.\n\n{s1} The Islamic Resistance in Iraq said it carried out the attack.\n"
    out.append(
        _report(
            "demo-1",
            t1,
            "https://example.org/demo/1",
            title="Drone hits desert outpost",
            outlet="Demo Wire",
            published=d(2024, 1, 29),
            incident=_inc(
                s1,
                category="attack",
                date=d(2024, 1, 28),
                weapons=["drone"],
                place="Tower 22",
                admin1="Mafraq",
                country="JO",
                lat=33.32,
                lon=38.69,
                perpetrator="Islamic Resistance in Iraq",
                attribution="claimed",
                killed=3,
                injured=34,
                target="Tower 22",
            ),
        )
    )
    s2 = "Officials now say more than 40 troops were hurt in the drone attack on Tower 22 on January 28."
    t2 = f"Toll rises.\n\n{s2} Three soldiers were killed.\n"
    out.append(
        _report(
            "demo-2",
            t2,
            "https://example.org/demo/2",
            title="Injury toll rises after outpost attack",
            outlet="Sample Daily",
            published=d(2024, 2, 3),
            incident=_inc(
                s2,
                category="attack",
                date=d(2024, 1, 28),
                weapons=["drone"],
                place="Tower 22",
                admin1="Mafraq",
                country="JO",
                lat=33.32,
                lon=38.69,
                perpetrator="Islamic Resistance in Iraq",
                attribution="accused",
                killed=3,
                injured=40,
                target="Tower 22",
            ),
        )
    )
    s3 = "US aircraft struck militia command sites near Al-Qaim on Friday, the Pentagon said."
    t3 = f"Retaliation.\n\n{s3}\n"
    out.append(
        _report(
            "demo-3",
            t3,
            "https://example.org/demo/3",
            title="US strikes near the border",
            outlet="Demo Wire",
            published=d(2024, 2, 3),
            incident=_inc(
                s3,
                category="strike",
                date=d(2024, 2, 2),
                weapons=["airstrike"],
                place="Al-Qaim",
                admin1="Anbar",
                country="IQ",
                lat=34.38,
                lon=41.09,
                perpetrator="United States",
                attribution="claimed",
            ),
        )
    )
    s4 = "Two rockets and a drone targeted Ain al-Asad air base on Wednesday, causing no casualties."
    t4 = f"Base targeted.\n\n{s4} No group claimed it.\n"
    out.append(
        _report(
            "demo-4",
            t4,
            "https://example.org/demo/4",
            title="Rockets and drone target air base",
            outlet="Test Gazette",
            published=d(2023, 10, 19),
            incident=_inc(
                s4,
                category="attack",
                date=d(2023, 10, 18),
                weapons=["drone", "rocket"],
                place="Ain al-Asad",
                admin1="Anbar",
                country="IQ",
                lat=33.80,
                lon=42.44,
                projectiles=3,
                killed=0,
                injured=0,
            ),
        )
    )
    s5 = "Rockets landed near the Green Village base in eastern Syria on Sunday."
    t5 = f"Syria.\n\n{s5} Analysts believe Kata'ib Hezbollah was behind it.\n"
    out.append(
        _report(
            "demo-5",
            t5,
            "https://example.org/demo/5",
            title="Rockets near Syrian base",
            outlet="Sample Daily",
            published=d(2023, 11, 6),
            incident=_inc(
                s5,
                category="attack",
                date=d(2023, 11, 5),
                weapons=["rocket"],
                place="Green Village",
                admin1="Deir ez-Zor",
                country="SY",
                lat=35.07,
                lon=40.63,
                perpetrator="Kata'ib Hezbollah",
                attribution="suspected",
            ),
        )
    )
    s6 = "A mortar round hit Harir base on Sunday and wounded one contractor."
    t6 = (
        "Mortar fire <script>window.__pwned = 1</script> at Harir.\n\n"
        f'{s6} A reader\'s comment pasted here said <img src=x onerror="window.__pwned = 2"> and '
        '<a href="javascript:alert(1)">click</a>.\n'
    )
    out.append(
        _report(
            "demo-6",
            t6,
            "javascript:alert(3)",
            title="Mortar <b>fire</b> at Harir",
            outlet="Test Gazette",
            published=d(2024, 3, 11),
            incident=_inc(
                s6,
                category="attack",
                date=d(2024, 3, 10),
                weapons=["mortar"],
                place="Harir",
                admin1="Erbil",
                country="IQ",
                lat=36.55,
                lon=44.33,
                injured=1,
                target="Harir base",
            ),
        )
    )
    s7 = "A US drone strike on a car in eastern Baghdad on Wednesday killed two militia commanders."
    t7 = f"Baghdad.\n\n{s7} The US military confirmed the strike.\n"
    out.append(
        _report(
            "demo-7",
            t7,
            "https://example.org/demo/7",
            title="Strike in Baghdad",
            outlet="Demo Wire",
            published=d(2024, 2, 8),
            incident=_inc(
                s7,
                category="strike",
                date=d(2024, 2, 7),
                weapons=["airstrike"],
                place="Baghdad",
                admin1="Baghdad",
                country="IQ",
                lat=33.34,
                lon=44.45,
                location_precision="city",
                perpetrator="United States",
                attribution="claimed",
                killed=2,
            ),
        )
    )
    return out
