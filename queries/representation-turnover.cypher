// name: representation-turnover
// description: Who represented each municipality at each meeting where it was listed, and who joined or left since its previous listed meeting.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// param since: date = "" -- only meetings from this date on: YYYY or YYYY-MM-DD; empty for no bound
// param until: date = "" -- only meetings up to this date: YYYY or YYYY-MM-DD; empty for no bound
// param limit: int = 500 -- at most this many rows, the first in the order below; 0 for all
// returns: municipality, date, year, meeting, present, absent, joined, left, changed
// post: turnover
// "joined" are people listed for the municipality now but not at its previous listed meeting, "left" the
// reverse; both are empty at a municipality's first listed meeting. Absent representatives count as listed.
// since and until choose the rows, not the comparison: the first row in the window is still compared with the
// municipality's previous listed meeting before it. Rows are ordered by municipality name, then meeting order;
// the limit keeps the first. Municipalities are read one at a time in name order until the limit is reached, each
// listing who was listed at each of its meetings (linear in its representations) with the names of its previous
// listed meeting; the Python post-step "turnover" (registry.py) compares the two. The order comes from the
// sorted municipalities and each one's sorted rows: an ORDER BY after the subquery made Neo4j count every
// municipality's list once per row and run out of transaction memory.
// The embedded store, which has no CALL subqueries, reads the municipalities first and then the listed meetings
// of as many as the page needs.
MATCH (mu:Municipality)
WHERE $municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality
WITH mu
ORDER BY mu.name, mu.key
CALL (mu) {
  MATCH (p:Person)-[r:REPRESENTS]->(mu)
  WITH r.meeting AS meeting_key, p.name AS name, max(r.status) AS status
  WITH meeting_key, collect(CASE WHEN status = 'present' THEN name END) AS present,
       collect(CASE WHEN status = 'absent' THEN name END) AS absent,
       collect(CASE WHEN status IS NOT NULL THEN name END) AS listed, collect(name) AS named
  MATCH (m:Meeting {key: meeting_key})
  WHERE m.sort_key < CASE WHEN $until = '' THEN '~' WHEN size($until) = 4 THEN $until + '!' ELSE left($until, 4) + ' ' + $until + '!' END
  WITH m, present, absent, listed, named
  ORDER BY m.sort_key
  WITH collect({sort_key: m.sort_key, date: m.date, year: m.year, title: m.title, present: present, absent: absent,
                listed: listed, named: named}) AS rows
  WITH rows, size([row IN rows WHERE row.sort_key < CASE WHEN $since = '' THEN '' WHEN size($since) = 4 THEN $since
                                                           ELSE left($since, 4) + ' ' + $since END]) AS first
  UNWIND range(first, CASE WHEN size(rows) < first + $limit THEN size(rows) ELSE first + $limit END - 1) AS i
  RETURN rows[i] AS row, CASE WHEN i > 0 THEN rows[i - 1].named END AS previous
}
WITH mu, row, previous
LIMIT $limit
RETURN mu.key AS key, mu.name AS municipality, row.date AS date, row.year AS year, row.title AS meeting,
       row.present AS present, row.absent AS absent, row.listed AS listed, row.named AS named, previous
