// The answer card, drawn from the `senco_assessment` custom payload (assessment-contract.md section 2).
//
// Rasa sends the answer twice over: first as text (every channel can show that), then as this payload. The widget
// shows the card in place of that text, and keeps the text, whole, in the card's "Full answer" disclosure: nothing
// is shown twice, nothing is lost, and a screen reader user has already heard the text as it arrived.

import { copyText, printOnly } from "./clipboard.js";
import { longDate } from "./dates.js";
import { el, externalLink, isHttpUrl, textWithLinks, uid } from "./dom.js";
import { renderTimeline } from "./timeline.js";

export const PAYLOAD_TYPE = "senco_assessment";

// Where the teacher stands, first in every card: the heading in words (the icon and colour only repeat it), then
// the engine's own sentence of what to do this week (payload.state_text, without its capitalised first words).
const STATES = {
  overdue: { kind: "overdue", icon: "⚠", heading: "Overdue" },
  at_risk: { kind: "overdue", icon: "⚠", heading: "At risk" },
  late: { kind: "unclear", icon: "⏰", heading: "Late to start" },
  on_track: { kind: "ok", icon: "✓", heading: "On track" },
};
const OVERDUE_ADVICE = "Talk to your head teacher now.";
const UNCLEAR_ADVICE =
  "The law may not cover this setting. Treat the deadline as required and confirm with your local authority.";
const QUALIFICATION = {
  NPQ_SENCO: "NPQ for SENCOs",
  NASENCO: "NASENCO (finish the course you started)",
  NONE: "None needed",
};

export function isAssessment(message) {
  return Boolean(message && message.custom && message.custom.type === PAYLOAD_TYPE);
}

function notice(kind, icon, heading, text) {
  // the icon, the bold heading and the thick border carry the meaning; the colour only repeats it
  return el(
    "div",
    { className: `sc-notice sc-notice-${kind}`, attrs: { role: "note" } },
    el("p", { className: "sc-notice-heading" }, el("span", { attrs: { "aria-hidden": "true" } }, `${icon} `), heading),
    el("p", {}, text),
  );
}

function stateNotice(payload) {
  const state = STATES[payload.state];
  if (!state) {
    // an answer from before states existed: the overdue flag alone still leads
    return payload.overdue === true
      ? notice("overdue", "⚠", "Overdue", `The deadline, ${longDate(payload.deadline)}, has passed. ${OVERDUE_ADVICE}`)
      : null;
  }
  const text = typeof payload.state_text === "string" ? payload.state_text.replace(/^[A-Z ]+:\s*/, "") : "";
  return el(
    "div",
    { className: `sc-notice sc-notice-${state.kind} sc-notice-state`, attrs: { role: "note" } },
    el("p", { className: "sc-notice-heading" }, el("span", { attrs: { "aria-hidden": "true" } }, `${state.icon} `), state.heading),
    text && el("p", {}, text),
  );
}

function latestStart(payload) {
  if (!payload.latest_npq_start) return null;
  // a past date is said to be past, never left looking like a date to start by
  return payload.latest_npq_start_passed === true
    ? `${longDate(payload.latest_npq_start)} (passed)`
    : longDate(payload.latest_npq_start);
}

function facts(payload) {
  const rows = [
    ["Qualification needed", QUALIFICATION[payload.qualification] || payload.qualification],
    [payload.qualification === "NASENCO" ? "Finish by" : "Deadline", payload.deadline && longDate(payload.deadline)],
    ["Latest safe start for the NPQ", latestStart(payload)],
    ["Next NPQ cohort (taken as)", payload.next_npq_cohort && longDate(payload.next_npq_cohort)],
    ["Worked out as at", payload.as_at && longDate(payload.as_at)],
  ].filter(([, value]) => value);
  const pairs = rows.flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]);
  return el("dl", { className: "sc-card-facts" }, ...pairs);
}

function section(heading, items) {
  if (!items.length) return null;
  const list = el("ul", {}, ...items.map((item) => el("li", {}, item)));
  return el("div", { className: "sc-card-section" }, el("h4", {}, heading), list);
}

