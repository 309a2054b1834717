// name: ego-network
// description: An actor's neighbourhood to depth N: every node within N steps (meetings, agenda items, people, organisations …) and its distance.
// param name: string -- the actor's name (case-insensitive) or key: person, municipality, organisation, topic or place
// param depth: int = 1 -- how many steps out (1 to 3; larger values count as 3)
// returns: actor, distance, label, name, key
// Every relationship is followed in either direction; Document nodes are left out. name is a meeting's or an
// agenda item's title. The Neo4j and embedded texts differ (shortest-path syntax); both give the same rows.
MATCH (a:Person|Municipality|Organisation|Topic|Place)
WHERE lower(a.name) = lower($name) OR a.key = $name
MATCH p = (a)-[* SHORTEST 1..3]-(n)
WHERE length(p) <= $depth AND n.key <> a.key AND NOT n.key STARTS WITH 'document:'
WITH a, n, min(length(p)) AS distance
RETURN a.name AS actor, distance, CASE WHEN n.key STARTS WITH 'person:' THEN 'Person' WHEN n.key STARTS WITH 'municipality:' THEN 'Municipality'
            WHEN n.key STARTS WITH 'organisation:' THEN 'Organisation' WHEN n.key STARTS WITH 'topic:' THEN 'Topic'
            WHEN n.key STARTS WITH 'place:' THEN 'Place' WHEN n.key STARTS WITH 'meeting:' THEN 'Meeting'
            WHEN n.key STARTS WITH 'agenda:' THEN 'AgendaItem' END AS label, coalesce(n.name, n.title) AS name, n.key AS key
ORDER BY actor, distance, label, name, key
