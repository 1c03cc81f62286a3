// LTI Platform Storage 1.0 over LTI Client Side postMessages 1.0 (1EdTech): where the browser
// drops the tool's cookies inside the platform's frame, the login keeps its browser secret in
// the platform's storage (lti.put_data) and the launch reads it back (lti.get_data).
// https://www.imsglobal.org/spec/lti-pm-s/v0p1, https://www.imsglobal.org/spec/lti-cs-pm/v0p1
// and the login flow of https://www.imsglobal.org/spec/lti-cs-oidc/v0p1
(function () {
  "use strict";
  var TIMEOUT_MS = 2000; // a platform that does not answer by then is not waited for
  var page = document.querySelector("[data-lti-storage]");
  if (!page) {
    return;
  }
  var origin = page.dataset.origin; // the platform's, from its OIDC auth endpoint

  // The frame that answers: `lti_storage_target` names a frame of the window that embeds
  // (or opened) the tool, or is "_parent" for that window itself.
  function storageFrame(name) {
    var host = window.opener || window.parent;
    if (!host || host === window) {
      return null;
    }
    if (name === "_parent") {
      return host;
    }
    try {
      return host.frames[name] || null;
    } catch (error) {
      return null;
    }
  }

  function messageId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "lti-tool-" + Array.prototype.map.call(bytes, function (byte) {
      return ("0" + byte.toString(16)).slice(-2);
    }).join("");
  }

  // Send `message` to the platform; `done` gets the response's data once, or null when there
  // is no frame, the platform answers an error, or it does not answer in time.
  function send(message, done) {
    var frame = storageFrame(page.dataset.target);
    var isFinished = false;
    var timer = null;
    if (!frame) {
      done(null);
      return;
    }
    function finish(data) {
      if (isFinished) {
        return;
      }
      isFinished = true;
      window.removeEventListener("message", onMessage);
      window.clearTimeout(timer);
      done(data);
    }
    function onMessage(event) {
      var data = event.data;
      // Only the platform's own origin is listened to, and only the answer to this message.
      if (event.origin !== origin || !data || typeof data !== "object") {
        return;
      }
      if (data.message_id !== message.message_id || data.subject !== message.subject + ".response") {
        return;
      }
      finish(data.error ? null : data);
    }
    message.message_id = messageId();
    window.addEventListener("message", onMessage);
    timer = window.setTimeout(function () { finish(null); }, TIMEOUT_MS);
    try {
      frame.postMessage(message, origin);
    } catch (error) {
      finish(null);
    }
  }

  if (page.dataset.ltiStorage === "put") {
    // Stored or not, the login goes on: the cookie may still reach the tool.
    send({ subject: "lti.put_data", key: page.dataset.key, value: page.dataset.value }, function () {
      window.location.replace(page.dataset.next);
    });
  } else if (page.dataset.ltiStorage === "get") {
    send({ subject: "lti.get_data", key: page.dataset.key }, function (data) {
      var form = page.querySelector("form");
      // An empty secret tells the tool the platform kept none (Canvas answers a null value):
      // the tool then refuses the launch, saying why.
      form.querySelector("[data-secret]").value = data && typeof data.value === "string" ? data.value : "";
      form.submit();
    });
  }
})();
