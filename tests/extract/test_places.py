"""Gazetteer phenomena, each on short texts of our own."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml

from salvo.extract.places import EXTRA_ENV, Gazetteer, GazetteerError, PlaceMention

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "places.yaml"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def names(gaz: Gazetteer, text: str) -> list[str]:
    return [m.place.name for m in gaz.find(text)]


def only(gaz: Gazetteer, text: str) -> PlaceMention:
    found = gaz.find(text)
    assert len(found) == 1, [(m.text, m.place.name) for m in found]
    return found[0]


# ---------------------------------------------------------------- spelling variants

@pytest.mark.parametrize("text", [
    "Rockets hit Ain al-Asad overnight.", "Rockets hit Ain Al Asad overnight.",
    "Rockets hit Ayn al-Asad overnight.", "Rockets hit the al-Asad airbase overnight.",
    "Rockets hit AIN AL-ASAD overnight.", "Rockets hit Ain al-Assad overnight.",
    "Rockets hit Aïn al‐Asad overnight.", "Rockets hit Ain al Asad overnight.",
])
def test_hyphen_space_case_and_diacritic_variants_of_one_base(gaz: Gazetteer, text: str) -> None:
    assert only(gaz, text).place.name == "Ain al-Asad Air Base"


@pytest.mark.parametrize("suffix", ["base", "air base", "airbase", "military base", "Air Base"])
def test_base_suffixes_stay_in_the_mention(gaz: Gazetteer, suffix: str) -> None:
    m = only(gaz, f"Drones targeted the Harir {suffix} on Friday.")
    assert m.place.name == "Harir Air Base"
    assert m.text == f"Harir {suffix}"


def test_possessive_country_before_province(gaz: Gazetteer) -> None:
    found = gaz.find("A base in Iraq's Anbar province was shelled.")
    assert [(m.text, m.place.name) for m in found] == [
        ("Iraq", "Iraq"), ("Anbar province", "Anbar Governorate")]
    assert found[1].place.precision == "admin1" and found[1].place.admin1 == "Anbar"


def test_possessive_airport_names_the_airport(gaz: Gazetteer) -> None:
    assert only(gaz, "an explosion at Baghdad's airport").place.name == "Baghdad International Airport"
    assert only(gaz, "a drone at Erbil’s airport").place.name == "Erbil International Airport"


def test_possessive_before_a_generic_base_keeps_the_city(gaz: Gazetteer) -> None:
    m = only(gaz, "Kirkuk's base was quiet.")
    assert (m.text, m.place.name) == ("Kirkuk", "Kirkuk")


def test_offsets_point_into_the_original_text(gaz: Gazetteer) -> None:
    text = "“Şource” — rockets struck Deir Ezzor and İraq’s Mosul."
    for m in gaz.find(text):
        assert text[m.start:m.end] == m.text
    assert names(gaz, text) == ["Deir ez-Zor", "Iraq", "Mosul"]


# ---------------------------------------------------------------- ambiguity

@pytest.mark.parametrize("text", [
    "Syrian President Bashar al-Assad met the envoy.",
    "The Assad regime denied it.",
    "forces loyal to the al-Assad government",
    "the Assad government in Damascus",
])
def test_the_person_assad_is_not_the_airbase(gaz: Gazetteer, text: str) -> None:
    assert "Ain al-Asad Air Base" not in names(gaz, text)


def test_bare_al_asad_needs_base_context(gaz: Gazetteer) -> None:
    assert names(gaz, "Two rockets struck al-Asad, where coalition troops are based.") == [
        "Ain al-Asad Air Base"]
    assert names(gaz, "He praised al-Asad in a speech.") == []


def test_person_named_after_a_town_is_not_the_town(gaz: Gazetteer) -> None:
    assert names(gaz, "Abu Bakr al-Baghdadi was killed in 2019.") == []
    assert names(gaz, "the town of Khan al-Baghdadi") == ["Al-Baghdadi"]


def test_hit_the_verb_is_not_hit_the_town(gaz: Gazetteer) -> None:
    assert names(gaz, "Rockets hit the base. Rockets Hit Base In Iraq") == ["Iraq"]
    assert names(gaz, "Militants attacked a checkpoint near Hit.") == ["Hit"]
    assert names(gaz, "fighting in the Hit district") == ["Hit"]


def test_short_codes_need_their_exact_case(gaz: Gazetteer) -> None:
    assert names(gaz, "Rockets fell in the IZ and on K1.") == [
        "Green Zone (International Zone), Baghdad", "K-1 Air Base"]
    assert names(gaz, "it is what it iz, said k1 fans") == []


def test_embassy_without_iraq_context_is_not_the_baghdad_embassy(gaz: Gazetteer) -> None:
    assert names(gaz, "protesters gathered outside the US embassy in Paris") == []
    assert names(gaz, "rockets fell near the US embassy, Iraqi officials said") == ["US Embassy Baghdad"]


def test_generic_words_do_not_match_named_sites(gaz: Gazetteer) -> None:
    assert names(gaz, "a green village near the river and a green zone of parks") == []
    assert names(gaz, "a rocket hit the Green Village base") == ["Green Village"]


def test_tv_channel_al_mayadeen_is_not_the_town(gaz: Gazetteer) -> None:
    assert names(gaz, "Al Mayadeen TV reported the strike.") == []
    assert names(gaz, "according to Al-Mayadeen, the drones fell") == []
    assert names(gaz, "strikes on militia depots in al-Mayadeen") == ["Mayadin"]


def test_company_name_is_not_the_gas_field(gaz: Gazetteer) -> None:
    assert names(gaz, "ConocoPhillips shares rose") == []
    assert names(gaz, "a drone targeted the Conoco base") == ["Conoco gas field"]


def test_jordan_river_is_not_the_country(gaz: Gazetteer) -> None:
    assert names(gaz, "the Jordan River valley") == []
    assert names(gaz, "a drone attack in Jordan") == ["Jordan"]


# ---------------------------------------------------------------- qualifiers and provinces

@pytest.mark.parametrize("text, name, qualifier", [
    ("a base near Kirkuk", "Kirkuk", "near"),
    ("rockets landed close to Baghdad airport", "Baghdad International Airport", "near"),
    ("in western Anbar province", "Anbar Governorate", "western"),
    ("in eastern Syria", "Syria", "eastern"),
    ("in northeast Syria", "Syria", "northeastern"),
    ("in north-eastern Syria", "Syria", "northeastern"),
    ("on the outskirts of Mosul", "Mosul", "outside"),
    ("just outside Erbil", "Erbil", "outside"),
    ("about 20 km north of Baghdad", "Baghdad", "north of"),
    ("in central Syria", "Syria", "central"),
    ("in Baghdad", "Baghdad", None),
])
def test_qualifier_from_the_words_before(gaz: Gazetteer, text: str, name: str, qualifier: str) -> None:
    m = only(gaz, text)
    assert (m.place.name, m.qualifier) == (name, qualifier)


def test_direction_that_places_a_province_in_its_country_is_no_qualifier(gaz: Gazetteer) -> None:
    m = only(gaz, "in the southern governorate of Dhi Qar")
    assert (m.place.name, m.qualifier) == ("Dhi Qar Governorate", None)


@pytest.mark.parametrize("text", ["Kirkuk province", "the province of Kirkuk", "Kirkuk governorate"])
def test_city_name_with_province_word_is_the_governorate(gaz: Gazetteer, text: str) -> None:
    place = only(gaz, text).place
    assert (place.name, place.precision, place.admin1) == ("Kirkuk Governorate", "admin1", "Kirkuk")


def test_countryside_is_the_governorate(gaz: Gazetteer) -> None:
    assert names(gaz, "shelling in the Deir ez-Zor countryside") == ["Deir ez-Zor Governorate"]


def test_capital_descriptions_name_the_capital(gaz: Gazetteer) -> None:
    assert names(gaz, "a drone strike in the Iraqi capital") == ["Baghdad"]


# ---------------------------------------------------------------- coverage of facilities and names

@pytest.mark.parametrize("text, name", [
    ("rockets fell near the US embassy in Baghdad", "US Embassy Baghdad"),
    ("a rocket hit the U.S. Embassy compound in Baghdad", "US Embassy Baghdad"),
    ("sirens in the Green Zone", "Green Zone (International Zone), Baghdad"),
    ("a drone hit Erbil airport", "Erbil International Airport"),
    ("an attack on Erbil Air Base", "Erbil International Airport"),
    ("drones attacked Harir", "Harir Air Base"),
    ("a drone hit al-Tanf", "Al-Tanf Garrison"),
    ("three soldiers died at Tower 22", "Tower 22"),
    ("a rocket at Rumeilan", "Rumalyn Landing Zone (Abu Hajar airfield, Rmelan)"),
    ("a rocket at Rmelan", "Rumalyn Landing Zone (Abu Hajar airfield, Rmelan)"),
    ("shelling at the Conoco gas field", "Conoco gas field"),
    ("shelling at the al-Omar oil field", "Al-Omar oil field"),
    ("forces near the Omar oil fields", "Al-Omar oil field"),
    ("rockets hit Shaddadi", "Al-Shaddadi"),
    ("mortars at Mission Support Site Euphrates", "Mission Support Site Euphrates"),
    ("a drone at Victory base", "Victory Base Complex"),
    ("rockets at Baghdad International Airport", "Baghdad International Airport"),
    ("a rocket attack on K-1", "K-1 Air Base"),
    ("rockets at Balad air base", "Balad Air Base"),
    ("rockets at Camp Taji", "Camp Taji"),
    ("a strike near the Deir ez-Zor airport", "Deir ez-Zor Airport"),
])
def test_named_facilities(gaz: Gazetteer, text: str, name: str) -> None:
    assert names(gaz, text)[:1] == [name]


@pytest.mark.parametrize("spelling, admin1", [
    ("Anbar", "Anbar"), ("al-Anbar", "Anbar"), ("Saladin", "Salahuddin"), ("Salahuddin", "Salahuddin"),
    ("Salah al-Din", "Salahuddin"), ("Nineveh", "Nineveh"), ("Ninawa", "Nineveh"), ("Dhi Qar", "Dhi Qar"),
    ("Thi Qar", "Dhi Qar"), ("Diyala", "Diyala"), ("Babil", "Babil"), ("Basra province", "Basra"),
    ("Deir ez-Zor province", "Deir ez-Zor"), ("Deir Ezzor province", "Deir ez-Zor"),
    ("Deir al-Zor province", "Deir ez-Zor"), ("Hasakah province", "Hasakah"), ("Hasaka province", "Hasakah"),
    ("Wasit", "Wasit"), ("Rif Dimashq", "Rif Dimashq"), ("Mafraq Governorate", "Mafraq"),
])
def test_province_spellings(gaz: Gazetteer, spelling: str, admin1: str) -> None:
    place = only(gaz, f"a convoy was hit in {spelling} on Monday").place
    assert (place.precision, place.admin1) == ("admin1", admin1)


@pytest.mark.parametrize("spelling, name", [
    ("Baghdad", "Baghdad"), ("Erbil", "Erbil"), ("Arbil", "Erbil"), ("Irbil", "Erbil"),
    ("Kirkuk", "Kirkuk"), ("Mosul", "Mosul"), ("Basra", "Basra"), ("Fallujah", "Fallujah"),
    ("Ramadi", "Ramadi"), ("Qaim", "Al-Qaim"), ("Al-Qaim", "Al-Qaim"), ("Abu Kamal", "Abu Kamal"),
    ("Albu Kamal", "Abu Kamal"), ("Boukamal", "Abu Kamal"), ("Albukamal", "Abu Kamal"),
    ("Mayadin", "Mayadin"), ("Damascus", "Damascus"), ("Sinjar", "Sinjar"), ("Deir ez-Zor", "Deir ez-Zor"),
    ("Deir Ezzor", "Deir ez-Zor"), ("Deir al-Zor", "Deir ez-Zor"), ("Hasakah", "Al-Hasakah"),
    ("Hasaka", "Al-Hasakah"), ("Amman", "Amman"),
])
def test_city_spellings(gaz: Gazetteer, spelling: str, name: str) -> None:
    place = only(gaz, f"a strike in {spelling} on Monday").place
    assert place.name == name and place.precision == "city"


def test_mentions_are_sorted_and_do_not_overlap_longest_first(gaz: Gazetteer) -> None:
    found = gaz.find("Baghdad International Airport and Baghdad, then Erbil International Airport")
    assert [m.text for m in found] == ["Baghdad International Airport", "Baghdad",
                                       "Erbil International Airport"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


# ---------------------------------------------------------------- get()

def test_get_by_name_or_alias_ignoring_case_diacritics_hyphens(gaz: Gazetteer) -> None:
    base = gaz.get("Ain al-Asad Air Base")
    assert base is not None and base.lat == pytest.approx(33.7856)
    assert gaz.get("ayn al asad") is base
    assert gaz.get("AÏN-AL-ASAD") is base
    assert gaz.get("Baghdad (city)") is gaz.get("Baghdad")
    assert gaz.get("Anbar") is gaz.get("Anbar Governorate")
    assert gaz.get("Atlantis") is None


def test_countries_have_country_precision(gaz: Gazetteer) -> None:
    for name, code in (("Iraq", "IQ"), ("Syria", "SY"), ("Jordan", "JO")):
        place = gaz.get(name)
        assert place is not None and (place.country, place.precision, place.admin1) == (code, "country", None)


# ---------------------------------------------------------------- data file

def test_every_reference_place_is_kept_with_its_coordinates(gaz: Gazetteer) -> None:
    if not REFERENCE.is_file():
        pytest.skip("shared reference not beside the repository")
    for entry in yaml.safe_load(REFERENCE.read_text(encoding="utf-8")):
        place = gaz.get(entry["name"])
        assert place is not None, entry["name"]
        assert (place.lat, place.lon) == (entry.get("lat"), entry.get("lon")), entry["name"]
        assert place.country == entry["country"]


def test_all_governorates_of_the_three_countries_are_there(gaz: Gazetteer) -> None:
    admin1 = {(p.country, p.admin1) for p in gaz if p.precision == "admin1"}
    counts = {c: sum(1 for k, _ in admin1 if k == c) for c in ("IQ", "SY", "JO")}
    assert counts == {"IQ": 19, "SY": 14, "JO": 12}


def test_coordinates_added_without_a_source_are_flagged_approximate() -> None:
    data = Path(__file__).resolve().parents[2] / "src" / "salvo" / "data" / "gazetteer.yaml"
    for entry in yaml.safe_load(data.read_text(encoding="utf-8")):
        assert entry["precision"] in ("site", "city", "admin1", "country")
        if entry.get("lat") is not None and not entry.get("source"):
            assert entry.get("approximate") is True and entry.get("approximate_note"), entry["name"]


# ---------------------------------------------------------------- loading and extension

def test_extra_file_adds_aliases_overrides_and_new_places(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "- name: Tower 22\n  aliases: [Burj 22]\n  lat: 33.3\n"
        "- name: Camp Placeholder\n  kind: military_base\n  country: IQ\n  admin1: Anbar\n"
        "  lat: null\n  lon: null\n  aliases: [Placeholder camp]\n",
        encoding="utf-8")
    monkeypatch.setenv(EXTRA_ENV, str(extra))
    gaz = Gazetteer.default()
    assert gaz is Gazetteer.default()  # cached
    assert names(gaz, "a drone hit Burj 22 and the Placeholder camp") == ["Tower 22", "Camp Placeholder"]
    tower = gaz.get("Tower 22")
    assert tower is not None and tower.lat == 33.3 and tower.lon == pytest.approx(38.7033)
    assert gaz.get("Camp Placeholder") == gaz.get("placeholder camp")


def test_bad_entry_is_skipped_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: Nowhere\n  kind: town\n  country: Iraq\n"
                   "- name: Somewhere\n  kind: town\n  country: IQ\n", encoding="utf-8")
    gaz = Gazetteer.load(bad)
    assert gaz.get("Somewhere") is not None and gaz.get("Nowhere") is None
    assert len(gaz.errors) == 1 and f"{bad}:1:" in gaz.errors[0] and "country" in gaz.errors[0]


def test_unreadable_files_raise_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(GazetteerError, match="missing.yaml"):
        Gazetteer.load(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("- name: [unclosed\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"broken\.yaml:\d+: not valid YAML"):
        Gazetteer.load(broken)
    monkeypatch.setenv(EXTRA_ENV, str(broken))
    gaz = Gazetteer.default()  # a bad extra file is reported and skipped, the default still loads
    assert gaz.get("Baghdad") is not None and any("broken.yaml" in e for e in gaz.errors)


# ---------------------------------------------------------------- speed and dev gold


def test_gold_places_are_found_in_their_evidence(gold_rows: list[dict]) -> None:
    from salvo.extract.places import skeleton

    gaz = Gazetteer.default()
    found = total = 0
    for row in gold_rows:
        for inc in row["incidents"]:
            prec = inc.get("location_precision")
            if prec not in ("site", "city", "admin1"):
                continue
            mentions = [m.place for ev in inc.get("evidence", []) for m in gaz.find(ev)]
            total += 1
            found += any(
                skeleton(str(inc.get("place"))) == skeleton(p.name)
                or (prec == "admin1" and p.admin1 and skeleton(p.admin1) == skeleton(str(inc.get("admin1"))))
                or (isinstance(inc.get("lat"), float) and p.lat is not None and p.lon is not None
                    and math.dist((inc["lat"], inc["lon"]), (p.lat, p.lon)) < 0.25)
                for p in mentions)
    assert total and found / total >= 0.85, json.dumps({"found": found, "total": total})


def test_short_names_need_a_capital_but_headlines_in_capitals_pass(gaz: Gazetteer) -> None:
    assert names(gaz, "qaim and tanf") == []
    assert names(gaz, "BAGHDAD, IRAQ (AP) - drones hit Tanf near Qaim") == [
        "Baghdad", "Iraq", "Al-Tanf Garrison", "Al-Qaim"]


def test_kurdish_names_outside_iraq_are_not_the_kurdistan_region(gaz: Gazetteer) -> None:
    assert names(gaz, "the Kurdistan Workers' Party (PKK) and Iranian Kurdistan") == []
    assert names(gaz, "a drone hit a base in the Kurdistan Region") == ["Kurdistan Region"]


def test_the_outpost_named_after_the_rukban_camp_needs_a_base_beside_it(gaz: Gazetteer) -> None:
    assert names(gaz, "Drones targeted the US base in al-Rukban on Friday.") == ["Tower 22"]
    assert names(gaz, "Militias struck American bases in Al Rukban and elsewhere.") == ["Tower 22"]
    assert names(gaz, "Aid convoys reached the Rukban camp last winter.") == []


def test_the_green_village_by_its_arabic_name(gaz: Gazetteer) -> None:
    assert names(gaz, "Missiles hit the US base near the al-Khazra village in Syria.") == ["Green Village", "Syria"]
