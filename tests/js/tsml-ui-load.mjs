// Load a Meeting Guide JSON feed the way TSML UI's loader does (src/helpers/load-meeting-data.ts,
// code4recovery/tsml-ui), with the same date library (luxon), and report what it kept.
//
//   node tests/js/tsml-ui-load.mjs FEED.json [PROVIDERS.json]
//
// TSML UI is not published as a package, so the rules that decide whether an entry is kept
// are restated here as its source has them: flattenDays (which splices the array it walks),
// slug present and unique, conference provider by host suffix, conference phone cleaned to
// [\d,+#] and at least 10 long, an address (formatted_address or its parts), approximate from
// the flag or from fewer than four address parts, active = online or in person, and start and
// end built with DateTime.fromObject({weekday, hour, minute}, {zone}). Prints JSON:
// {thrown, warnings, meetings: {slug: {isActive, isOnline, isInPerson, provider, start, end}}}.
import { readFileSync } from "node:fs";
import { DateTime } from "luxon";

const [feedPath, providersPath] = process.argv.slice(2);
const data = JSON.parse(readFileSync(feedPath, "utf8"));
const providers = providersPath ? JSON.parse(readFileSync(providersPath, "utf8")) : {};
const warnings = [];
const warn = (issue, meeting) => warnings.push(`${issue}: ${meeting.slug}`);
const DURATION = 60; // settings.duration

// as in the loader: the indexes it removes shift under it, so a second day list stays
function flattenDays(entries) {
  const addMeetings = [];
  const removeIndexes = [];
  entries.forEach((meeting, index) => {
    if (Array.isArray(meeting.day)) {
      removeIndexes.push(index);
      meeting.day.forEach((day) => {
        addMeetings.push({ ...meeting, day: typeof day === "string" ? parseInt(day) : day,
                           slug: `${meeting.slug}-${day}` });
      });
    }
  });
  removeIndexes.forEach((index) => entries.splice(index, 1));
  return entries
    .map(({ day, ...rest }) => ({ ...rest, day: typeof day === "string" ? parseInt(day) : day }))
    .concat(addMeetings);
}

function conferenceProvider(url) {
  const parts = url.split("/");
  if (parts.length < 2) return undefined;
  const found = Object.keys(providers).filter((domain) => parts[2].endsWith(domain));
  return found.length ? providers[found[0]] : undefined;
}

function conferencePhone(meeting) {
  if (!meeting.conference_phone) return undefined;
  const clean = meeting.conference_phone.replace(/[^\d,+#]/g, "");
  if (clean.length >= 10) return clean;
  warn(`invalid conference_phone ${meeting.conference_phone}`, meeting);
  return undefined;
}

function load(entries) {
  const meetings = {};
  for (const meeting of flattenDays(entries)) {
    const { slug } = meeting;
    if (!slug) { warn("no slug", meeting); continue; }
    if (slug in meetings) { warn("duplicate slug", meeting); continue; }
    const provider = meeting.conference_url ? conferenceProvider(meeting.conference_url) : undefined;
    if (meeting.conference_url && !provider) warn("unknown conference_url", meeting);
    const phone = conferencePhone(meeting);
    let formatted = meeting.formatted_address;
    if (!formatted) {
      formatted = [meeting.address, meeting.city, [meeting.state, meeting.postal_code].join(" ").trim(),
                   meeting.country].map((e) => e?.trim()).filter((e) => e).join(", ");
      if (!formatted) { warn("no address information", meeting); continue; }
    }
    let approximate;
    if (typeof meeting.approximate === "string") approximate = meeting.approximate.toLowerCase() === "yes";
    else if (typeof meeting.approximate === "boolean") approximate = meeting.approximate;
    else approximate = formatted.split(",").length < 4;
    const types = Array.isArray(meeting.types) ? meeting.types : [];
    const isOnline = !!provider || !!phone;
    const isInPerson = !types.includes("TC") && !approximate;
    const isActive = isOnline || isInPerson;
    let start, end;
    if (typeof meeting.day !== "undefined" && meeting.time) {
      const weekday = meeting.day === 0 ? 7 : meeting.day;
      const [hour, minute] = meeting.time.split(":").map((n) => parseInt(n));
      if (!meeting.timezone) { warn("no timezone", meeting); continue; }
      start = DateTime.fromObject({ weekday, hour, minute }, { zone: meeting.timezone });
      if (!start.isValid) { warn(`invalid start (${start.invalidExplanation})`, meeting); continue; }
      if (meeting.end_time) {
        const [endHour, endMinute] = meeting.end_time.split(":").map((n) => parseInt(n));
        end = DateTime.fromObject({ weekday, hour: endHour, minute: endMinute }, { zone: meeting.timezone });
      } else {
        end = start.plus({ minutes: DURATION });
      }
      if (!end.isValid) { warn(`invalid end (${end.invalidExplanation})`, meeting); continue; }
    }
    meetings[slug] = {
      isActive, isOnline, isInPerson, provider: provider ?? null,
      start: start ? { weekday: start.weekday % 7, time: start.toFormat("HH:mm"), zone: start.zoneName } : null,
      end: end ? end.toFormat("HH:mm") : null,
    };
  }
  return meetings;
}

let result;
try {
  result = { thrown: null, warnings, meetings: load(data) };
} catch (error) {
  result = { thrown: String(error.message), warnings, meetings: {} };
}
process.stdout.write(JSON.stringify(result));
