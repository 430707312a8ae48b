// Offline copies (served at /sw.js by meetings/offline.py). Pages come from the network first;
// the finder's results and the meeting and group pages a person opened are kept, and shown
// without a connection with their "may be out of date" banner uncovered.
"use strict";

const VERSION = "meetings-offline-2"; // change whenever this file's logic changes
const ASSETS = ["/static/site.css", "/static/site.js", "/static/icon.svg"];
const OFFLINE_PAGE = "/offline";
const FINDER_PAGES_KEPT = 20;
// The banner in templates/base.html, hidden until a page comes from this cache.
const HIDDEN_BANNER = "data-stale hidden";
const SHOWN_BANNER = "data-stale";
const SAVED_AT = "<time data-saved></time>";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(VERSION)
      .then((cache) => cache.addAll([...ASSETS, OFFLINE_PAGE]))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name !== VERSION).map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (event.request.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(asset(event));
  }
});

function isFinder(url) {
  return url.pathname === "/" || url.pathname === "/meetings";
}

// Only public pages: never group links (/g/…), service calendars (/service/…), forms or feeds.
function isKept(url) {
  const path = url.pathname;
  if (isFinder(url)) return true;
  if (/\.(ics|json)$/.test(path)) return false;
  if (/^\/groups\/[^/]+$/.test(path)) return path !== "/groups/new";
  return /^\/meetings\/[^/]+$/.test(path);
}

function isStorable(response) {
  return response.status === 200 && !response.redirected
    && (response.headers.get("Content-Type") || "").startsWith("text/html")
    && !/no-store/i.test(response.headers.get("Cache-Control") || "");
}

async function page(event, url) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (offline) {
    const saved = await savedCopy(url);
    return saved ? markedStale(saved) : caches.match(OFFLINE_PAGE);
  }
  if (isKept(url) && isStorable(response)) {
    event.waitUntil(keep(url, response.clone()));
  }
  return response;
}

async function keep(url, response) {
  const cache = await caches.open(VERSION);
  await cache.put(url.href, response);
  const finder = await finderPages(cache);
  await Promise.all(finder.slice(0, -FINDER_PAGES_KEPT).map((request) => cache.delete(request)));
}

// The finder's results kept, oldest first (a cache lists keys in the order they were stored).
async function finderPages(cache) {
  return (await cache.keys()).filter((request) => isFinder(new URL(request.url)));
}

async function savedCopy(url) {
  const cache = await caches.open(VERSION);
  const exact = await cache.match(url.href, { ignoreVary: true });
  if (exact || !isKept(url)) return exact;
  if (isFinder(url)) {
    const last = (await finderPages(cache)).pop();
    return last && cache.match(last, { ignoreVary: true });
  }
  return cache.match(url.href, { ignoreSearch: true, ignoreVary: true }); // e.g. another ?lang=
}

// Uncover the banner, saying when the copy was made (its Date) in the page's language and zone.
async function markedStale(saved) {
  const page = await saved.text();
  const [, lang, zone] = /<html lang="([^"]*)"[^>]*data-tz="([^"]*)"/.exec(page) || [];
  const html = page.replace(HIDDEN_BANNER, SHOWN_BANNER)
    .replace(SAVED_AT, savedAt(saved.headers.get("Date"), lang, zone));
  const headers = new Headers(saved.headers);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  return new Response(html, { status: saved.status, statusText: saved.statusText, headers });
}

function savedAt(date, lang, zone) {
  const moment = new Date(date || "");
  if (isNaN(moment)) return SAVED_AT;
  const style = { dateStyle: "full", timeStyle: "short" };
  let words;
  try {
    words = moment.toLocaleString(lang.replace("_", "-"), { ...style, timeZone: zone });
  } catch (unknown) { // no language or zone on the page, or one this browser lacks
    words = moment.toLocaleString(undefined, style);
  }
  return `<time datetime="${moment.toISOString()}">${words}</time>`;
}

// Cache first, refreshed in the background; a versioned URL (?v=…) replaces its older copy.
async function asset(event) {
  const cache = await caches.open(VERSION);
  const saved = await cache.match(event.request);
  const fresh = fetch(event.request).then(async (response) => {
    if (response.ok) {
      await cache.delete(event.request, { ignoreSearch: true });
      await cache.put(event.request, response.clone());
    }
    return response;
  });
  if (saved) {
    event.waitUntil(fresh.catch(() => undefined));
    return saved;
  }
  try {
    return await fresh;
  } catch (offline) {
    return (await cache.match(event.request, { ignoreSearch: true })) || Response.error();
  }
}
