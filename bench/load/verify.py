"""After a load run: every application the bench's initiators submitted is in the database
exactly once (by reference), no longer a draft, with exactly one "submit" log entry; and nothing was submitted
that locust did not see succeed. Prints JSON; ``ok`` is the verdict.

    python -m bench.load.verify <results folder>   (reads every submitted-*.jsonl in it)
"""

import json
import sys
from collections import Counter
from pathlib import Path

import django


def main():
    django.setup()

    from grants.models import Application, State, TransitionLog

    folder = Path(sys.argv[1])
    submitted = []
    for path in sorted(folder.glob("submitted-*.jsonl")):
        submitted += [json.loads(line) for line in path.read_text().splitlines() if line]
    refs = [row["reference"] for row in submitted]
    duplicates_reported = [ref for ref, n in Counter(refs).items() if n > 1]

    bench_apps = Application.objects.filter(owner__username__startswith="bench-initiator-")
    rows = Counter(bench_apps.filter(reference__in=refs).values_list("reference", flat=True))
    missing = [ref for ref in set(refs) if rows.get(ref, 0) != 1]
    still_draft = list(
        bench_apps.filter(reference__in=refs, state=State.DRAFT).values_list("reference", flat=True)
    )
    submit_logs = Counter(
        TransitionLog.objects.filter(application__in=bench_apps, transition="submit").values_list(
            "application__reference", flat=True
        )
    )
    without_log = [ref for ref in set(refs) if submit_logs.get(ref, 0) != 1]
    # Submitted in the database but never confirmed to locust (e.g. a response lost on timeout).
    unconfirmed = sorted(set(submit_logs) - set(refs))
    references = list(bench_apps.values_list("reference", flat=True))
    duplicate_references = [r for r, n in Counter(references).items() if n > 1]

    result = {
        "submitted_by_locust": len(refs),
        "bench_applications_in_db": len(references),
        "bench_drafts_in_db": bench_apps.filter(state=State.DRAFT).count(),
        "submitted_in_db": len(submit_logs),
        "missing": missing,
        "reported_twice": duplicates_reported,
        "still_draft": still_draft,
        "without_exactly_one_submit_log": without_log,
        "submitted_but_unconfirmed": unconfirmed,
        "duplicate_references": duplicate_references,
        "transitions_by_officials": dict(
            Counter(
                TransitionLog.objects.filter(
                    actor__username__startswith="bench-official-"
                ).values_list("transition", flat=True)
            )
        ),
    }
    result["ok"] = (
        not (missing or duplicates_reported or still_draft or without_log or duplicate_references)
        and len(refs) > 0
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
