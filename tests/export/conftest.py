from pathlib import Path

import pytest
from analyst_samples import samples_jsonl


@pytest.fixture(scope="session")
def samples_records(loaded, tmp_path_factory) -> Path:
    return samples_jsonl(loaded, tmp_path_factory)
