// name: central-actors
// description: The most central actors (people, municipalities, organisations, places) by betweenness and degree in the actor network.
// param limit: int = 20 -- at most this many actors (0 for all)
// returns: actor, label, degree, betweenness
// post: betweenness
// The actor network links actors that the notes relate directly: REPRESENTS, COLLABORATES_WITH, CO_MENTIONED,
// MEMBER_OF, PART_OF. degree (distinct neighbours) comes from this Cypher; betweenness (normalised) is computed
// in Python with igraph over the neighbour lists it returns (post-step "betweenness" in registry.py), which
// then drops the helper columns, sorts by betweenness, then degree, and applies the limit. Betweenness is exact:
// an actor with one link (most people) is never between two others, so only the other actors are sources, each
// standing for its one-link neighbours too (about 700 of 3,800 actors at 10,000 meetings). Above 1,000 such
// actors it is estimated from 1,000 of them sampled with a fixed seed (the same rows every run), since exact
// betweenness grows with the square of the network.
MATCH (e:Person|Municipality|Organisation|Place)-[:REPRESENTS|COLLABORATES_WITH|CO_MENTIONED|MEMBER_OF|PART_OF]-(n)
WHERE n <> e
WITH e, collect(DISTINCT n) AS neighbours
RETURN e.key AS key, e.name AS actor, CASE WHEN e.key STARTS WITH 'person:' THEN 'Person' WHEN e.key STARTS WITH 'municipality:' THEN 'Municipality'
            WHEN e.key STARTS WITH 'organisation:' THEN 'Organisation' WHEN e.key STARTS WITH 'topic:' THEN 'Topic'
            WHEN e.key STARTS WITH 'place:' THEN 'Place' END AS label, size(neighbours) AS degree, [n IN neighbours | n.key] AS neighbours
ORDER BY degree DESC, key
