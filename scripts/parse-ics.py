#!/usr/bin/env python3
"""Parses an iCalendar file (argument or stdin) with the `icalendar` library and prints its
events as JSON, so tests can check `followup export --format ics` with a real parser."""
import datetime
import json
import sys

import icalendar

data = open(sys.argv[1], "rb").read() if len(sys.argv) > 1 else sys.stdin.buffer.read()
calendar = icalendar.Calendar.from_ical(data)


def when(value):
    value = value.dt
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


events = []
for event in calendar.walk("VEVENT"):
    alarms = [
        {"action": str(alarm["ACTION"]), "trigger": str(alarm.decoded("TRIGGER")), "description": str(alarm["DESCRIPTION"])}
        for alarm in event.walk("VALARM")
    ]
    events.append({
        "uid": str(event["UID"]),
        "summary": str(event["SUMMARY"]),
        # A cancelled event carries only what names it: no description, categories or alarm.
        "description": str(event.get("DESCRIPTION", "")),
        "categories": [str(c) for c in event["CATEGORIES"].cats] if "CATEGORIES" in event else [],
        "status": str(event.get("STATUS", "")),
        "sequence": int(event.get("SEQUENCE", 0)),
        "start": when(event["DTSTART"]),
        "end": when(event["DTEND"]),
        "allDay": not isinstance(event["DTSTART"].dt, datetime.datetime),
        "alarms": alarms,
    })
print(json.dumps({
    "version": str(calendar["VERSION"]),
    "prodid": str(calendar["PRODID"]),
    "events": events,
}, indent=2, sort_keys=True))
