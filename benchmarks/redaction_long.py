"""Stop 38's, 39's, 40's, 42's, 43's, 44's and 46's timing of redaction on long messages (pure, timed): `redact` and `without_identifiers` on a
whole Slack message of 40,000 characters (the inbox redacts it before the 1,000-character question
limit applies) made of one unit repeated, for each rule stop 38 added (initials in lists, lower-case
titles and addresses, NHS numbers with odd separators, dates and years in words, ages, social-care
ids, staff by role, names in lists, Chinese, Vietnamese and double-barrelled names), each rule stop 39
added (bed lists, colleagues by department or greeting, relatives, initials, apostrophe and hyphenated
names, NHS numbers digit by digit or across lines, site-coded hospital numbers, one-word streets, dates of
birth in spaced figures, lower-case titles; in its second round, a surname before its bed, lower-case titles
that are words, "sr", "dr" for a drive), each rule stop 40 added (a lower-case colleague, "wants", a role after a
comma, a relative's owner, a given name before "d'", "is 104", a meeting's date), each rule stop 42 added (a given name
as a subject, as whom a message is for or after "can"; a lower-case title before a capitalised name; a surname before
"in" its bed or its "dob"; capitalised hyphenated names; towns and places after "in"; in its second round, accented
names, "sent chloe the", subjects listed together, "ring faith on", a surname English writes "in" its bed, "ruby-mae",
places joined by "and"), each rule stop 43 added (a lower-case name on no list after "told" and the names joined to
it, "heard from", a subject looked for at every word, a word surname before its bed after "that", "dawn-dusk"), each
rule stop 44 added (a name English never writes after a chat verb, "got funmi to", word surnames in a list of beds and
after "mr", "ivy-clad", "on Rowan", "patient jb, 83"), each rule stop 46 added (compounds, names in brackets, an age
after a name, misspelt titles, emails written out, hospital numbers in groups, ages in words, "cc:", handles, "bed 4,
Okafor", a lower-case name after a role, "dr singh", "according to") and a pasted email of every kind. Prints each case's CPU seconds (the
process's own, so that other sessions' load counts less) and the slowest; a case over 0.5 s is marked.

    OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/redaction_long.py [--length N] [--units a,b,…]
"""

from __future__ import annotations

import argparse
import time

from bot.redact import redact, without_identifiers