function source(citation) {
  const title = String(citation.title || citation.id || "Source");
  const parts = [isHttpUrl(citation.url) ? externalLink(citation.url, title) : title];
  if (citation.provision) parts.push(`, ${citation.provision}`);
  if (citation.last_checked) parts.push(` (checked ${longDate(citation.last_checked)})`);
  return el("span", {}, ...parts);
}

// What the answer rests on, in the teacher's own words: "special academy" → a special school. Facts given by a
// button carry no words and are not listed. A misreading shows here at once, and one message corrects it.
function understood(payload) {
  const items = (payload.understood || []).filter((item) => item && item.words && item.label);
  if (!items.length) return null;
  const lines = items.map((item) => el("li", {}, `“${String(item.words)}”: ${String(item.label)}`));
  return el(
    "div",
    { className: "sc-card-section sc-card-understood" },
    el("h4", {}, "From what you told me"),
    el("ul", {}, ...lines),
    el("p", {}, "If any of that is wrong, just say so, for example “no, it's a mainstream academy”."),
  );
}

/**
 * @param {object} payload the custom payload
 * @param {string} text the answer as text that came just before it ("" if none)
 * @param {(message: string) => void} announce says something to screen reader users
 * @param {string} [server] the assistant's address, which the calendar link is relative to
 */
export function renderCard(payload, text, announce, server = window.location.origin) {
  const headingId = uid("card");
  const lead = text ? text.split("\n")[0] : "";
  const status = el("p", { className: "sc-card-status", attrs: { role: "status" } });
  const card = el("article", { className: "sc-card", attrs: { "aria-labelledby": headingId } });
  const copyButton = el("button", { className: "sc-button", attrs: { type: "button" } }, "Copy");
  const details = text
    ? el(
        "details",
        { className: "sc-card-full" },
        el("summary", {}, "Full answer"),
        el("p", { className: "sc-text" }, textWithLinks(text)),
      )
    : null;
  copyButton.addEventListener("click", async () => {
    const copied = await copyText(String(payload.plain_text || text), copyButton);
    const said = copied ? "Answer copied as text." : "Couldn't copy here: open Full answer and select the text.";
    status.textContent = said;
    if (!copied && details) details.open = true;
    announce(said);
  });
  const printButton = el("button", { className: "sc-button", attrs: { type: "button" } }, "Print");
  printButton.addEventListener("click", () => printOnly(card));
  const calendar = calendarLink(payload, server);

  const parts = [
    el("h3", { attrs: { id: headingId } }, "Your answer"),
    lead && el("p", { className: "sc-card-lead" }, lead),
    stateNotice(payload),
    payload.statutory === "unclear" && notice("unclear", "ℹ", "The law is unclear here", UNCLEAR_ADVICE),
    facts(payload),
    renderTimeline(payload, uid("timeline")),
    understood(payload),
    section("Assumptions", (payload.assumptions || []).map(String)),
    section("Sources", (payload.citations || []).filter((c) => c && typeof c === "object").map(source)),
    details,
    el("div", { className: "sc-card-actions" }, copyButton, printButton, calendar, status),
  ];
  card.append(...parts.filter(Boolean)); // parts a payload does not call for are false or null
  return card;
}

/** "Add to calendar": the answer's calendar file on the assistant's server (dates and the qualification only). */
function calendarLink(payload, server) {
  if (typeof payload.calendar_url !== "string" || !payload.calendar_url) return null;
  let href;
  try {
    href = new URL(payload.calendar_url, server);
  } catch {
    return null;
  }
  if (href.protocol !== "http:" && href.protocol !== "https:") return null;
  return el(
    "a",
    { className: "sc-button sc-calendar", attrs: { href: href.href, download: "senco-deadline.ics" } },
    "Add to calendar",
  );
}

/** One line for screen readers when a card appears. */
export function cardAnnouncement(payload) {
  const parts = [`Answer card: ${QUALIFICATION[payload.qualification] || "no qualification"} needed`];
  if (payload.deadline) parts.push(`by ${longDate(payload.deadline)}`);
  const state = STATES[payload.state];
  if (state) parts.push(`(${state.heading.toLowerCase()})`);
  else if (payload.overdue === true) parts.push("(overdue)");
  return `${parts.join(" ")}. Copy and Print buttons are in the card.`;
}
