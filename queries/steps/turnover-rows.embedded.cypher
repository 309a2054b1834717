// A read of the representation-turnover post-step: the rows of the municipalities the page needs, each whole and in
// output order (the embedded store has no CALL subqueries to read one municipality at a time and stop at the
// limit).
// params: keys: municipality keys; since, until: as the query's
MATCH (p:Person)-[r:REPRESENTS]->(mu:Municipality)
WHERE mu.key IN $keys
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
