// Dates as the assistant writes them ("6 January 2028"), from the payload's YYYY-MM-DD strings.
// Parsed by hand, not with Date, so no time zone can move a deadline by a day.

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "2028-01-06" -> "6 January 2028"; anything else is returned unchanged. */
export function longDate(iso) {
  const match = typeof iso === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!match) return iso == null ? "" : String(iso);
  const month = MONTHS[Number(match[2]) - 1];
  return month ? `${Number(match[3])} ${month} ${match[1]}` : iso;
}
