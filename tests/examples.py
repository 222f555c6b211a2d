"""Facts shared by several test modules: the first worked example of assessment-contract.md section 6.

With today = 2026-11-22 these give NPQ_REQUIRED, deadline 2028-03-10, latest NPQ start 2026-05-10, not overdue.
"""

from __future__ import annotations

FIRST_ROW: dict[str, object] = {
    "role": "senco",
    "setting": "academy_mainstream",
    "appointment_date": "2025-03-10",
    "nasenco": "none",
    "npq": "none",
    "prior_senco_service_over_12_months": False,
}
