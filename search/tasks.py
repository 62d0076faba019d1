from django_tasks import task

from .indexing import catch_up, schedule_catch_up


@task()
def catch_up_index_task():
    """Replay index updates that failed while the search engine was away; try again later
    while some remain."""
    _done, remaining = catch_up()
    if remaining:
        schedule_catch_up()
