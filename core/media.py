"""Public media (Wagtail's images and their renditions) when no bucket serves them.

Who serves ``/media/``: with ``S3_PUBLIC_BUCKET`` the bucket (or the CDN of ``S3_PUBLIC_URL``)
does and ``MEDIA_URL`` points there, so this view is not routed. Without a bucket this view serves
them from the default storage, under every settings module (whitenoise serves static files only),
so one gunicorn behind a TLS proxy needs nothing more; browsers and a caching proxy may keep them
(one day, ``Last-Modified``; ``deploy/varnish/default.vcl`` keeps pages only), or a web server
serves ``MEDIA_ROOT/images/`` itself.

Only ``PUBLIC_FOLDERS`` are served. Documents stay out: Wagtail's ``/documents/`` view serves them
after checking their collection's privacy. Private media live in another storage altogether."""

import mimetypes
import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

# The same folders the public bucket's policy opens to everyone (.ci/s3.sh, README).
PUBLIC_FOLDERS = ("images/", "original_images/")
MAX_AGE_SECONDS = 24 * 60 * 60


@require_safe
def serve_public_media(request, path):
    if posixpath.normpath(path) != path or not path.startswith(PUBLIC_FOLDERS):
        raise Http404
    try:
        modified = default_storage.get_modified_time(path).timestamp()
        if not was_modified_since(request.headers.get("If-Modified-Since"), modified):
            return HttpResponseNotModified()
        handle = default_storage.open(path, "rb")
    except (OSError, SuspiciousFileOperation) as exc:  # missing, a folder, outside the root
        raise Http404 from exc
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response
