"""Organisation studies for the editor's tests: a small valid document, pictures by content."""

from __future__ import annotations

import copy
import io
from typing import Any

from PIL import Image

WORDS = {
    "target_a": ("Customer", ["Client", "Buyer", "User"]),
    "target_b": ("Internal", ["Memo", "Budget", "Audit"]),
    "attribute_pos": ("Good", ["Joy", "Peace", "Love"]),
    "attribute_neg": ("Bad", ["Pain", "War", "Hate"]),
}


def study_doc(
    study_id: str = "service-words", languages: tuple[str, ...] = ("en",), **changes: Any
) -> dict[str, Any]:
    """A valid study (the same words in each of ``languages``, English only by default);
    ``changes`` replace top-level fields."""
    categories = {
        name: {
            "labels": {lang: label for lang in languages},
            "stimuli": {lang: list(words) for lang in languages},
        }
        for name, (label, words) in WORDS.items()
    }
    doc: dict[str, Any] = {
        "id": study_id,
        "title": {lang: "Service vs Internal" for lang in languages},
        "languages": list(languages),
        "categories": categories,
    }
    return copy.deepcopy(doc | changes)


def picture(image_format: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    """A real picture of ``size`` pixels in ``image_format``."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=image_format)
    return out.getvalue()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)
# An HTML page that starts like a PNG file name would suggest nothing: only bytes count.
HTML_AS_PNG = b"<!doctype html><html><script>fetch('/api/v1/hr/users')</script></html>"
# PNG magic bytes followed by script: a browser sniffing it would be fooled, Pillow is not.
PNG_MAGIC_THEN_SCRIPT = b"\x89PNG\r\n\x1a\n<script>alert(1)</script>" + b" " * 100
