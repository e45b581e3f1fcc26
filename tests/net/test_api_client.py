"""Every ApiClient call round-trips against the real backend on loopback (EmbeddedServer, tmp SQLite)."""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator

import pytest

from net.api import Account, ApiClient, ApiError, Petition
from net.transport import Transport
from server.embedded import EmbeddedServer

DEMO_PASSWORD = "seoul-demo-2025"
PASSWORD = "correct horse battery staple"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
# Rate limits have their own test (test_api_errors.py); here they would only get in the way.
GENEROUS = {"petition_create_limit": 1000}

NewClient = Callable[[], ApiClient]


@pytest.fixture(scope="module")
def server_settings() -> dict[str, object]:
    """Server settings for this module's server (test_api_errors.py pins its own)."""
    return GENEROUS


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, server_settings: dict[str, object]) -> Iterator[EmbeddedServer]:
    """The reference backend with its demo data (accounts, petitions, slots), one per test module."""
    with EmbeddedServer(tmp_path_factory.mktemp("api"), settings_overrides=server_settings) as srv:
        yield srv


@pytest.fixture
def new_client(server: EmbeddedServer) -> Iterator[NewClient]:
    """Fresh, signed-out clients on the server; their connections are closed afterwards."""
    made: list[ApiClient] = []

    def make() -> ApiClient:
        made.append(ApiClient(Transport(server.url, backoff_factor=0.01)))
        return made[-1]

    yield make
    for api in made:
        api.transport.close()


def sign_up(api: ApiClient, **fields: str) -> Account:
    """Register a fresh citizen through the client and sign in."""
    email = fields.pop("email", f"u{uuid.uuid4().hex[:12]}@example.com")
    account = api.register("홍길동", "1990-05-17", email, PASSWORD, PNG, "id.png", **fields)
    api.login(email, PASSWORD)
    return account


def staff_client(new_client: NewClient) -> ApiClient:
    api = new_client()
    api.login("staff@example.seoul", DEMO_PASSWORD)
    return api


def test_health(new_client: NewClient) -> None:
    assert new_client().health() is True


def test_register_sign_in_profile_and_sign_out(new_client: NewClient) -> None:
    api = new_client()
    email = f"Mixed{uuid.uuid4().hex[:8]}@Example.com"
    account = api.register("홍길동", "1990-05-17", email, PASSWORD, PNG, "id.png", phone="010-1234-5678",
                           address="서울특별시 중구 세종대로 110")
    assert (account.name, account.email, account.phone) == ("홍길동", email.lower(), "010-1234-5678")
    assert account.role == "citizen" and account.verification == "verified" and account.birth_date == "1990-05-17"
    assert not api.signed_in
    session = api.login(email, PASSWORD)
    assert session.idle_timeout_s > 0 and session.token_type == "bearer" and api.signed_in
    assert api.get_me() == account
    api.logout()
    assert not api.signed_in
    with pytest.raises(ApiError) as err:
        api.get_me()
    assert err.value.code == "login_required" and err.value.status == 401
    api.logout()  # signed out already: nothing to do


def test_delete_me_ends_the_account_and_the_session(new_client: NewClient) -> None:
    api = new_client()
    account = sign_up(api)
    api.delete_me()
    assert not api.signed_in
    with pytest.raises(ApiError) as err:
        api.login(account.email, PASSWORD)
    assert err.value.code == "invalid_credentials"


def test_petitions_file_search_read_agree_report_and_answer(new_client: NewClient) -> None:
    api, word = new_client(), uuid.uuid4().hex[:10]
    sign_up(api)
    key = str(uuid.uuid4())
    first = api.create_petition(f"Shade trees {word}", "More trees on Sejong-daero.", "other", key)
    again = api.create_petition(f"Shade trees {word}", "More trees on Sejong-daero.", "other", key)
    second = api.create_petition(f"Benches {word}", "Benches in the plaza.", "culture", str(uuid.uuid4()))
    assert isinstance(first, Petition) and again == first and first.number.startswith("P-")
    assert [h.status for h in first.history] == ["open"] and first.answers == ()

    page = api.list_petitions(q=word, limit=1)
    assert page.total == 2 and [p.id for p in page.items] == [second.id]  # newest first
    assert [p.id for p in api.list_petitions(q=word, limit=1, offset=1).items] == [first.id]
    assert api.list_petitions(q=word, status="answered").total == 0

    agreement = api.agree(first.id)
    assert (agreement.petition_id, agreement.agree_count) == (first.id, 1)
    assert api.report_petition(second.id, "Duplicate of another proposal").petition_id == second.id

    answered = staff_client(new_client).answer_petition(first.id, "Parks Department", "We will plant 40 trees.")
    assert answered.status == "answered" and answered.answers[0].department == "Parks Department"
    read = new_client().get_petition(first.id)  # reading needs no sign-in
    assert read.agree_count == 1 and read.answers == answered.answers
    assert [h.status for h in read.history] == ["open", "answered"]
    assert api.list_petitions(q=word, status="answered").items[0].id == first.id


