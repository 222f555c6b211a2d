// The answer's timeline, drawn as inline SVG from the payload's `timeline` (actions/payload.py): becoming SENCO,
// the latest safe start, today, the next cohort's earliest outcome, the deadline, in date order.
//
// Drawn top to bottom, one row per date, so it reads at 320 px and in print; every point says in words what it is
// and whether it has passed, so nothing rests on colour. The SVG is hidden from screen readers, which get the same
// dates as an ordered list (shown when printing too, where the SVG may not print in colour).

import { longDate } from "./dates.js";
import { el } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";
const ROW = 30;
const KINDS = new Set(["appointed", "latest_start", "today", "cohort_outcome", "course_outcome", "deadline"]);

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text) node.textContent = text;
  return node;
}

/** The payload's points that are well formed, in their order; [] when there are none. */
export function timelinePoints(payload) {
  const points = Array.isArray(payload.timeline) ? payload.timeline : [];
  return points.filter(
    (p) =>
      p && KINDS.has(p.kind) && typeof p.label === "string" && /^\d{4}-\d{2}-\d{2}$/.test(String(p.date)),
  );
}

function said(point) {
  const when = longDate(point.date);
  return point.passed === true && point.kind !== "today" ? `${when} (passed)` : when;
}

/** The figure (SVG plus its text equivalent), or null when the payload has no timeline. */
export function renderTimeline(payload, headingId) {
  const points = timelinePoints(payload);
  if (!points.length) return null;
  const height = ROW * points.length;
  const picture = svg("svg", {
    class: "sc-timeline-svg",
    viewBox: `0 0 300 ${height}`,
    width: "100%",
    height,
    "aria-hidden": "true",
    focusable: "false",
  });
  picture.append(svg("line", { class: "sc-timeline-axis", x1: 12, y1: ROW / 2, x2: 12, y2: height - ROW / 2 }));
  points.forEach((point, index) => {
    const y = ROW * index + ROW / 2;
    const kind = `sc-timeline-point sc-timeline-${point.kind}${point.passed === true ? " sc-timeline-passed" : ""}`;
    picture.append(
      point.kind === "today"
        ? svg("rect", { class: kind, x: 5, y: y - 7, width: 14, height: 14 })
        : svg("circle", { class: kind, cx: 12, cy: y, r: 6 }),
    );
    picture.append(svg("text", { class: "sc-timeline-label", x: 28, y: y - 2 }, point.label));
    picture.append(svg("text", { class: "sc-timeline-date", x: 28, y: y + 11 }, said(point)));
  });
  const list = el(
    "ol",
    { className: "sc-timeline-list" },
    ...points.map((point) => el("li", {}, `${said(point)}: ${point.label}`)),
  );
  return el(
    "figure",
    { className: "sc-card-section sc-timeline", attrs: { "aria-labelledby": headingId } },
    el("h4", { attrs: { id: headingId } }, "Timeline"),
    picture,
    list,
  );
}
