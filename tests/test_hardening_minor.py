"""Issue 22 item 10: one unit for sizes, the generated map files pruned, all of 127.0.0.0/8
loopback (and the security notes say so)."""

from __future__ import annotations

import os
import time

import pytest

from atlas import deploy_mode
from atlas.connectors import userfile
from atlas.connectors.userfile import MAX_FILE_BYTES, MEGABYTE, UserDataError, megabytes
from atlas.maps import assets
from atlas.paths import PROJECT_ROOT


def test_sizes_are_in_one_unit_and_a_file_over_the_limit_never_reads_as_the_limit():
    assert MAX_FILE_BYTES == 10 * MEGABYTE == 10 * 1024 * 1024
    assert megabytes(MAX_FILE_BYTES, limit=True) == "10 MB"
    assert megabytes(MAX_FILE_BYTES + 1) == "10.1 MB"
    with pytest.raises(UserDataError, match=r"the file is 10\.1 MB; the atlas reads files of "
                                            r"at most 10 MB"):
        userfile._check_size(MAX_FILE_BYTES + 1, "x.csv")
    # 10,400,000 bytes is under the limit: it must not be called more than 10 MB
    assert megabytes(10_400_000) == "10 MB"


def test_publishing_prunes_old_generated_files_but_not_new_or_used_ones(tmp_path):
    hour_ago = time.time() - 2 * assets.GENERATED_GRACE_S
    names = []
    for number in range(assets.KEEP_GENERATED + 4):
        url = assets.publish("map", "js", f"build {number}", directory=tmp_path)
        name = url.rsplit("/", 1)[1]
        names.append(name)
        os.utime(tmp_path / name, (hour_ago + number, hour_ago + number))
    assets.publish("map", "js", "the newest build", directory=tmp_path)
    left = sorted(path.name for path in tmp_path.glob("map-*.js"))
    assert len(left) == assets.KEEP_GENERATED
    assert set(names[-(assets.KEEP_GENERATED - 1):]) <= set(left)
    # a file published again counts as new: the oldest, reused, survives the next pruning
    oldest_kept = min(left, key=lambda name: (tmp_path / name).stat().st_mtime)
    assets.publish("map", "js", f"build {names.index(oldest_kept)}", directory=tmp_path)
    assets.publish("map", "js", "yet another build", directory=tmp_path)
    assert (tmp_path / oldest_kept).is_file()


def test_files_within_the_grace_period_are_kept(tmp_path):
    for number in range(assets.KEEP_GENERATED + 3):
        assets.publish("map", "js", f"recent {number}", directory=tmp_path)
    assert len(list(tmp_path.glob("map-*.js"))) == assets.KEEP_GENERATED + 3


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "127.1.2.3", "127.255.255.254",
                                     " 127.0.0.5 "])
def test_all_of_127_0_0_0_8_is_loopback(address):
    assert deploy_mode.is_loopback(address) is True


@pytest.mark.parametrize("address", ["128.0.0.1", "126.255.255.255", "10.0.0.1", "0.0.0.0"])
def test_addresses_next_to_it_are_public(address):
    assert deploy_mode.is_loopback(address) is False


def test_the_security_notes_say_all_of_127_0_0_0_8_is_loopback():
    notes = (PROJECT_ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    assert "Every address of 127.0.0.0/8 counts as\nloopback, not public" in notes
