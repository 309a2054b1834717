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
// Embedded store: LadybugDB 0.22.0 mixes up paths when a pair has more than 512 shortest paths (possible between
// people who shared hundreds of meetings; graph/embedded_dialect.md); use Neo4j for such pairs.
MATCH (a:Person|Municipality|Organisation|Topic|Place)
WHERE lower(a.name) = lower($from) OR a.key = $from
MATCH (b:Person|Municipality|Organisation|Topic|Place)
WHERE (lower(b.name) = lower($to) OR b.key = $to)
  AND a <> b
MATCH p = allShortestPaths((a)-[*..8]-(b))
WITH DISTINCT a, b, nodes(p) AS steps, [r IN relationships(p) | type(r)] AS relationships
RETURN DISTINCT a.name AS from, b.name AS to, size(steps) - 1 AS length, [n IN steps | coalesce(n.name, n.title)] AS path,
       [n IN steps | CASE WHEN n.key STARTS WITH 'person:' THEN 'Person' WHEN n.key STARTS WITH 'municipality:' THEN 'Municipality'
            WHEN n.key STARTS WITH 'organisation:' THEN 'Organisation' WHEN n.key STARTS WITH 'topic:' THEN 'Topic'
            WHEN n.key STARTS WITH 'place:' THEN 'Place' WHEN n.key STARTS WITH 'meeting:' THEN 'Meeting'
            WHEN n.key STARTS WITH 'agenda:' THEN 'AgendaItem' END] AS labels,
       relationships
ORDER BY from, to, length
