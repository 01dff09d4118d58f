"""What a web server should send with the built books: security headers, with a
Content-Security-Policy that allows only this site's own files and, by hash, the few inline
scripts the theme and our layout write into every page. ``python -m wellbeing_course
publish-config nginx|apache`` prints a ready configuration; docs/PUBLISHING.md explains it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

# An inline script: a <script> element without src= whose type is JavaScript (JSON data blocks
# such as the catalog of interface words are never run, so a policy does not cover them).
INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json", "text/template")


def inline_script_hashes(folders: list[Path]) -> list[str]:
    """The CSP source of every distinct inline script in the built pages, sorted."""
    found = set()
    for folder in folders:
        for page in sorted(Path(folder).rglob("*.html")):
            for match in INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8")):
                attrs = match.group("attrs").lower()
                if "src=" in attrs or any(t in attrs for t in DATA_TYPES):
                    continue
                digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
                found.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(found)


def content_security_policy(hashes: list[str]) -> str:
    """Everything from this origin only; no plugin, no framing by other sites, no form posted elsewhere."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


def security_headers(folders: list[Path]) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(inline_script_hashes(folders)),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    }


# A root written into a configuration as it is: an absolute path of letters, digits and . _ - ~ + @ ,
# between slashes. Whitespace, ';', quotes, '{}', '#', '$', '<>' or a newline would end or change a
# directive (nginx's "root /srv/x; autoindex on;" lists every folder).
SAFE_ROOT = re.compile(r"^(?:/[\w.~+@,-]+)+/?$|^/$")


def root_problem(root: str) -> str | None:
    """Why a configuration cannot publish this folder as it is, or None."""
    if SAFE_ROOT.match(root):
        return None
    return (f"--root {root!r}: the folder must be an absolute path (starting with '/') of letters, digits and "
            ". _ - ~ + @ , between slashes: a space, ';', a quote, '{', '}', '#', '$', '<', '>' or a "
            "new line would change the server's configuration. Publish from a folder with a plain name.")


def _checked(root: str) -> str:
    if problem := root_problem(root):
        raise ValueError(problem)
    return root


def nginx_config(headers: dict[str, str], root: str = "/var/www/wellbeing-course") -> str:
    root = _checked(root)
    # nginx drops server-level add_header lines in a location that has its own: repeat them in each.
    adds = "\n".join(f'        add_header {name} "{value}" always;' for name, value in headers.items())
    return f"""# The Wellbeing Model course: nginx, inside the server {{ }} block of the course's own host
# (its own origin, e.g. https://training.example.org/: the journal lives in that origin's storage).
# Made by: python -m wellbeing_course publish-config nginx   (re-run after every build of a new version)
root {root};
index index.html;

gzip on;
gzip_types text/css application/javascript text/javascript application/json image/svg+xml text/plain;
gzip_min_length 1024;

# Files under _static/ carry a version in their name or query string: keep them a year.
location /_static/ {{
{adds}
        add_header Cache-Control "public, max-age=31536000, immutable" always;
}}
# Pages change with each new version of the course: always ask the server.
location / {{
        try_files $uri $uri/ =404;
{adds}
        add_header Cache-Control "no-cache" always;
}}
"""


def apache_config(headers: dict[str, str], root: str = "/var/www/wellbeing-course") -> str:
    root = _checked(root)
    sets = "\n".join(f'    Header always set {name} "{value}"' for name, value in headers.items())
    return f"""# The Wellbeing Model course: Apache 2.4, inside the <VirtualHost *:443> of the course's own host
# (its own origin: the journal lives in that origin's storage). Needs mod_headers, mod_deflate, mod_expires.
# Made by: python -m wellbeing_course publish-config apache   (re-run after every build of a new version)
DocumentRoot {root}
<Directory {root}>
    Options -Indexes
    AllowOverride None
    Require all granted
</Directory>
<IfModule mod_headers.c>
{sets}
</IfModule>
<IfModule mod_deflate.c>
    AddOutputFilterByType DEFLATE text/html text/css application/javascript text/javascript application/json image/svg+xml
</IfModule>
<IfModule mod_expires.c>
    ExpiresActive On
    ExpiresDefault "access plus 0 seconds"
    <LocationMatch "^/_static/">
        ExpiresDefault "access plus 1 year"
    </LocationMatch>
</IfModule>
"""
