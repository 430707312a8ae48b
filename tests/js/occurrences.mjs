// Expand every event of an iCalendar file with Mozilla's ical.js, as Thunderbird does.
//
//   node tests/js/occurrences.mjs FILE FROM TO        (FROM, TO: instants like 2026-01-01T00:00:00Z)
//
// Prints a JSON list of the occurrences that start in [FROM, TO): {uid, recurrenceId,
// start, end, status, summary}, instants in UTC ISO form. RECURRENCE-ID overrides are
// applied to the series of their own UID only. Every TZID must resolve to a VTIMEZONE of the file
// itself, so the file's own time zone definitions are what is tested.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [path, from, to] = process.argv.slice(2);
const rangeStart = Date.parse(from);
const rangeEnd = Date.parse(to);
const SLACK = 60 * 24 * 3600 * 1000; // a moved date may land up to two months away

const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
const utc = (time) => new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");

function checkZone(time, event, name) {
  const property = event.component.getFirstProperty(name);
  const tzid = property && property.getParameter("tzid");
  if (!tzid) return;
  if (!time.zone || !time.zone.component || time.zone.tzid !== tzid) {
    throw new Error(`${event.uid}: ${name} TZID ${tzid} has no VTIMEZONE in the file`);
  }
}

// Each series is built with its own overrides only: left to itself, new ICAL.Event(vevent)
// relates every RECURRENCE-ID component of the calendar to every series, whatever its UID.
const components = new Map();
for (const vevent of root.getAllSubcomponents("vevent")) {
  const uid = vevent.getFirstPropertyValue("uid");
  if (!components.has(uid)) components.set(uid, { series: [], overrides: [] });
  const own = components.get(uid);
  (vevent.hasProperty("recurrence-id") ? own.overrides : own.series).push(vevent);
}
const masters = new Map();
for (const [uid, { series, overrides }] of components) {
  if (series.length > 1) throw new Error(`two series with the UID ${uid}`);
  if (series.length === 0) throw new Error(`override of an unknown series: ${uid}`);
  const exceptions = overrides.map((vevent) => new ICAL.Event(vevent));
  for (const exception of exceptions) {
    checkZone(exception.startDate, exception, "dtstart");
    checkZone(exception.endDate, exception, "dtend");
    checkZone(exception.recurrenceId, exception, "recurrence-id");
  }
  const event = new ICAL.Event(series[0], { strictExceptions: true, exceptions });
  checkZone(event.startDate, event, "dtstart");
  checkZone(event.endDate, event, "dtend");
  masters.set(uid, event);
}

const found = [];
function add(event, details) {
  const start = details.startDate.toUnixTime() * 1000;
  if (start < rangeStart || start >= rangeEnd) return;
  found.push({
    uid: event.uid,
    recurrenceId: details.recurrenceId ? utc(details.recurrenceId) : null,
    start: utc(details.startDate),
    end: utc(details.endDate),
    status: details.item.component.getFirstPropertyValue("status"),
    summary: details.item.summary,
  });
}
for (const event of masters.values()) {
  if (!event.isRecurring()) {
    add(event, { recurrenceId: null, startDate: event.startDate, endDate: event.endDate, item: event });
    continue;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next; next = iterator.next()) {
    if (next.toUnixTime() * 1000 > rangeEnd + SLACK) break;
    add(event, event.getOccurrenceDetails(next));
  }
}
found.sort((a, b) => (a.start + a.uid).localeCompare(b.start + b.uid));
process.stdout.write(JSON.stringify(found));
