// name: attendance-matrix
// description: Municipality × meeting: present, absent or not listed, for every municipality and meeting with municipal attendance.
// param municipality: string = "" -- only this municipality (name or key); empty for all
// returns: municipality, date, year, meeting, status, present, absent
// A municipality is present when one of its representatives attended, absent when it was listed only with
// absent representatives, and "not listed" otherwise. Meetings whose notes list no municipality are left out.
MATCH (:Person)-[r:REPRESENTS]->(:Municipality)
WITH collect(DISTINCT r.meeting) AS listed
MATCH (mu:Municipality)
WHERE ($municipality = '' OR lower(mu.name) = lower($municipality) OR mu.key = $municipality)
  AND EXISTS { MATCH (:Person)-[:REPRESENTS]->(mu) }
MATCH (m:Meeting)
WHERE m.key IN listed
OPTIONAL MATCH (p:Person)-[s:REPRESENTS]->(mu)
WHERE s.meeting = m.key
WITH mu, m, collect(CASE WHEN s.status = 'present' THEN p.name END) AS present,
     collect(CASE WHEN s.status = 'absent' THEN p.name END) AS absent
RETURN mu.name AS municipality, m.date AS date, m.year AS year, m.title AS meeting,
       CASE WHEN size(present) > 0 THEN 'present' WHEN size(absent) > 0 THEN 'absent' ELSE 'not listed' END AS status,
       present, absent
ORDER BY municipality, coalesce(m.year, 9999), coalesce(m.date, ''), m.source
