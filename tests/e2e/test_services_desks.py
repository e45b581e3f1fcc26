"""End to end over real HTTP: a citizen walks the plaza's desks in one visit and
agrees to a proposal after logging in, pays a tax bill and sees the receipt (the server holds exactly
one payment), issues a civil document and verifies its code, and books a youth-counselling slot.

One client run serves all four checks (each app start and walk costs tens of seconds); each test
then asks the server what it holds.
"""
import os
import subprocess

import pytest
import requests

from server.embedded import EmbeddedServer
from tests.conftest import client_command

DEMO = {"email": "demo1@example.seoul", "password": "seoul-demo-2025"}

SCENARIO = """
- site: seoul_plaza
- walk_to: Mayor's Office
- interact
- press: Browse proposals
- expect: agrees
- press: svc.petitions.row.0
- expect: Agree
- press: Agree
- expect: E-mail
- type: {{into: E-mail, text: demo1@example.seoul}}
- type: {{into: Password, text: seoul-demo-2025}}
- press: Sign in
- expect: Your agreement has been counted
- key: escape
- key: escape
- walk_to: Tax Square
- interact
- press: See my tax bills
- expect: due
- press: svc.tax.bills.row.1
- expect: "?"
- press: svc.tax.pay
- expect: Receipt number
- screenshot: {shots}/receipt.png
- press: Done
- walk_to: 120 Dasan
- interact
- press: Issue a document
- press: Copy of resident registration
- expect: "Verification code:"
- press: Check this code
- press: Verify
- expect: "Valid:"
- screenshot: {shots}/verified.png
- key: escape
- key: escape
- key: escape
- walk_to: Youth Counselling
- interact
- press: Book a session
- expect: "50 min"
- press: svc.youth.slots.row.0
- press: Book this time
- expect: Booked
- press: Done
- expect: Seoul Plaza
"""


@pytest.fixture(scope="module")
def visit(tmp_path_factory):
    """Run the whole visit once against a server this test can query afterwards."""
    tmp = tmp_path_factory.mktemp("services")
    shots = tmp / "shots"
    scenario = tmp / "scenario.yaml"
    scenario.write_text(SCENARIO.format(shots=shots), encoding="utf-8")
    home = tmp / "home"
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(home))
    with EmbeddedServer(tmp / "server") as server:
        before = requests.get(f"{server.url}/v1/petitions", params={"limit": 1}, timeout=10).json()["items"][0]
        result = subprocess.run(
            client_command("--offscreen", "--lang", "en", "--scenario", str(scenario), "--backend-url", server.url),
            capture_output=True, text=True, timeout=300, env=env)
        session = requests.Session()
        token = session.post(f"{server.url}/v1/sessions", json=DEMO, timeout=10).json()["token"]
        session.headers["Authorization"] = f"Bearer {token}"
        yield {"result": result, "server": server.url, "session": session, "before": before, "home": home,
               "shots": shots}


def test_the_visit_ran_to_the_end(visit):
    result = visit["result"]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (visit["shots"] / "receipt.png").exists() and (visit["shots"] / "verified.png").exists()


def test_agreeing_after_logging_in_counts_once(visit):
    before = visit["before"]
    after = requests.get(f"{visit['server']}/v1/petitions/{before['id']}", timeout=10).json()
    assert after["agree_count"] == before["agree_count"] + 1


def test_the_bill_is_paid_exactly_once(visit):
    session, url = visit["session"], visit["server"]
    receipts = session.get(f"{url}/v1/tax/receipts", timeout=10).json()["items"]
    bills = session.get(f"{url}/v1/tax/bills", timeout=10).json()["items"]
    assert len(receipts) == 1
    (paid,) = [b for b in bills if b["status"] == "paid"]
    assert receipts[0]["bill_id"] == paid["id"] and receipts[0]["amount_krw"] == paid["amount_krw"]


def test_the_document_pdf_is_saved_and_its_code_verifies(visit):
    session, url = visit["session"], visit["server"]
    (document,) = session.get(f"{url}/v1/documents", timeout=10).json()["items"]
    saved = list((visit["home"] / "data" / "documents").glob("*.pdf"))
    assert [p.name for p in saved] == [f"{document['type']}-{document['verification_code']}.pdf"]
    assert saved[0].read_bytes().startswith(b"%PDF")
    check = requests.get(f"{url}/v1/documents/verify/{document['verification_code']}", timeout=10)
    assert check.status_code == 200


def test_a_youth_counselling_slot_is_booked(visit):
    session, url = visit["session"], visit["server"]
    bookings = session.get(f"{url}/v1/consultations/bookings", timeout=10).json()["items"]
    assert len(bookings) == 1 and bookings[0]["booked_by_me"]
