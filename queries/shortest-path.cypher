// name: shortest-path
// description: The shortest connections between two actors: every shortest path (up to 8 steps), node by node.
// param from: string -- one actor's name (case-insensitive) or key
// param to: string -- the other actor's name or key
// returns: from, to, length, path, labels, relationships
// ordered: path, titles, labels, relationships
// sort: from, to, length, path, labels, relationships
// post: path_names
// All shortest paths are returned (not one arbitrary one), so both stores give the same rows. path lists the
// names (titles for meetings and agenda items), labels their labels, relationships the relationship types
// along the path; paths that differ only in which of two parallel relationships they take are one row.
// The Neo4j text uses allShortestPaths, the embedded one ALL SHORTEST. Both return each step's name and title
// side by side, and Python (post-step "path_names" in registry.py) takes the name, else the title, then sorts
// the rows (the embedded store cannot order by a list). The embedded text reads the lists with properties()
// because LadybugDB 0.22.0's list_transform() returns wrong values on large results, e.g. a pair joined by
// thousands of shortest paths (graph/embedded_dialect.md). Cost: both engines enumerate every shortest walk, and
// parallel relationships multiply them; on the embedded store of the generated 10,000-meeting corpus a pair took
// 0.02-1.8 s for up to 112,000 walks and 53 s for one pair with 1.6 million.
MATCH (a:Person|Municipality|Organisation|Topic|Place)
WHERE lower(a.name) = lower($from) OR a.key = $from
MATCH (b:Person|Municipality|Organisation|Topic|Place)
WHERE (lower(b.name) = lower($to) OR b.key = $to)
  AND a <> b
MATCH p = allShortestPaths((a)-[*..8]-(b))
WITH DISTINCT a, b, nodes(p) AS steps, [r IN relationships(p) | type(r)] AS relationships
RETURN DISTINCT a.name AS from, b.name AS to, size(steps) - 1 AS length, [n IN steps | n.name] AS path,
       [n IN steps | n.title] AS titles, [n IN steps | labels(n)[0]] AS labels, relationships
ORDER BY from, to, length
