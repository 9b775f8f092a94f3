"""Page furniture copied with an article (copyright footers, greetings, navigation) is
not a claim, even when it holds a date and a name."""

from __future__ import annotations

from pathlib import Path

from claims import extract, read_article

FIXTURE = Path(__file__).parent / "fixtures" / "verify" / "furniture_fr.txt"


def test_a_copyright_footer_is_not_a_claim_but_the_fact_is():
    claims = extract(read_article(FIXTURE), lang="fr").claims
    by_text = {c.text: c for c in claims}
    fact = next(c for t, c in by_text.items() if "bureau à Paris" in t)
    assert fact.checkworthy
    footers = [c for t, c in by_text.items() if "©" in t or "droits réservés" in t]
    assert footers and not any(c.checkworthy for c in footers)
    assert all("page furniture (footer, greeting or navigation)" in c.reasons for c in footers)


def test_a_claim_opening_on_an_unresolved_pronoun_says_it_needs_its_subject():
    text = read_article(FIXTURE.with_name("unresolved_fr.txt"))
    claims = extract(text, lang="fr").claims
    pronoun = [c for c in claims if c.text.startswith(("Il ", "Sa filiale"))]
    assert len(pronoun) == 2
    assert all(any(r.startswith("needs its subject") for r in c.reasons) for c in pronoun)
    named = next(c for c in claims if c.text.startswith("OpenAI"))
    assert not any(r.startswith("needs its subject") for r in named.reasons)
