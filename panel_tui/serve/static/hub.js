// The hub's page: say plainly when the link to the hub drops, and let the person join again.
// textual.js marks the body "-closed" when the websocket closes; the message is an alert, so a
// screen reader reads it when it appears.
(function () {
  var closed = document.getElementById("closed");
  var again = document.getElementById("again");
  if (again) {
    again.addEventListener("click", function () { window.location.reload(); });
  }
  // Keys go to the app from the start, without a click first (a keyboard-only person could not click).
  window.addEventListener("load", function () {
    setTimeout(function () {
      var input = document.querySelector(".xterm-helper-textarea");
      if (input) { input.focus(); }
    }, 0);
  });
  new MutationObserver(function () {
    if (document.body.classList.contains("-closed") && closed && !closed.dataset.said) {
      closed.dataset.said = "1";
      closed.setAttribute("role", "alert");
      if (again) { again.focus(); }
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["class"] });
})();
