// name: representation-turnover
// description: Who represented each municipality at each meeting where it was listed, and who joined or left since its previous listed meeting.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// returns: municipality, date, year, meeting, present, absent, joined, left, changed
// "joined" are people listed for the municipality now but not at its previous listed meeting, "left" the
// reverse; both are empty at a municipality's first listed meeting. Absent representatives count as listed.
MATCH (m:Meeting), (x:Meeting)
WHERE coalesce(x.year, 9999) < coalesce(m.year, 9999)
   OR (coalesce(x.year, 9999) = coalesce(m.year, 9999)
       AND (coalesce(x.date, '') < coalesce(m.date, '')
            OR (coalesce(x.date, '') = coalesce(m.date, '') AND x.source <= m.source)))
WITH m, count(x) AS ord
MATCH (p:Person)-[r:REPRESENTS]->(mu:Municipality)
WHERE r.meeting = m.key
  AND ($municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality)
WITH mu, collect({ord: ord, key: m.key, name: p.name, status: r.status}) AS rows
UNWIND rows AS cur
UNWIND rows AS other
WITH mu, cur.ord AS ord, cur.key AS key, other
WITH mu, ord, key, max(CASE WHEN other.ord < ord THEN other.ord END) AS prev_ord, collect(other) AS others
UNWIND others AS o
WITH mu, ord, key, prev_ord, o
WHERE o.ord = ord OR o.ord = prev_ord
WITH mu, ord, key, prev_ord, o.name AS name, max(CASE WHEN o.ord = ord THEN o.status END) AS status,
     max(CASE WHEN o.ord = prev_ord THEN 1 ELSE 0 END) AS before
WITH mu, ord, key, prev_ord,
     collect(DISTINCT CASE WHEN status = 'present' THEN name END) AS present,
     collect(DISTINCT CASE WHEN status = 'absent' THEN name END) AS absent,
     collect(DISTINCT CASE WHEN status IS NOT NULL AND before = 0 AND prev_ord IS NOT NULL THEN name END) AS joined,
     collect(DISTINCT CASE WHEN status IS NULL AND before = 1 THEN name END) AS left
MATCH (m:Meeting {key: key})
RETURN mu.name AS municipality, m.date AS date, m.year AS year, m.title AS meeting, present, absent, joined, left,
       size(joined) + size(left) > 0 AS changed
ORDER BY municipality, ord
