"""The early-warning back-test's figures from two hand-made builds."""

from __future__ import annotations

import pytest

from expectations.products.backtest import score


def test_backtest_scores_the_pace_forecast_against_the_actual_third_year():
    # by year 2 -> by year 3 (hours, class); predicted year 3 = hours by year 2 / 2
    before = {"a": (160.0, "on_track"), "b": (100.0, "at_risk"), "c": (40.0, "at_risk")}
    after = {"a": (240.0, "on_track"), "b": (190.0, "on_track"), "c": (60.0, "cannot_finish")}
    result = score(before, after, guideline=72.0)
    # predicted 80, 50, 20; actual 80, 90, 20 -> errors 0, -40, 0
    assert result["points"] == [(80.0, 80.0), (50.0, 90.0), (20.0, 20.0)]
    assert result["mae_hours"] == pytest.approx(40 / 3)
    assert result["bias_hours"] == pytest.approx(-40 / 3)
    # shortfall (< 72): predicted b, c; actual c -> 2 of 3 right, precision 1/2, recall 1
    assert result["shortfall_accuracy"] == pytest.approx(2 / 3)
    assert result["shortfall_precision"] == 0.5
    assert result["shortfall_recall"] == 1.0
    assert result["class_agreement"] == pytest.approx(1 / 3)
    assert result["class_transitions"] == {
        "at_risk -> cannot_finish": 1, "at_risk -> on_track": 1, "on_track -> on_track": 1,
    }  # fmt: skip
