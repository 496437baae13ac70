"""Secure defaults of the deployment and a choropleth palette readable by colour-blind users."""
from __future__ import annotations

import tomllib

import numpy as np
import pytest

from data.config import PROJECT_DIR
from data.indicators.classes import NO_DATA_COLOR, PALETTE
from data.validation import check_url


def test_streamlit_config_is_locked_down() -> None:
    config = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["address"] == "127.0.0.1"  # loopback only unless the deployment says otherwise
    assert 0 < config["server"]["maxUploadSize"] <= 10
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>", "vbscript:x",
     "ftp://exemple.fr/x", "//exemple.fr", "https://", "http://localhost"],
)
def test_source_urls_are_limited_to_http_and_https(url: str) -> None:
    assert check_url(url) is not None


# Colour-vision deficiency simulation (Machado, Oliveira & Fernandes 2009, severity 1.0), in linear RGB.
CVD = {
    "protanopie": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]),
    "deutéranopie": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]),
    "tritanopie": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]),
}


def _linear(hex_color: str) -> np.ndarray:
    rgb = np.array([int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(linear, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", [None, *CVD])
def test_classes_stay_distinct_for_colour_blind_users(vision: str | None) -> None:
    colors = [*PALETTE, NO_DATA_COLOR]
    labs = [_lab(CVD[vision] @ _linear(c) if vision else _linear(c)) for c in colors]
    for i in range(len(PALETTE) - 1):  # neighbouring classes
        assert np.linalg.norm(labs[i] - labs[i + 1]) >= 10, (vision, colors[i], colors[i + 1])
    for i in range(len(PALETTE)):  # "no data" against every class
        assert np.linalg.norm(labs[i] - labs[-1]) >= 10, (vision, colors[i], NO_DATA_COLOR)
    lightness = [lab[0] for lab in labs[: len(PALETTE)]]
    assert lightness == sorted(lightness, reverse=True)  # ordered light → dark, readable without hue
