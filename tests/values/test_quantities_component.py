"""The `bulletin_quantities` component: report year and quantities as typed extensions."""

from __future__ import annotations

import pytest
import spacy

from pipeline.docext import ReportContext
from pipeline.nlp import default_config_path, load_config
from pipeline.paths import configs_dir
from pipeline.values import ReportYear
from pipeline.values.component import NotInitializedError, QuantityFinder


@pytest.fixture(scope="module")
def finder() -> QuantityFinder:
    comp = QuantityFinder("quantities")
    comp.initialize(settings_path=str(configs_dir() / "values.yaml"))
    return comp


def _doc(text: str, **ctx):
    doc = spacy.blank("zh").make_doc(text)
    doc._.report = ReportContext(**ctx)
    return doc


def test_reference_date_fixes_year_and_relative_dates(finder):
    doc = finder(_doc("昨日上午，民警抓获嫌疑人3名；次日凌晨2时又抓获1名。",
                      reference_date="2023-03-01", date_origin="sidecar"))
    assert doc._.report_year == 2023 and isinstance(doc._.report_year, ReportYear)
    dates = [(q.text, q.value) for q in doc._.quantities if q.kind == "date"]
    assert dates == [("昨日上午", "2023-02-28"), ("次日凌晨2时", "2023-03-01T02:00")]
    counts = [q.value for q in doc._.quantities if q.kind == "count"]
    assert counts == [3, 1]


def test_runner_year_is_kept_without_reference(finder):
    doc = finder(_doc("5月9日10时30分许，民警接到报警。", year=2021))
    assert doc._.report_year == 2021
    assert doc._.quantities[0].value == "2021-05-09T10:30"


def test_review_year_survives_the_reference(finder):
    doc = finder(_doc("全年破获案件20起。", year=ReportYear(2021, written=2022),
                      reference_date="2022-01-15"))
    year = doc._.report_year
    assert (int(year), year.written, year.stated) == (2021, 2022, True)


def test_needs_initialize():
    with pytest.raises(NotInitializedError):
        QuantityFinder("quantities")(_doc("3人"))


def test_pipeline_config_runs_quantities_before_events_with_initialize_settings():
    config = load_config(default_config_path())
    pipeline = config["nlp"]["pipeline"]
    assert pipeline.index("quantities") < pipeline.index("events")
    init = config["initialize"]["components"]
    assert init["quantities"]["settings_path"].endswith("configs/values.yaml")
    assert init["events"]["values_path"].endswith("configs/values.yaml")
