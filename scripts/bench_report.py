"""Writes a benchmark's report into docs/, keeping the hand-written notes below NOTES_MARK."""
import os

NOTES_MARK = "<!-- Notes below this line are written by hand and kept when the benchmark rewrites the file. -->"


def write_report(path, report):
    notes = ""
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
        if NOTES_MARK in text:
            notes = text[text.index(NOTES_MARK):]
    with open(path, "w") as f:
        f.write(report + ("\n" + notes if notes else ""))
