// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Tell the server the browser's time zone (a plain IANA name: the server reads it as is),
  // and show this page again in it when the server had only guessed.
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var root = document.documentElement;
  var guessed = /^(default|browser)$/.test(root.getAttribute("data-tz-source") || "");
  if (zone && root.getAttribute("data-browser-tz") !== zone && !sessionStorage.getItem("tz-tried")) {
    document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    sessionStorage.setItem("tz-tried", "1");
    if (guessed && root.getAttribute("data-tz") !== zone) {
      window.location.reload();
      return;
    }
  }

  // "Near me": the browser's location fills the near field, then the list sorts by distance.
  if (!("geolocation" in navigator)) return;
  document.querySelectorAll(".near-me").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        var near = position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4);
        var field = button.getAttribute("data-near-field");
        if (field) {
          document.getElementById(field).value = near;
          button.form.submit();
        } else {
          var target = new URL(button.getAttribute("data-near-me"), window.location.href);
          target.searchParams.set("near", near);
          target.searchParams.set("distance", "25");
          target.searchParams.set("tz", zone);
          window.location.href = target.toString();
        }
      }, function () { button.disabled = false; }, { maximumAge: 600000, timeout: 15000 });
    });
  });
})();

// Group links and forms (links.py, starting.py): copy and print buttons, the browser's time zone.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.getAttribute("data-copied") || button.textContent;
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("[data-browser-zone]").forEach(function (field) {
    var offered = field.tagName !== "SELECT" || Array.prototype.some.call(
      field.options, function (option) { return option.value === zone; });
    if (zone && offered) field.value = zone;
  });
  // "I am at the venue": the browser's location places a new meeting; never required.
  if (!("geolocation" in navigator)) return;
  document.querySelectorAll("[data-position-field]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-position-field"));
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        field.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
        button.disabled = true;
        button.textContent = button.getAttribute("data-done");
      }, function () {}, { maximumAge: 60000, timeout: 15000 });
    });
  });
})();

// Offline copies of the pages a person opened (static/sw.js, meetings/offline.py).
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" });
  });
}
