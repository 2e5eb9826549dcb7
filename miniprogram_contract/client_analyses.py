"""Image analysis operations of the typed client."""

from __future__ import annotations

from typing import Any, TypedDict


class Disclaimer(TypedDict):
    version: str
    text: str


class AnalysisRecord(TypedDict):
    id: str
    image_id: str
    status: str
    stage: str | None
    percent: int
    reason: str | None
    retake_recommended: bool | None
    result: dict[str, Any] | None
    has_overlay: bool
    has_deidentified: bool
    disclaimer: Disclaimer
    metrics_url: str
    created_at: str
    finished_at: str | None


class AnalysisMethods:
    _call: Any

    def analyses_request(self, store_id: str, image_id: str) -> AnalysisRecord:
        return self._call("POST", f"/api/v1/stores/{store_id}/images/{image_id}/analyses")  # type: ignore[no-any-return]

    def analyses_list_for_image(self, store_id: str, image_id: str) -> dict[str, list[AnalysisRecord]]:
        return self._call("GET", f"/api/v1/stores/{store_id}/images/{image_id}/analyses")  # type: ignore[no-any-return]

    def analyses_get(self, store_id: str, analysis_id: str) -> AnalysisRecord:
        return self._call("GET", f"/api/v1/stores/{store_id}/analyses/{analysis_id}")  # type: ignore[no-any-return]

    def analyses_cancel(self, store_id: str, analysis_id: str) -> AnalysisRecord:
        return self._call("POST", f"/api/v1/stores/{store_id}/analyses/{analysis_id}/cancel")  # type: ignore[no-any-return]

    def analyses_view_url(self, store_id: str, analysis_id: str, *, variant: str = "overlay") -> dict[str, str]:
        """A signed, watermarked, short-lived link to the overlay or the de-identified copy."""
        return self._call("POST", f"/api/v1/stores/{store_id}/analyses/{analysis_id}/view-url",  # type: ignore[no-any-return]
                          {"variant": variant})

    def analysis_metrics(self) -> dict[str, Any]:
        return self._call("GET", "/api/v1/analysis-metrics")  # type: ignore[no-any-return]

    def comparisons_create(self, store_id: str, *, before_analysis_id: str, after_analysis_id: str) -> dict[str, Any]:
        body = {"before_analysis_id": before_analysis_id, "after_analysis_id": after_analysis_id}
        return self._call("POST", f"/api/v1/stores/{store_id}/comparisons", body)  # type: ignore[no-any-return]

    def comparisons_get(self, store_id: str, comparison_id: str) -> dict[str, Any]:
        return self._call("GET", f"/api/v1/stores/{store_id}/comparisons/{comparison_id}")  # type: ignore[no-any-return]

    def comparisons_view_url(self, store_id: str, comparison_id: str, *, side: str) -> dict[str, str]:
        """One side of the aligned pair: a signed, watermarked, short-lived link."""
        return self._call("POST", f"/api/v1/stores/{store_id}/comparisons/{comparison_id}/view-url",  # type: ignore[no-any-return]
                          {"side": side})
