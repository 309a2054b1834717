// name: central-actors
// description: The most central actors (people, municipalities, organisations, places) by betweenness and degree in the actor network.
// param limit: int = 20 -- at most this many actors (0 for all)
// returns: actor, label, degree, betweenness
// ordered: to_keys, from_keys
// post: betweenness
// The actor network links actors that the notes relate directly: REPRESENTS, COLLABORATES_WITH, CO_MENTIONED,
// MEMBER_OF, PART_OF. The Cypher returns its links once each, in one row: the keys of the actors at their ends,
// each with the list of keys linked to it (fewer strings for the driver to decode than one pair per link). Each
// relationship is read once, from its start, and repeated ones (REPRESENTS is one per attendee per meeting,
// 105,000 at 10,000 meetings, for 4,700 links) are dropped in the database. Degree (distinct neighbours) and
// betweenness (normalised) are computed in Python with igraph (post-step "betweenness" in registry.py), which
// sorts by betweenness, then degree, and reads names and labels only for the actors the limit keeps (a second,
// indexed query). Betweenness is exact: an actor with one link (most people) is never between two others, so only the
// other actors are sources, each standing for its one-link neighbours too (about 700 of 3,800 actors at 10,000
// meetings). Above 1,000 such actors it is estimated from 1,000 of them sampled with a fixed seed (the same rows
// every run), since exact betweenness grows with the square of the network.
MATCH (a)-[:REPRESENTS|COLLABORATES_WITH|CO_MENTIONED|MEMBER_OF|PART_OF]->(b)
WHERE a.key <> b.key
WITH DISTINCT a.key AS from_key, b.key AS to_key
WITH to_key, collect(from_key) AS from_keys
RETURN collect(to_key) AS to_keys, collect(from_keys) AS from_keys
