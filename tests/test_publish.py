"""publish-config: the configuration it prints is one the web server accepts, and a --root that
would add to or change that configuration is refused instead of written into it (issue 24)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from wellbeing_course.__main__ import main
from wellbeing_course.publish import apache_config, nginx_config, security_headers

HEADERS = security_headers([])  # the policy without the built pages' script hashes: enough for the syntax
HOSTILE_ROOTS = [
    "/srv/x; autoindex on",           # nginx: a second directive, listing every folder
    "/srv/my course",                 # a space: nginx reads two arguments, Apache a broken <Directory>
    '/srv/x"',
    "/srv/x'",
    "/srv/x{",
    "/srv/x}",
    "/srv/x#comment",
    "/srv/$document_root",
    "/srv/x\nautoindex on",
    "/srv/<x>",
    "srv/relative",
    "",
]


@pytest.mark.parametrize("root", HOSTILE_ROOTS)
def test_a_root_a_configuration_cannot_hold_is_refused(root, capsys):
    assert main(["publish-config", "nginx", "--root", root]) == 2

    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"--root {root!r}: the folder must be an absolute path")
    assert "Publish from a folder with a plain name." in err
    for config in (nginx_config, apache_config):
        with pytest.raises(ValueError):
            config(HEADERS, root)


def _nginx_test(tmp_path: Path, server_block: str) -> subprocess.CompletedProcess:
    """``nginx -t`` on a whole configuration whose server { } includes the printed one."""
    (tmp_path / "course.conf").write_text(server_block, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  server {{\n    listen 127.0.0.1:8089;\n    include {tmp_path}/course.conf;\n  }}\n}}\n",
        encoding="utf-8")
    return subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                           "-e", str(tmp_path / "error.log")], capture_output=True, text=True, timeout=60)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (make test installs nginx-light)")
@pytest.mark.parametrize("root", ["/var/www/wellbeing-course", "/srv/course_2026/formation-été/", "/srv/a.b~c+d@e,f"])
def test_nginx_accepts_the_configuration_for_a_plain_root(tmp_path, root):
    result = _nginx_test(tmp_path, nginx_config(HEADERS, root))

    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
    assert f"root {root};" in nginx_config(HEADERS, root)
