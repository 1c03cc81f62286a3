// The platform side of LTI Platform Storage 1.0 (https://www.imsglobal.org/spec/lti-pm-s/v0p1)
// over LTI Client Side postMessages 1.0 (https://www.imsglobal.org/spec/lti-cs-pm/v0p1):
// answers lti.capabilities, lti.put_data and lti.get_data sent to this window. Data is kept
// per origin of the tool that sent it, which alone may read it back. A message reaches this
// window only if its sender named this window's origin (or "*", allowed for capabilities).
function answerPlatformStorage(frameName) {
  "use strict";
  var memory = {};
  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null;  // storage blocked: keep the data in this page only
    }
  }
  function slot(origin, key) {
    return "lti-storage:" + origin + ":" + key;
  }
  function put(origin, key, value) {
    var kept = storage();
    if (value === null) {
      delete memory[slot(origin, key)];
      if (kept) { kept.removeItem(slot(origin, key)); }
    } else {
      memory[slot(origin, key)] = value;
      if (kept) { kept.setItem(slot(origin, key), value); }
    }
  }
  function get(origin, key) {
    var kept = storage();
    var value = kept ? kept.getItem(slot(origin, key)) : null;
    return value !== null ? value : (memory[slot(origin, key)] || null);
  }
  function capabilities() {
    var frame = frameName === "_parent" ? {} : { frame: frameName };
    return [
      { subject: "lti.capabilities" },
      Object.assign({ subject: "lti.put_data" }, frame),
      Object.assign({ subject: "lti.get_data" }, frame)
    ];
  }
  function answer(data, origin) {
    var response = { subject: data.subject + ".response", message_id: data.message_id };
    if (data.subject === "lti.capabilities") {
      response.supported_messages = capabilities();
    } else if (data.subject !== "lti.put_data" && data.subject !== "lti.get_data") {
      response.error = { code: "unsupported_subject", message: "Not supported: " + data.subject };
    } else if (typeof data.key !== "string" || !data.key) {
      response.error = { code: "bad_request", message: "There is no key" };
    } else if (data.subject === "lti.put_data") {
      if (typeof data.value !== "string" && data.value !== null) {
        response.error = { code: "bad_request", message: "The value must be a string or null" };
      } else {
        put(origin, data.key, data.value);
        response.key = data.key;
        response.value = data.value;
      }
    } else {
      response.key = data.key;
      response.value = get(origin, data.key);  // null when nothing is kept, as Canvas answers
    }
    return response;
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!event.source || !data || typeof data !== "object" || typeof data.subject !== "string") {
      return;
    }
    if (/\.response$/.test(data.subject)) {
      return;  // an answer to someone else's message
    }
    event.source.postMessage(answer(data, event.origin), event.origin);
  });
}
