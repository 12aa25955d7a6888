"""Made-up people, practices and venues for the demo: valid to every check, never real.

Postcodes are real (a sample per area from the ONS postcode directory, Open Government
Licence) so group matching measures real distances; NHS numbers come from the synthetic
999 range and pass modulus 11; mobiles are in Ofcom's drama range and emails on
example.org, so nothing can reach a real person.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

GIVEN = [
    "Sam",
    "Alex",
    "Jo",
    "Priya",
    "Mohammed",
    "Aisha",
    "Tom",
    "Grace",
    "Ravi",
    "Helen",
    "Omar",
    "Fatima",
    "Peter",
    "Susan",
    "Imran",
    "Linda",
    "Karen",
    "David",
    "Ann",
    "Ian",
    "Mary",
    "John",
    "Zainab",
    "Kevin",
    "Joyce",
    "Harpreet",
    "Barbara",
    "Colin",
    "Nadia",
    "Paul",
]
FAMILY = [
    "Taylor",
    "Khan",
    "Smith",
    "Patel",
    "Hussain",
    "Brown",
    "Wilson",
    "Ahmed",
    "Jones",
    "Walker",
    "Ali",
    "Wood",
    "Thompson",
    "Begum",
    "Robinson",
    "Wright",
    "Hall",
    "Green",
    "Lewis",
    "Clarke",
    "Shah",
    "Jackson",
    "Mahmood",
    "White",
    "Harris",
    "Martin",
    "Bibi",
    "Hill",
]
VENUES = (
    "Community Centre",
    "Library",
    "Health Centre",
    "Methodist Church Hall",
    "Leisure Centre",
    "Mosque Community Room",
    "Village Hall",
    "Gurdwara Hall",
)


@cache
def postcodes() -> dict[str, list[str]]:
    return dict(json.loads((Path(__file__).parent / "postcodes.json").read_text()))


def nhs_number(rng: random.Random) -> str:
    """From the 999 range NHS England keeps for test data, so never a real person's."""
    while True:
        digits = [9, 9, 9, *(rng.randrange(10) for _ in range(6))]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


@dataclass(frozen=True)
class Person:
    given_name: str
    family_name: str
    nhs_number: str
    date_of_birth: date
    postcode: str
    email: str
    mobile: str
    preferred_channel: str

    def body(self) -> dict[str, object]:
        return {
            "given_name": self.given_name,
            "family_name": self.family_name,
            "nhs_number": self.nhs_number,
            "date_of_birth": self.date_of_birth.isoformat(),
            "postcode": self.postcode,
            "email": self.email,
            "mobile": self.mobile,
            "preferred_channel": self.preferred_channel,
        }


def person(rng: random.Random, area: str, n: int, *, today: date) -> Person:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    age_days = rng.randrange(30 * 365, 85 * 365)
    return Person(
        given_name=given,
        family_name=family,
        nhs_number=nhs_number(rng),
        date_of_birth=today - timedelta(days=age_days),
        postcode=rng.choice(postcodes()[area]),
        email=f"{given.lower()}.{family.lower()}.{n}@example.org",
        mobile=f"07700 900{rng.randrange(1000):03d}",
        preferred_channel=rng.choice(("sms", "sms", "email")),
    )


@dataclass(frozen=True)
class Practice:
    ods_code: str
    name: str
    area: str
    email: str


def practices(rng: random.Random, area: str, count: int, first: int) -> list[Practice]:
    """GP practices of an area, with made-up ODS codes of the practice shape (B + 5 digits)."""
    streets = ("Park", "Hill", "Moor", "Bridge", "Church", "Mill", "Station", "Vale")
    return [
        Practice(
            ods_code=f"B{first + i:05d}",
            name=f"{rng.choice(streets)} {rng.choice(('Surgery', 'Medical Practice'))}",
            area=area,
            email=f"practice{first + i}@nhs.example",
        )
        for i in range(count)
    ]


def venue(rng: random.Random, area: str) -> tuple[str, str]:
    """A venue name and its real postcode in the area."""
    return f"{area.title()} {rng.choice(VENUES)}", rng.choice(postcodes()[area])
