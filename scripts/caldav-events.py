#!/usr/bin/env python3
"""Reads a CalDAV collection back with a plain client (urllib, ElementTree, icalendar), for the
tests: prints JSON {"status": HTTP status, "events": [{name, etag, uid, summary, description, alarms}]}.
Usage: caldav-events.py COLLECTION_URL USER PASSWORD. A calendar-query REPORT (RFC 4791 7.8)
returns every event's data in one response."""
import base64
import json
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree

import icalendar

url, user, password = sys.argv[1:4]
query = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>"""
request = urllib.request.Request(url, data=query, method="REPORT", headers={
    "Depth": "1", "Content-Type": "application/xml; charset=utf-8",
    "Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode(),
})
try:
    with urllib.request.urlopen(request) as response:
        status, body = response.status, response.read()
except urllib.error.HTTPError as error:
    print(json.dumps({"status": error.code, "events": []}))
    sys.exit(0)

ns = {"D": "DAV:", "C": "urn:ietf:params:xml:ns:caldav"}
events = []
for item in ElementTree.fromstring(body).findall("D:response", ns):
    href = item.findtext("D:href", namespaces=ns)
    data = item.findtext(".//C:calendar-data", namespaces=ns)
    if not data:
        continue
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        events.append({
            "name": href.rstrip("/").rsplit("/", 1)[-1],
            "etag": item.findtext(".//D:getetag", namespaces=ns),
            "uid": str(event["UID"]),
            "summary": str(event.get("SUMMARY", "")),
            "description": str(event.get("DESCRIPTION", "")),
            "alarms": [str(alarm["ACTION"]) for alarm in event.walk("VALARM")],
        })
print(json.dumps({"status": status, "events": sorted(events, key=lambda e: e["name"])}, indent=2))
