// name: ego-network
// description: An actor's neighbourhood to depth N: every node within N steps (meetings, agenda items, people, organisations …) and its distance.
// param name: string -- the actor's name (case-insensitive) or key: person, municipality, organisation, topic or place
// param depth: int = 1 -- how many steps out (1 to 3; larger values count as 3)
// returns: actor, distance, label, name, key
// Every relationship is followed in either direction; Document nodes are left out. name is a meeting's or an
// agenda item's title. The Neo4j and embedded texts differ; both give the same rows. Here the neighbourhood grows
// ring by ring (each ring expands only the previous one), so the cost follows the size of the answer instead of
// the number of paths to depth 3.
MATCH (a:Person|Municipality|Organisation|Topic|Place)
WHERE lower(a.name) = lower($name) OR a.key = $name
CALL {
  WITH a
  UNWIND CASE WHEN $depth >= 1 THEN [a] ELSE [] END AS centre
  MATCH (centre)--(n)
  RETURN collect(DISTINCT n) AS ring1
}
CALL {
  WITH ring1
  UNWIND CASE WHEN $depth >= 2 THEN ring1 ELSE [] END AS inner
  MATCH (inner)--(n)
  RETURN collect(DISTINCT n) AS ring2
}
CALL {
  WITH ring2
  UNWIND CASE WHEN $depth >= 3 THEN ring2 ELSE [] END AS inner
  MATCH (inner)--(n)
  RETURN collect(DISTINCT n) AS ring3
}
UNWIND [n IN ring1 | {n: n, d: 1}] + [n IN ring2 | {n: n, d: 2}] + [n IN ring3 | {n: n, d: 3}] AS reached
WITH a, reached.n AS n, min(reached.d) AS distance
WHERE n <> a AND NOT n:Document
RETURN a.name AS actor, distance, CASE WHEN n.key STARTS WITH 'person:' THEN 'Person' WHEN n.key STARTS WITH 'municipality:' THEN 'Municipality'
            WHEN n.key STARTS WITH 'organisation:' THEN 'Organisation' WHEN n.key STARTS WITH 'topic:' THEN 'Topic'
            WHEN n.key STARTS WITH 'place:' THEN 'Place' WHEN n.key STARTS WITH 'meeting:' THEN 'Meeting'
            WHEN n.key STARTS WITH 'agenda:' THEN 'AgendaItem' END AS label, coalesce(n.name, n.title) AS name, n.key AS key
ORDER BY actor, distance, label, name, key
