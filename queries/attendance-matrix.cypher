// name: attendance-matrix
// description: Municipality × meeting: present, absent or not listed, for every municipality and meeting with municipal attendance.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// param since: int = 0 -- only meetings of this year or later; 0 for no bound
// param until: int = 0 -- only meetings of this year or earlier; 0 for no bound
// param limit: int = 5000 -- stop at the municipality (in name order) whose rows reach this many; 0 for all
// returns: municipality, date, year, meeting, status, present, absent
// A municipality is present when one of its representatives attended, absent when it was listed only with
// absent representatives, and "not listed" otherwise. Meetings whose notes list no municipality are left out.
// The output is meetings × municipalities, so by default it stops after about 5,000 rows: each municipality has
// one row per meeting, and whole municipalities are returned, by name, until the rows reach the limit (so up to
// limit + meetings - 1 rows). Narrow it with municipality, since and until, or pass limit 0 for the whole matrix.
// Only the municipalities the limit reaches are crossed with the meetings, so the work follows the rows returned.
MATCH (mu:Municipality)
WHERE ($municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality)
  AND EXISTS { MATCH (:Person)-[:REPRESENTS]->(mu) }
WITH mu
ORDER BY mu.name, mu.key
WITH collect(mu) AS municipalities
MATCH (p:Person)-[s:REPRESENTS]->(x:Municipality)
MATCH (m:Meeting {key: s.meeting})
WHERE ($since = 0 OR coalesce(m.year, 9999) >= $since) AND ($until = 0 OR coalesce(m.year, 9999) <= $until)
WITH municipalities, m, collect({municipality: x.key, name: p.name, status: s.status}) AS entries
WITH municipalities, collect(m) AS meetings, collect(entries) AS entries
WITH meetings, entries, CASE WHEN $limit > 0 AND size(meetings) > 0
                             THEN municipalities[0..($limit + size(meetings) - 1) / size(meetings)]
                             ELSE municipalities END AS chosen
UNWIND range(0, size(meetings) - 1) AS i
WITH meetings[i] AS m, entries[i] AS listed, chosen
UNWIND chosen AS mu
WITH mu, m, [e IN listed WHERE e.municipality = mu.key] AS mine
WITH mu, m, [e IN mine WHERE e.status = 'present' | e.name] AS present,
     [e IN mine WHERE e.status = 'absent' | e.name] AS absent
RETURN mu.name AS municipality, m.date AS date, m.year AS year, m.title AS meeting,
       CASE WHEN size(present) > 0 THEN 'present' WHEN size(absent) > 0 THEN 'absent' ELSE 'not listed' END AS status,
       present, absent
ORDER BY municipality, m.sort_key
