// name: person-history
// description: One person's meetings over time: attended or absent, role, party, affiliation, whom they represented, their duties and what they presented.
// param name: string -- the person's name (case-insensitive) or key
// returns: person, date, year, meeting, status, role, party, affiliation, represents, chaired, minuted, adjusted, presented
MATCH (p:Person)
WHERE lower(p.name) = lower($name) OR p.key = $name
MATCH (p)-[]->(m:Meeting)
WITH DISTINCT p, m
OPTIONAL MATCH (p)-[at:ATTENDED]->(m)
OPTIONAL MATCH (p)-[ab:ABSENT_FROM]->(m)
WITH p, m, at, ab, COUNT { MATCH (p)-[:CHAIRED]->(m) } > 0 AS chaired,
     COUNT { MATCH (p)-[:MINUTED]->(m) } > 0 AS minuted, COUNT { MATCH (p)-[:ADJUSTED]->(m) } > 0 AS adjusted
OPTIONAL MATCH (p)-[rep:REPRESENTS]->(x)
WHERE rep.meeting = m.key
WITH p, m, at, ab, chaired, minuted, adjusted, collect(DISTINCT x.name) AS represents
OPTIONAL MATCH (p)-[:PRESENTED]->(item:AgendaItem)
WHERE item.meeting = m.key
WITH p, m, at, ab, chaired, minuted, adjusted, represents, collect(DISTINCT item.title) AS presented
RETURN p.name AS person, m.date AS date, m.year AS year, m.title AS meeting,
       CASE WHEN at IS NOT NULL THEN 'attended' WHEN ab IS NOT NULL THEN 'absent' ELSE 'not listed' END AS status,
       coalesce(at.role, ab.role) AS role, coalesce(at.party, ab.party) AS party,
       coalesce(at.affiliation, ab.affiliation) AS affiliation, represents, chaired, minuted, adjusted, presented
ORDER BY coalesce(m.year, 9999), coalesce(m.date, ''), m.source, p.key
