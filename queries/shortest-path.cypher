// name: shortest-path
// description: The shortest connections between two actors: every shortest path (up to 8 steps), node by node.
// param from: string -- one actor's name (case-insensitive) or key
// param to: string -- the other actor's name or key
// returns: from, to, length, path, labels, relationships
// ordered: path, labels, relationships
// sort: from, to, length, path, labels, relationships
// All shortest paths are returned (not one arbitrary one), so both stores give the same rows. path lists the
// names (titles for meetings and agenda items), labels their labels, relationships the relationship types
// along the path; paths that differ only in which of two parallel relationships they take are one row.
// Rows are sorted in Python (the embedded store cannot order by a list). The Neo4j text uses allShortestPaths, the embedded one ALL SHORTEST.
MATCH (a)
WHERE (lower(a.name) = lower($from) OR a.key = $from)
  AND (a.key STARTS WITH 'person:' OR a.key STARTS WITH 'municipality:' OR a.key STARTS WITH 'organisation:'
       OR a.key STARTS WITH 'topic:' OR a.key STARTS WITH 'place:')
MATCH (b)
WHERE (lower(b.name) = lower($to) OR b.key = $to)
  AND (b.key STARTS WITH 'person:' OR b.key STARTS WITH 'municipality:' OR b.key STARTS WITH 'organisation:'
       OR b.key STARTS WITH 'topic:' OR b.key STARTS WITH 'place:')
  AND a <> b
MATCH p = allShortestPaths((a)-[*..8]-(b))
RETURN DISTINCT a.name AS from, b.name AS to, length(p) AS length, [n IN nodes(p) | coalesce(n.name, n.title)] AS path,
       [n IN nodes(p) | CASE WHEN n.key STARTS WITH 'person:' THEN 'Person' WHEN n.key STARTS WITH 'municipality:' THEN 'Municipality'
            WHEN n.key STARTS WITH 'organisation:' THEN 'Organisation' WHEN n.key STARTS WITH 'topic:' THEN 'Topic'
            WHEN n.key STARTS WITH 'place:' THEN 'Place' WHEN n.key STARTS WITH 'meeting:' THEN 'Meeting'
            WHEN n.key STARTS WITH 'agenda:' THEN 'AgendaItem' END] AS labels,
       [r IN relationships(p) | type(r)] AS relationships
ORDER BY from, to, length
