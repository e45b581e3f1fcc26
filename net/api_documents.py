"""Civil documents: issue, list, download, and the public verification. Pure Python: no Panda3D."""
from __future__ import annotations

from urllib.parse import quote

from net.api_core import ApiCore
from net.models import Document, DocumentCheck, decode_list


class DocumentsApi(ApiCore):
    """The signed-in citizen's civil documents."""

    def issue_document(self, doc_type: str) -> Document:
        """Issue a document from the citizen's record (ApiError no_record when there is none)."""
        return Document.from_json(self._call("POST", "/v1/documents", expect=(201,), json={"type": doc_type}))

    def list_documents(self) -> tuple[Document, ...]:
        """The citizen's documents, newest first."""
        return decode_list(Document, self._call("GET", "/v1/documents"))

    def get_document(self, document_id: int) -> Document:
        """One of the citizen's documents."""
        return Document.from_json(self._call("GET", f"/v1/documents/{int(document_id)}"))

    def download_document_pdf(self, document_id: int) -> bytes:
        """The PDF bytes of one of the citizen's documents."""
        return self._call_bytes(f"/v1/documents/{int(document_id)}/pdf")

    def verify_document(self, code: str) -> DocumentCheck:
        """Public: what a verification code printed on a document vouches for (ApiError expired after 90 days)."""
        # quote(): the code is typed by a person; a stray "/" must not reach another route.
        return DocumentCheck.from_json(self._call("GET", f"/v1/documents/verify/{quote(code.strip(), safe='')}"))