UNITS = {
    "lower-initials": "a. smith, ", "mr-and-mrs": "mr and mrs ", "prof": "prof. lindqvist ",
    "patient-initials": "patient JB, ", "aged-initials": "AW (78) ", "slashes": "271/412/", "spaced-dash": "1 - 2 - ",
    "underscores": "12_34_", "ordinal-words": "third of April ", "year-words": "twenty-first of march nineteen ",
    "aged": "aged 95 ", "year-old": "95 year old ", "mosaic": "Mosaic ID 1", "role": "HCA Jodie ",
    "listed": "Sian, Marcus and ", "lower-address": "14 acacia avenue ", "flat": "flat 2, 4 ",
    "address-cue": "lives at 3 ", "vietnamese": "Tran Van Hung ", "hyphenated": "olu adeyemi-johnson ",
    "chinese": "Jun Li ", "lower-pair": "hope fisher is covering ",
    # stop 39's rules
    "bed-list": "bed 3 Okafor, ", "bed-chain": "Okafor, ", "list-opens": "the list: Adebayo, ", "colleague": "Gaz from estates and ",
    "greeting": "cheers Baz & ", "are-running": "Kaz, Dom are running, ", "relative": "his daughter sophie ",
    "title-initials": "Mr R.T. ", "dotted": "J.S. and ", "apostrophe": "sister o'leary ", "hyphen-given": "sarah-jane ",
    "digit-nhs": "4 5 2 0 ", "line-nhs": "346 033\n", "site-code": "RWE 123456 ", "one-word-street": "lives at 61 kingsway, ",
    "birth-digits": "dob 05 01 1941 ", "lower-title": "mrs joan price ",
    # stop 39's second round
    "before-bed": "Pritchard (bed 4), ", "word-title": "ms fatigue mr ", "sr-title": "sr mcgrath said ",
    "drive": "lives at 14 beech dr ",
    # stop 40's rules
    "lower-colleague": "gav on the bed team ", "wants": "yemi wants ", "role-comma": "Devika, our digital lead, ",
    "owner": "april shepherd's son ", "d-given": "rosa d'mello ", "is-age": "she is 104 and ", "meeting-date": "Tuesday 9 June ",
    # stop 42's rules
    "subject": "jess said, ", "subject-place": "jess in Hebden Bridge Town Hall asked, ", "subject-role": "Ruby-May (HCA) asked ",
    "addressed": "ask jess whether ", "addressed-only": "ask ", "auxiliary": "can Hope join ", "title-capital": "mrs Fairweather ",
    "lower-bed": "mcgregor in bed 11 ", "owner-dob": "mcgregor's dob ", "hyphen-capital": "Wendy-May's ",
    "town": "Hebden Bridge ", "in-place": "in Beverley and Bridgend ",
    # stop 42's second round
    "accented": "siân was asking, ", "given-to": "sent chloe the ", "subjects": "faith, joy and ", "rung": "ring faith on 0",
    "word-bed": "carpenter in bed 9, ", "hyphen-short": "ruby-mae ", "place-list": "Stanley and Consett, ",
    "place-and": "Stanley and ", "comma-list": "Priya, ",
    # stop 43's rules
    "told-lower": "told shreya that ", "told-joined": "told priyanka and ", "heard-from": "heard from zainab that ",
    "subject-any-word": "heard from yetunde and ruby said, ", "from-words": "from a b ", "word-surname": "that steel in bed 3 ",
    "time-range": "dawn-dusk said ",
    # stop 44's rules
    "unwritten": "pinged seyi re ", "enlisted": "got funmi and ", "enlisted-to": "got funmi to chase ",
    "bed-word-list": "silver in side room 2, ", "mr-word": "mr silver ", "described": "ivy-clad ", "on-ward": "on Rowan ",
    "lower-patient-initials": "patient jb, 83, ",
    # stop 46's rules
    "compound": "staffside says ", "bracketed": "his wife (Funke) ", "bracket-open": "wife (", "age-after": "Mrs Jones, 91, ",
    "misspelt-title": "docter Williams ", "title-run": "Dcotor Sarah ", "email-written": "jo.bloggs [at] nhs dot ",
    "email-dots": "a dot b dot ", "email-at": "jo at ", "record-groups": "MRN 123 456 ", "age-words": "aged ninety four ",
    "cc-colon": "cc: kemi, ", "handle": "@sarah.jones ", "bed-comma": "bed 4, Okafor, ", "lower-role": "my PA jenny ",
    "role-commas": "the matron, claire, ", "lower-title-rare": "dr singh ", "according": "according to Femi ",
    "email": ("Hi all,\nMrs Agnes Whitfield (NHS 943 476 5919, DOB third of April 1952) of 14 acacia avenue "
              "was seen by HCA Jodie; son Tom on 07700 900123.\nThanks,\nKaren\n"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=40_000, help="characters of each message (default 40,000)")
    parser.add_argument("--units", help="only these units, comma-separated (default: all)")
    args = parser.parse_args()
    length = args.length
    units = {name: UNITS[name] for name in args.units.split(",")} if args.units else UNITS
    redact("Amal Haddad")  # the name lists load on first use, once a process
    slowest = (0.0, "")
    for name, unit in units.items():
        text = (unit * (length // len(unit) + 1))[:length]
        for fn in (redact, without_identifiers):
            start = time.process_time()
            fn(text)
            took = time.process_time() - start
            slowest = max(slowest, (took, f"{fn.__name__} {name}"))
            print(f"{fn.__name__:20} {name:16} {took:6.3f} s" + ("  OVER 0.5 s" if took > 0.5 else ""))
    print(f"slowest: {slowest[1]} {slowest[0]:.3f} s ({len(units) * 2} cases of {length:,} characters)")


if __name__ == "__main__":
    main()
