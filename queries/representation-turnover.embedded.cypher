// name: representation-turnover
// description: Who represented each municipality at each meeting where it was listed, and who joined or left since its previous listed meeting.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// param since: date = "" -- only meetings from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only meetings up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in the order below; 0 for all
// returns: municipality, date, year, meeting, present, absent, joined, left, changed
// post: turnover
// Embedded text: LadybugDB has no CALL subqueries to read one municipality at a time, so this reads only the
// municipalities, in output order, each with the number of meetings it is listed in (kept at build time); the
// post-step then reads the listed meetings of as many of them as the page needs (_TURNOVER_ROWS in registry.py:
// every meeting up to "until", flagged in_window from "since" on), walks them, keeps the window and applies the limit.
MATCH (mu:Municipality)
WHERE $municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality
RETURN mu.key AS key, mu.listed AS rows
ORDER BY mu.name, mu.key
