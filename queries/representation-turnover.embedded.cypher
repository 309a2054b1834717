// name: representation-turnover
// description: Who represented each municipality at each meeting where it was listed, and who joined or left since its previous listed meeting.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// param since: date = "" -- only meetings from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only meetings up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in the order below; 0 for all
// returns: municipality, date, year, meeting, present, absent, joined, left, changed
// post: turnover
// Embedded text: LadybugDB has no CALL subqueries to read one municipality at a time, so every listed meeting up
// to "until" comes back in order, flagged in_window from "since" on, and the post-step walks them, keeps the
// window and applies the limit.
MATCH (p:Person)-[r:REPRESENTS]->(mu:Municipality)
WHERE $municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality
WITH mu, r.meeting AS meeting_key, p.name AS name, max(r.status) AS status
WITH mu, meeting_key, collect(CASE WHEN status = 'present' THEN name END) AS present,
     collect(CASE WHEN status = 'absent' THEN name END) AS absent,
     collect(CASE WHEN status IS NOT NULL THEN name END) AS listed, collect(name) AS named
MATCH (m:Meeting {key: meeting_key})
WHERE m.sort_key < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
RETURN mu.key AS key, mu.name AS municipality, m.date AS date, m.year AS year, m.title AS meeting,
       present, absent, listed, named,
       m.sort_key >= CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since ELSE left($since, 4) + ' ' + $since END AS in_window
ORDER BY municipality, key, m.sort_key