def test_tax_bills_pay_once_receipts_and_calculators(new_client: NewClient) -> None:
    api = new_client()
    sign_up(api)
    bills = api.list_bills()
    assert len(bills) == 5 and all(b.status == "unpaid" and b.demo for b in bills)
    bill = api.get_bill(bills[0].id)
    assert bill == bills[0]
    key = str(uuid.uuid4())
    receipt = api.pay_bill(bill.id, "card", bill.amount_krw, key)
    assert api.pay_bill(bill.id, "card", bill.amount_krw, key) == receipt  # a retry replays the receipt
    assert (receipt.bill_id, receipt.amount_krw, receipt.provider) == (bill.id, bill.amount_krw, "sandbox")
    paid = api.get_bill(bill.id)
    assert paid.status == "paid" and paid.receipt_id == receipt.id
    assert api.list_receipts() == (receipt,) and api.get_receipt(receipt.id) == receipt

    public = new_client()
    car = public.calculate_automobile_tax(displacement_cc=1998, vehicle_age_years=3)
    assert car.rate_krw_per_cc == 200 and car.total_krw == car.june_krw + car.december_krw and car.articles
    electric = public.calculate_automobile_tax(fuel="electric")
    assert electric.rate_krw_per_cc is None and electric.total_krw > 0
    house = public.calculate_property_tax(300_000_000)
    assert house.tax_base_krw == 180_000_000 and house.total_krw == house.july_krw + house.september_krw


def test_documents_issue_list_download_and_verify(new_client: NewClient) -> None:
    api = new_client()
    sign_up(api)
    document = api.issue_document("resident_registration_copy")
    assert api.list_documents() == (document,) and api.get_document(document.id) == document
    pdf = api.download_document_pdf(document.id)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == document.sha256
    check = new_client().verify_document(f" {document.verification_code} ")  # public; typed with spaces
    assert (check.type, check.sha256) == (document.type, document.sha256) and "*" in check.holder


def test_consultations_threads_messages_and_staff_reply(new_client: NewClient) -> None:
    api = new_client()
    sign_up(api)
    thread = api.open_thread("dasan_120", "Street light out", "At Sejong-daero 110.")
    assert thread.status == "open" and [m.body for m in thread.messages] == ["At Sejong-daero 110."]
    assert [t.id for t in api.list_threads()] == [thread.id] and api.list_threads()[0].messages == ()
    key = str(uuid.uuid4())
    once = api.post_message(thread.id, "Still dark tonight.", idempotency_key=key)
    assert api.post_message(thread.id, "Still dark tonight.", idempotency_key=key) == once
    assert len(api.get_thread(thread.id).messages) == 2

    staff = staff_client(new_client)
    assert thread.id in [t.id for t in staff.list_threads()]
    reply = staff.post_message(thread.id, "A crew is on its way.")
    assert reply.status == "answered" and reply.messages[-1].author_role == "staff"
    assert api.get_thread(thread.id) == reply


def test_counselling_slots_book_and_cancel(new_client: NewClient) -> None:
    api = new_client()
    sign_up(api)
    slots = api.list_slots(limit=200)
    free = next(s for s in reversed(slots) if s.available)
    booked = api.book_slot(free.id)
    assert booked.id == free.id and booked.booked_by_me and not booked.available
    assert [s.id for s in api.my_bookings()] == [free.id]
    api.cancel_booking(free.id)
    assert api.my_bookings() == ()
    assert next(s for s in api.list_slots(limit=200) if s.id == free.id).available


def test_avatar_round_trips_as_the_clients_appearance(new_client: NewClient) -> None:
    from client.world.appearance import Appearance  # pure Python: the value the world draws

    api = new_client()
    sign_up(api)
    assert api.get_avatar() is None  # never saved: the client keeps what it shows
    look = Appearance.for_age("senior", mobility="wheelchair", skin_tone="#7a4a2e", top_color="#2e7d32")
    saved = api.save_avatar(look.to_dict())
    assert Appearance.from_dict(saved.appearance_dict()) == look
    again = api.get_avatar()
    assert again is not None and again.updated_at == saved.updated_at
    assert Appearance.from_dict(again.appearance_dict()) == look
    with pytest.raises(ApiError) as err:
        api.save_avatar({**look.to_dict(), "height_m": 0.5})
    assert (err.value.code, err.value.status, err.value.field) == ("invalid_field", 422, "height_m")
    api.logout()
    with pytest.raises(ApiError) as err:
        api.get_avatar()
    assert err.value.code == "login_required"
