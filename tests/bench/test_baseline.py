"""The baseline is Rasa's default recipe plus the project's extractors, content-hashed (pure)."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.baseline import baseline_config, model_hash, rasa_default_config, training_inputs
from tests.servers import ROOT


def project_config() -> dict:
    return yaml.safe_load((ROOT / "config.yml").read_text())


def test_baseline_is_rasas_default_recipe_with_the_custom_components_where_the_project_has_them() -> None:
    default = rasa_default_config()
    config = baseline_config(project_config(), default)
    names = [c["name"] for c in config["pipeline"]]
    custom = [n for n in names if n.startswith("senco_nlu.")]
    assert custom == ["senco_nlu.components.SencoReader", "senco_nlu.components.QuestionRouter"]
    assert names.index(custom[0]) == names.index("DIETClassifier") + 1
    assert names.index(custom[1]) == names.index("ResponseSelector") + 1
    assert names.index(custom[1]) < names.index("FallbackClassifier")
    assert [c for c in config["pipeline"] if not c["name"].startswith("senco_nlu.")] == default["pipeline"]
    assert config["policies"] == default["policies"]
    assert {p["name"] for p in config["policies"]} == {
        "MemoizationPolicy",
        "RulePolicy",
        "UnexpecTEDIntentPolicy",
        "TEDPolicy",
    }
    diet = next(c for c in config["pipeline"] if c["name"] == "DIETClassifier")
    assert diet["epochs"] == 100
    assert not [n for n in names if n.startswith("rasa_patches")]  # none of the project's tuning


def test_hash_follows_the_baseline_inputs_but_not_the_project_config(tmp_path: Path) -> None:
    for name in (
        "domain.yml",
        "constraints.txt",
        "config.yml",
        "data/nlu/a.yml",
        "senco_nlu/x.py",
        "rules_engine/y.py",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    first = model_hash("config A", tmp_path)
    assert model_hash("config A", tmp_path) == first
    assert model_hash("config B", tmp_path) != first
    (tmp_path / "config.yml").write_text("the project's tuning changed")
    assert model_hash("config A", tmp_path) == first
    (tmp_path / "data/nlu/a.yml").write_text("new training example")
    assert model_hash("config A", tmp_path) != first
    assert tmp_path / "config.yml" not in training_inputs(tmp_path)
