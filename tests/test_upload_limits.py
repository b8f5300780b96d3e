"""Uploads are held no longer and no bigger than the atlas reads them (issue 22, item 5):
Streamlit takes files up to the atlas's own 10 MB (server.maxUploadSize and the uploader's own
limit), and a refused file's bytes leave the server's memory at once."""

from __future__ import annotations

import tomllib

from streamlit import config
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

from atlas.connectors.userfile import MAX_FILE_BYTES
from atlas.paths import PROJECT_ROOT
from atlas.upload.flow import MAX_UPLOAD_MB
from tests.test_page_upload import (  # noqa: F401 - fixtures
    open_upload_page,
    private_server,
    upload_file,
    workspace,
)

MIB = 1024 * 1024


def test_streamlit_takes_no_file_bigger_than_the_atlas_reads():
    settings = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert settings["server"]["maxUploadSize"] * MIB == MAX_FILE_BYTES == MAX_UPLOAD_MB * MIB
    assert config.get_option("server.maxUploadSize") == MAX_UPLOAD_MB     # what the server reads


def test_the_uploader_carries_the_atlas_limit(workspace):  # noqa: F811
    at = open_upload_page()
    assert at.file_uploader[0].proto.max_upload_size_mb == MAX_UPLOAD_MB


def test_a_refused_file_is_let_go_and_its_reason_stays(workspace, monkeypatch):  # noqa: F811
    released = []
    remove = MemoryUploadedFileManager.remove_file

    def spy(self, session_id, file_id):
        remove(self, session_id, file_id)
        released.append((file_id, sum(len(f.data) for f in
                                      self.file_storage.get(session_id, {}).values())))

    monkeypatch.setattr(MemoryUploadedFileManager, "remove_file", spy)
    at = upload_file(open_upload_page(), "bad.xlsx", b"PK\x03\x04 not really a workbook")
    assert not at.exception
    assert released and released[-1][1] == 0          # no bytes of the session's uploads left
    assert at.session_state["upload_round"] == 1       # the uploader starts empty, new key
    assert at.file_uploader[0].value is None
    assert at.error[0].value.startswith("Filen kan ikke læses")

    at = upload_file(at, "ok.csv", "kode;andel\n101;40\n".encode())
    assert not at.exception and not at.error            # a good file: the old reason is gone
