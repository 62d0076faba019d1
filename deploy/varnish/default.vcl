vcl 4.1;
# Varnish 7.1 in front of the portal's gunicorn hosts (README "Scaling out").
#
# Cached: anonymous GET/HEAD of pages (text/html, status 200) and nothing else. Never cached:
# a visitor with a session or messages cookie (logged in, or a message waiting), the admin,
# the accounts, the initiators' area, documents, search, the health checks, any other method, a
# response that sets a cookie (a form's CSRF token), asks to stay private, or carries a CSP nonce.
# The only cookie a cached page depends on is the language (django_language): it is the one
# variant (Vary: X-Language); the browser's Accept-Language is ignored, as the portal does.
#
# The portal forgets pages here itself: Wagtail PURGEs a page's address on publish, and every
# change that clears the portal's own page cache sends "BAN /" (every page). Both only from
# the hosts in the "purgers" ACL.
#
# Backends: this file names one (127.0.0.1:8000). .ci/varnish.sh writes its own copy with
# VARNISH_BACKEND; on several app hosts, list them here with a director (vmod_directors).

import std;
import cookie;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 5s;
    .first_byte_timeout = 60s;
}

# Who may PURGE and BAN: this machine and the app hosts (add their addresses). A TLS proxy on
# this machine connects from 127.0.0.1 too, so a purge that came through a proxy is refused
# below by its X-Forwarded-For: the portal sends its purges to Varnish directly.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE" || req.method == "BAN") {
        # Varnish has appended client.ip to X-Forwarded-For already: a comma means a proxy
        # (the TLS proxy) passed on someone else's request.
        if (client.ip !~ purgers || req.http.X-Forwarded-For ~ "," || req.http.Forwarded) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN") {
            # Every page of every host: the portal's page-cache version is site-wide too.
            ban("obj.status != 0");
            return (synth(200, "Banned"));
        }
        return (purge);
    }

    # Never trust a language or purge marker from outside.
    unset req.http.X-Language;

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, accounts, the initiators' area, documents, and search (its index is updated
    # by the worker after a publish, later than the ban).
    if (req.url ~ "^/(admin|django-admin|account|aanvragen|documents|zoeken)/") {
        return (pass);
    }
    # The health probes are for the load balancer, which asks each host directly: from outside
    # /readyz would cost a query, a cache write and a storage call each and name the backends.
    if (req.url ~ "^/(healthz|readyz)(/|\?|$)") {
        return (synth(404, "Not Found"));
    }
    if (req.http.Authorization) {
        return (pass);
    }

    cookie.parse(req.http.Cookie);
    if (cookie.isset("sessionid") || cookie.isset("messages")) {
        # Logged in, or a message to show: the page is this person's own.
        return (pass);
    }
    if (cookie.get("django_language") ~ "^[a-z]{2}(-[a-z]{2,8})?$") {
        set req.http.X-Language = cookie.get("django_language");
    } else {
        set req.http.X-Language = "nl";
    }
    # Only the portal's own cookies reach it (analytics and the like never split the cache).
    # csrftoken stays so a page with a form keeps the visitor's token (such a page is not
    # cached: it sets the cookie).
    cookie.keep("csrftoken,django_language");
    set req.http.Cookie = cookie.get_string();
    if (req.http.Cookie == "") {
        unset req.http.Cookie;
    }
    # The portal ignores Accept-Language; one variant per language cookie instead.
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    # http and https answer differently (the redirect to https) when a proxy sends both.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    # Not the cookie: pages differ by language only (X-Language, through Vary below).
    return (lookup);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.status != 200
        || beresp.http.Content-Type !~ "^text/html"
        || beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Content-Security-Policy ~ "'nonce-"
        # A Vary the VCL does not know (only Cookie and Accept-Language, both handled here).
        || beresp.http.Vary ~ "(?i)(^|,)\s*(?!(cookie|accept-language|accept-encoding)\s*(,|$))[^,\s]") {
        # Remember for two minutes that this address goes to the portal every time.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # The portal varies on Cookie and Accept-Language; here both come down to the language.
    if (beresp.http.Vary) {
        set beresp.http.X-Portal-Vary = beresp.http.Vary;
    } else {
        set beresp.http.X-Portal-Vary = "none";
    }
    set beresp.http.Vary = "X-Language";
    if (beresp.http.Cache-Control !~ "(s-maxage|max-age)") {
        # What purges cannot see (an event becoming "past") waits at most this long.
        set beresp.ttl = 300s;
    }
    set beresp.grace = 10s;
    return (deliver);
}

sub vcl_deliver {
    # The browser sees the portal's own Vary, not the one used here.
    if (resp.http.X-Portal-Vary == "none") {
        unset resp.http.Vary;
    } elsif (resp.http.X-Portal-Vary) {
        set resp.http.Vary = resp.http.X-Portal-Vary;
    }
    unset resp.http.X-Portal-Vary;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

sub vcl_synth {
    set resp.http.Cache-Control = "no-store";
}
