from __future__ import annotations

from beacon.bot.answering import embeddings
from beacon.core import text
from config.asgi import warm_up


def test_warm_up_loads_the_segmenter_and_the_encoder_before_the_first_request() -> None:
    warm_up()

    assert text._segmenter is not None
    assert embeddings._model is not None
    assert "到账" in text.terms("充币未到账")
